import { formatLondon } from '$lib/domain/london-time';
import type { Actor } from '$lib/domain/policy';
import * as bodyRules from './body-rules';
import type { Tx } from './db';
import * as mail from './mail';
import * as meeting from './meeting';
import * as membership from './membership';
import * as notificationEmail from './notification-email';
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
async function recipients(tx: Tx, bodyId: string) {
	const current = (await membership.listForBody(tx, bodyId)).filter((m) => m.current);
	const people = [...new Map(current.map((m) => [m.userId, m])).values()];
	return Promise.all(people.map(async (person) => ({ person, actor: await membership.actorFor(tx, { id: person.userId, isAdministrator: false }) })));
}

/**
 * Issues notice and papers of a meeting: records when (which the notice rules count from), tells each member in
 * their inbox that the papers are issued, and emails each current member of the body the agenda as they may read it
 * (Part B only to those who may). The notices are written into the outbox in the same transaction, and each pays
 * its person's notification of the papers (notification-email.paidBy): they hear of the papers by email once, in
 * the notice, not again at once or in the next digest. The outbox is sent once the transaction commits, so a
 * failure of delivery loses nothing, and no notice is recorded as issued that was not written.
 */
export async function issueNotice(services: Pick<Services, 'sql' | 'transaction' | 'mailer' | 'origin'>, meetingId: string, actor: Actor): Promise<Result<{ recipients: number }>> {
	const issued = await services.transaction(async (tx): Promise<Result<{ recipients: number }>> => {
		const recorded = await meeting.recordNoticeIssued(tx, meetingId, actor.userId);
		if (!recorded.ok) return recorded;
		const found = recorded.value;
		const rules = await bodyRules.current(tx, found.bodyId);
		const noticeText = meeting.noticeStatus(found, rules?.rules.notice.papersDays, rules?.rules.notice).text;
		const key = meeting.papersIssuedKey(found.id, found.noticeIssuedAt!);
		const people = await recipients(tx, found.bodyId);
		for (const { person, actor: theirs } of people) {
			const { items } = await meeting.agenda(tx, found.id, theirs);
			const outboxId = await mail.enqueue(tx, { to: person.personEmail, ...noticeEmail(found, items, { name: person.personName }, services.origin, noticeText) });
			await notificationEmail.paidBy(tx, { userId: person.userId, key }, outboxId);
		}
		return { ok: true, value: { recipients: people.length } };
	});
	if (issued.ok) await services.mailer.deliverPending();
	return issued;
}

/** Cancels a meeting and tells the members who were given notice that it is off. */
export async function cancelMeeting(services: Pick<Services, 'sql' | 'transaction' | 'mailer'>, found: meeting.Meeting, actor: Actor): Promise<Result<meeting.Meeting>> {
	const cancelled = await services.transaction((tx) => meeting.setStatus(tx, found.id, 'cancelled', actor.userId));
	if (!cancelled.ok) return cancelled;
	if (found.noticeIssuedAt) {
		for (const { person } of await recipients(services.sql, found.bodyId)) {
			await services.mailer.send({
				to: person.personEmail,
				subject: `Meeting cancelled: ${found.bodyName}, ${formatLondon(found.startsAt)}`,
				text: [`Dear ${person.personName},`, '', `The meeting of ${found.bodyName} on ${formatLondon(found.startsAt)} ("${found.title}") has been cancelled.`, '', 'Oversight portal'].join('\n')
			});
		}
	}
	return cancelled;
}
