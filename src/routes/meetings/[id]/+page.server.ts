import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { formatLondon } from '$lib/domain/london-time';
import { decide, type Actor } from '$lib/domain/policy';
import * as attendance from '$lib/server/attendance';
import * as bodyRules from '$lib/server/body-rules';
import * as decision from '$lib/server/decision';
import { optionalUuid, parseForm } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import * as membership from '$lib/server/membership';
import { uuidParam } from '$lib/server/params';
import type { Actions, PageServerLoad } from './$types';

const NOTICES = {
	scheduled: 'The meeting has been scheduled with the standing items on its agenda.',
	apologies: 'Your apologies have been recorded.'
} as const;

async function meetingFor(locals: App.Locals, params: { id: string }) {
	const found = await meeting.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	return found;
}

/** The actor's own current memberships of the meeting's body, and the deputies they could name. */
async function apologyChoices(locals: App.Locals, actor: Actor, found: meeting.Meeting) {
	const [members, register] = await Promise.all([membership.listForBody(locals.services.sql, found.bodyId), attendance.register(locals.services.sql, found.id)]);
	const onRegister = new Set(register.map((r) => r.membershipId));
	const current = members.filter((m) => m.current && onRegister.has(m.id));
	const mine = current.filter((m) => m.userId === actor.userId && m.role !== 'observer');
	const deputies = current.filter((m) => m.role === 'deputy' && m.userId !== actor.userId);
	return { mine, deputies, register };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = await actorOf(locals);
	const found = await meetingFor(locals, params);
	const target = { bodyId: found.bodyId };
	authorise(actor, 'meeting.follow', target);
	const { sql } = locals.services;
	const readPartB = may(actor, 'meeting.read_part_b', target);
	const [rules, items, decisions, choices] = await Promise.all([
		bodyRules.current(sql, found.bodyId),
		meeting.agenda(sql, found.id),
		decision.register(sql, { meetingId: found.id }),
		apologyChoices(locals, actor, found)
	]);
	const notice = meeting.noticeStatus(found, rules?.rules.notice.papersDays);
	const issued = url.searchParams.get('issued');
	const myEntries = choices.mine.map((m) => {
		const entry = choices.register.find((r) => r.membershipId === m.id);
		const deputy = choices.register.find((r) => r.deputyFor === m.id && r.status === 'present');
		return { membershipId: m.id, role: m.role, status: entry?.status ?? null, deputyId: deputy?.membershipId ?? null, deputyName: deputy?.name ?? null };
	});
	const flash = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find((key) => url.searchParams.has(key));
	return {
		meeting: found,
		notice,
		// Confidential business is shown only to those who may read it.
		agenda: items.filter((item) => item.part === 'A' || readPartB).map((item) => ({ ...item, purposeLabel: meeting.PURPOSE_LABELS[item.purpose] })),
		hiddenPartB: readPartB ? 0 : items.filter((item) => item.part === 'B').length,
		decisions: decisions
			.filter((d) => d.part === 'A' || readPartB)
			.map((d) => ({ id: d.id, motionText: d.motionText, itemTitle: d.itemTitle, state: d.state, stateLabel: decision.STATE_LABELS[d.state] })),
		issued: issued && /^\d{1,5}$/.test(issued) ? { count: Number(issued), delivers: locals.services.mailer.delivers } : null,
		flash: flash ? NOTICES[flash] : null,
		apologies: {
			mine: myEntries,
			deputyOptions: choices.deputies.map((d) => ({ value: d.id, label: d.deputyForName ? `${d.personName} (deputy for ${d.deputyForName})` : d.personName }))
		},
		can: {
			schedule: may(actor, 'meeting.schedule', target),
			participate: may(actor, 'meeting.participate', target),
			readOutbox: may(actor, 'outbox.read')
		}
	};
};

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

