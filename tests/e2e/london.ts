/** London dates and times as the portal's date and time fields take them, for browser tests. */

/** Today's date in London (YYYY-MM-DD). */
export const londonToday = () => londonDateOf(new Date());

function londonDateOf(at: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The London date and time (to the minute) `ms` from now, as the closing-time fields take them. */
export function londonInAWhile(ms: number): { date: string; time: string } {
	const at = new Date(Date.now() + ms);
	const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
	return { date: londonDateOf(at), time };
}
