import { formatLondon } from '$lib/domain/london-time';
import type { Actor } from '$lib/domain/policy';
import * as bodyRules from './body-rules';
import * as meeting from './meeting';
import * as membership from './membership';
import type { Result } from './result';
import type { Services } from './services';

/** The notice email: date, place or link, the numbered agenda as this member may see it, and the meeting's address. */
function noticeEmail(found: meeting.Meeting, items: meeting.AgendaItem[], recipient: { name: string }, origin: string, noticeText: string): { subject: string; text: string } {
	const end = formatLondon(found.endsAt).split(', ').pop();
	const lines = [
		`Dear ${recipient.name},`,
		'',
		`This is notice of the meeting of ${found.bodyName}: ${found.title}.`,
		'',
		`When: ${formatLondon(found.startsAt)} to ${end} (UK time)`,
		...(found.place ? [`Where: ${found.place}`] : []),
		...(found.videoLink ? [`Join online: ${found.videoLink}`] : []),
		'',
		'Agenda',
		...items.map((item) => {
			const details = [meeting.PURPOSE_LABELS[item.purpose], item.presenter ? `presented by ${item.presenter}` : '', `${item.minutesAllotted} minutes`, item.part === 'B' ? 'Part B: confidential' : '']
				.filter(Boolean)
				.join('; ');
			const papers = item.papers.length > 0 ? ` Papers: ${item.papers.map((p) => p.filename).join(', ')}.` : '';
			return `${'  '.repeat(item.parentId ? 1 : 0)}${item.number}. ${item.title} (${details}).${papers}`;
		}),
		'',
		'The agenda and papers are on the meeting page, where you can also send apologies and name a deputy:',
		`${origin}/meetings/${found.id}`,
		'',
		`${noticeText}.`,
		'',
		'Oversight portal'
	];
	return { subject: `Notice of meeting: ${found.bodyName}, ${formatLondon(found.startsAt)}`, text: lines.join('\n') };
}

/** Each person currently on the body once, with the actor the policy sees for them. */
async function recipients(services: Pick<Services, 'sql'>, bodyId: string) {
	const current = (await membership.listForBody(services.sql, bodyId)).filter((m) => m.current);
	const people = [...new Map(current.map((m) => [m.userId, m])).values()];
	return Promise.all(
		people.map(async (person) => ({ person, actor: await membership.actorFor(services.sql, { id: person.userId, isAdministrator: false }) }))
	);
}

/**
 * Issues notice and papers of a meeting: records when (which the notice rules count from) and emails each current member of the body the agenda as they may read it (Part B only to those who may).
 * The mail is queued in the outbox in order, so a failure of delivery loses nothing.
 */
export async function issueNotice(services: Pick<Services, 'sql' | 'transaction' | 'mailer' | 'origin'>, meetingId: string, actor: Actor): Promise<Result<{ recipients: number }>> {
	const issued = await services.transaction((tx) => meeting.recordNoticeIssued(tx, meetingId, actor.userId));
	if (!issued.ok) return issued;
	const found = issued.value;
	const rules = await bodyRules.current(services.sql, found.bodyId);
	const noticeText = meeting.noticeStatus(found, rules?.rules.notice.papersDays, rules?.rules.notice).text;
	const people = await recipients(services, found.bodyId);
	for (const { person, actor: theirs } of people) {
		const { items } = await meeting.agenda(services.sql, found.id, theirs);
		await services.mailer.send({ to: person.personEmail, ...noticeEmail(found, items, { name: person.personName }, services.origin, noticeText) });
	}
	return { ok: true, value: { recipients: people.length } };
}

/** Cancels a meeting and tells the members who were given notice that it is off. */
export async function cancelMeeting(services: Pick<Services, 'sql' | 'transaction' | 'mailer'>, found: meeting.Meeting, actor: Actor): Promise<Result<meeting.Meeting>> {
	const cancelled = await services.transaction((tx) => meeting.setStatus(tx, found.id, 'cancelled', actor.userId));
	if (!cancelled.ok) return cancelled;
	if (found.noticeIssuedAt) {
		for (const { person } of await recipients(services, found.bodyId)) {
			await services.mailer.send({
				to: person.personEmail,
				subject: `Meeting cancelled: ${found.bodyName}, ${formatLondon(found.startsAt)}`,
				text: [`Dear ${person.personName},`, '', `The meeting of ${found.bodyName} on ${formatLondon(found.startsAt)} ("${found.title}") has been cancelled.`, '', 'Oversight portal'].join('\n')
			});
		}
	}
	return cancelled;
}