export const actions: Actions = {
	issueNotice: async ({ locals, params }) => {
		const actor = await actorOf(locals);
		const found = await meetingFor(locals, params);
		authorise(actor, 'meeting.schedule', { bodyId: found.bodyId });
		const { sql, mailer, origin } = locals.services;
		const issued = await sql.begin((tx) => meeting.recordNoticeIssued(tx, found.id, actor.userId));
		if (!issued.ok) return fail(409, { which: 'issueNotice', errors: {}, values: {}, message: issued.reason });
		locals.services.meetings.changed(found.id);
		const [items, members, rules] = await Promise.all([
			meeting.agenda(sql, found.id),
			membership.listForBody(sql, found.bodyId),
			bodyRules.current(sql, found.bodyId)
		]);
		const noticeText = meeting.noticeStatus(issued.value, rules?.rules.notice.papersDays).text;
		const current = members.filter((m) => m.current);
		const recipients = [...new Map(current.map((m) => [m.userId, m])).values()];
		for (const recipient of recipients) {
			// Each member sees the agenda as the policy lets them: Part B titles only to those who may read Part B.
			const theirs: Actor = {
				userId: recipient.userId,
				isAdministrator: false,
				roles: current.filter((m) => m.userId === recipient.userId).map((m) => ({ bodyId: m.bodyId, role: m.role }))
			};
			const partB = decide(theirs, 'meeting.read_part_b', { bodyId: found.bodyId }).allowed;
			const visible = items.filter((item) => item.part === 'A' || partB);
			await mailer.send({ to: recipient.personEmail, ...noticeEmail(issued.value, visible, { name: recipient.personName }, origin, noticeText) });
		}
		redirect(303, `/meetings/${found.id}?issued=${recipients.length}`);
	},
	cancel: async ({ locals, params }) => {
		const actor = await actorOf(locals);
		const found = await meetingFor(locals, params);
		authorise(actor, 'meeting.schedule', { bodyId: found.bodyId });
		const { sql, mailer } = locals.services;
		const cancelled = await sql.begin((tx) => meeting.setStatus(tx, found.id, 'cancelled', actor.userId));
		if (!cancelled.ok) return fail(409, { which: 'cancel', errors: {}, values: {}, message: cancelled.reason });
		locals.services.meetings.changed(found.id);
		// Members who were given notice are told it is off.
		if (found.noticeIssuedAt) {
			const members = (await membership.listForBody(sql, found.bodyId)).filter((m) => m.current);
			for (const recipient of new Map(members.map((m) => [m.userId, m])).values()) {
				await mailer.send({
					to: recipient.personEmail,
					subject: `Meeting cancelled: ${found.bodyName}, ${formatLondon(found.startsAt)}`,
					text: [`Dear ${recipient.personName},`, '', `The meeting of ${found.bodyName} on ${formatLondon(found.startsAt)} ("${found.title}") has been cancelled.`, '', 'Oversight portal'].join('\n')
				});
			}
		}
		redirect(303, `/meetings/${found.id}?cancelled`);
	},
	apologies: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await meetingFor(locals, params);
		authorise(actor, 'meeting.participate', { bodyId: found.bodyId });
		const { mine, deputies } = await apologyChoices(locals, actor, found);
		const parsed = parseForm(
			z.object({
				membershipId: z.string().refine((v) => mine.some((m) => m.id === v), 'Choose which of your memberships you send apologies for'),
				deputyId: optionalUuid('Choose a deputy from the list, or no deputy').refine(
					(v) => v === null || deputies.some((d) => d.id === v),
					'Choose a deputy of this body from the list, or no deputy'
				)
			}),
			await request.formData()
		);
		if (!parsed.ok) return fail(400, { which: 'apologies', errors: parsed.errors, values: parsed.values, message: null });
		const sent = await locals.services.sql.begin((tx) =>
			attendance.sendApologies(tx, found.id, { membershipId: parsed.data.membershipId, deputyMembershipId: parsed.data.deputyId }, actor.userId)
		);
		if (!sent.ok) return fail(409, { which: 'apologies', errors: {}, values: { membershipId: parsed.data.membershipId, deputyId: parsed.data.deputyId ?? '' }, message: sent.reason });
		locals.services.meetings.changed(found.id);
		redirect(303, `/meetings/${found.id}?apologies`);
	}
};

