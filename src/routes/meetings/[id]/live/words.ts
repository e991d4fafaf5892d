/** The live meeting's values in words, as the page and its announcements say them. */

// The meeting's vocabulary is the domain's, said the same everywhere; what follows is the live page's own.
export {
	ATTENDANCE_LABELS,
	ATTENDANCE_STATUSES,
	DECLARATION_LABELS,
	DECLARATION_OUTCOMES,
	MEETING_STATUS_LABELS,
	MOTION_STATE_LABELS,
	PURPOSE_LABELS,
	type AttendanceStatus
} from '$lib/domain/meeting-words';
import { poundsToPence as penceOf } from '$lib/domain/money';

/** What the chair may do when a binding vote cannot open. */
export const ALTERNATIVE_LABELS: Record<string, string> = {
	defer: 'defer the motion',
	indicative_vote: 'hold an indicative vote (not binding)',
	amend_motion: 'amend the motion',
	vote: 'put it to a vote'
};

/** A decision's state in words: "carried, binding". */
export function outcomeInWords(state: string): string {
	const words: Record<string, string> = {
		carried_binding: 'carried, binding',
		carried_subject_to_ratification: 'carried, subject to ratification',
		recommendation: 'carried as a recommendation to the parent body',
		not_carried: 'not carried',
		indicative: 'indicative only, not binding',
		ratified: 'ratified',
		lapsed: 'lapsed',
		under_appeal: 'under appeal',
		upheld: 'upheld on appeal',
		overturned: 'overturned on appeal',
		implemented: 'implemented'
	};
	return words[state] ?? state.replaceAll('_', ' ');
}

/** The tag colour for a decision's state. */
export function outcomeColour(state: string): string {
	if (state === 'not_carried' || state === 'lapsed' || state === 'overturned') return 'nhsuk-tag--red';
	if (state === 'carried_binding' || state === 'ratified' || state === 'upheld' || state === 'implemented') return 'nhsuk-tag--green';
	if (state === 'indicative') return 'nhsuk-tag--grey';
	return 'nhsuk-tag--yellow';
}

/** Whole pence as text → "£1,250,000" or "£12.50", never through a float. */
export function formatPence(pence: string): string {
	const value = BigInt(pence);
	const pounds = (value / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	const rest = value % 100n;
	return `£${pounds}${rest === 0n ? '' : '.' + rest.toString().padStart(2, '0')}`;
}

/** A sum in pounds as typed ("2,000,000", "£1,250.50") → whole pence as text; empty is none (0); null when it is not a sum of money. */
export function poundsToPence(typed: string): string | null {
	return typed.trim() === '' ? '0' : penceOf(typed);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2016-03-31" → "31 March 2016", by hand: a Date would shift the day across time zones. */
export function formatDate(iso: string | null | undefined): string {
	if (!iso) return '';
	const [year, month, day] = iso.split('-').map(Number);
	return `${day} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

/** Seconds as "4:05" (or "1:02:03" past an hour). */
export function formatDuration(totalSeconds: number): string {
	const seconds = Math.max(0, Math.floor(totalSeconds));
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = String(seconds % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
