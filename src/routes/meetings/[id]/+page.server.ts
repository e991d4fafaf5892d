import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actor } from '$lib/domain/policy';
import * as attendance from '$lib/server/attendance';
import * as bodyRules from '$lib/server/body-rules';
import * as decision from '$lib/server/decision';
import { optionalUuid, parseForm } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import * as membership from '$lib/server/membership';
import * as notice from '$lib/server/notice';
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
	const [rules, agenda, decisions, choices] = await Promise.all([
		bodyRules.current(sql, found.bodyId),
		meeting.agenda(sql, found.id, actor),
		decision.register(sql, actor, { meetingId: found.id }),
		apologyChoices(locals, actor, found)
	]);
	const notice = meeting.noticeStatus(found, rules?.rules.notice.papersDays, rules?.rules.notice);
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
		// Confidential business is shown only to those who may read it: the services leave it out.
		agenda: agenda.items.map((item) => ({ ...item, purposeLabel: meeting.PURPOSE_LABELS[item.purpose] })),
		hiddenPartB: agenda.withheld,
		decisions: decisions.decisions.map((d) => ({ id: d.id, motionText: d.motionText, itemTitle: d.itemTitle, state: d.state, stateLabel: decision.STATE_LABELS[d.state] })),
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

export const actions: Actions = {
	issueNotice: async ({ locals, params }) => {
		const actor = await actorOf(locals);
		const found = await meetingFor(locals, params);
		authorise(actor, 'meeting.schedule', { bodyId: found.bodyId });
		const issued = await notice.issueNotice(locals.services, found.id, actor);
		if (!issued.ok) return fail(409, { which: 'issueNotice', errors: {}, values: {}, message: issued.reason });
		redirect(303, `/meetings/${found.id}?issued=${issued.value.recipients}`);
	},
	cancel: async ({ locals, params }) => {
		const actor = await actorOf(locals);
		const found = await meetingFor(locals, params);
		authorise(actor, 'meeting.schedule', { bodyId: found.bodyId });
		const cancelled = await notice.cancelMeeting(locals.services, found, actor);
		if (!cancelled.ok) return fail(409, { which: 'cancel', errors: {}, values: {}, message: cancelled.reason });
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
		const sent = await locals.services.transaction((tx) =>
			attendance.sendApologies(tx, found.id, { membershipId: parsed.data.membershipId, deputyMembershipId: parsed.data.deputyId }, actor.userId)
		);
		if (!sent.ok) return fail(409, { which: 'apologies', errors: {}, values: { membershipId: parsed.data.membershipId, deputyId: parsed.data.deputyId ?? '' }, message: sent.reason });
		redirect(303, `/meetings/${found.id}?apologies`);
	}
};

