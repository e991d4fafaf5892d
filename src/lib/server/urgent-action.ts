import * as governance from '$lib/domain/governance';
import { londonDate, londonToInstant } from '$lib/domain/london-time';
import { decide, type Actor } from '$lib/domain/policy';
import * as agendaBacklog from './agenda-backlog';
import * as audit from './audit';
import type { Tx } from './db';
import * as decision from './decision';
import * as jobs from './jobs';
import type { Result } from './result';
import * as sitting from './sitting';

/**
 * The chair's urgent action (migrations/020): recorded with its reason and the members consulted, binding or a
 * recommendation as the engine finds the body's authority, entered in the decision register, placed on the next
 * meeting's agenda "for ratification", and lapsed by a scheduled job if not ratified within the rules' period.
 */

export const LAPSE_JOB = 'urgent_action.lapse';

export type UrgentActionStatus = 'awaiting_ratification' | 'ratified' | 'lapsed';

export interface UrgentAction {
	id: string;
	bodyId: string;
	bodyName: string;
	text: string;
	category: string;
	valuePence: string;
	procedural: boolean;
	reason: string;
	takenBy: string;
	takenByName: string;
	takenOn: string;
	takenAt: Date;
	outcome: 'carried_binding' | 'recommendation';
	ratifyBy: string;
	status: UrgentActionStatus;
	explanation: string[];
	consulted: { membershipId: string; name: string }[];
	decisionId: string | null;
}

export interface TakeInput {
	text: string;
	category: string;
	valuePence: number;
	procedural: boolean;
	noticeGivenOn: string | null;
	reason: string;
	/** Memberships of the body consulted before acting. */
	consulted: string[];
}

const select = (tx: Tx) => tx`
	select ua.id, ua.body_id, b.name as body_name, ua.text, ua.category, ua.value_pence::text as value_pence, ua.procedural, ua.reason,
		ua.taken_by, u.name as taken_by_name, ua.taken_on::text as taken_on, ua.taken_at, ua.outcome, ua.ratify_by::text as ratify_by,
		ua.status, ua.explanation,
		coalesce((select json_agg(json_build_object('membershipId', c.membership_id, 'name', cu.name) order by cu.name)
			from urgent_action_consultees c join memberships m on m.id = c.membership_id join users cu on cu.id = m.user_id
			where c.urgent_action_id = ua.id), '[]'::json) as consulted,
		(select d.id from decisions d where d.urgent_action_id = ua.id) as decision_id
	from urgent_actions ua join bodies b on b.id = ua.body_id join users u on u.id = ua.taken_by`;

export const recordPath = (bodyId: string, id: string) => `/bodies/${bodyId}/urgent-actions/${id}`;

export async function get(tx: Tx, id: string): Promise<UrgentAction | null> {
	const [row] = await tx<UrgentAction[]>`${select(tx)} where ua.id = ${id}`;
	return row ?? null;
}

export async function listForBody(tx: Tx, bodyId: string): Promise<UrgentAction[]> {
	return tx<UrgentAction[]>`${select(tx)} where ua.body_id = ${bodyId} order by ua.taken_at desc, ua.id`;
}

/**
 * The chair (or vice-chair) takes urgent action, where the rules allow it for this decision, with a reason and
 * having consulted at least the members the rules require. Refused with the rule that refuses it.
 */
export async function take(tx: Tx, actor: Actor, bodyId: string, input: TakeInput, now: Date = new Date()): Promise<Result<UrgentAction>> {
	const allowed = decide(actor, 'urgent_action.take', { bodyId });
	if (!allowed.allowed) return { ok: false, reason: allowed.reason };
	const takenOn = londonDate(now);
	const loaded = await sitting.loadBetweenMeetings(tx, bodyId, takenOn);
	if (!loaded.ok) return loaded;
	const { members } = loaded.value.sitting;
	const mine = sitting.membershipsOf(loaded.value, actor.userId);
	const acting = mine.find((id) => members.find((m) => m.id === id)?.role === 'chair') ?? mine.find((id) => members.find((m) => m.id === id)?.role === 'vice_chair') ?? mine[0];
	if (!acting) return { ok: false, reason: `Only the chair or vice-chair of ${loaded.value.body.name} may take urgent action` };
	const motion: governance.Motion = {
		text: input.text,
		category: input.category,
		valuePence: input.valuePence,
		procedural: input.procedural,
		...(input.noticeGivenOn ? { noticeGivenOn: input.noticeGivenOn } : {})
	};
	const evaluation = governance.evaluateUrgentAction({
		rules: loaded.value.sitting.rules,
		body: loaded.value.body,
		organisations: loaded.value.sitting.organisations,
		members,
		declarations: [],
		motion,
		takenBy: acting,
		takenOn,
		reason: input.reason,
		consulted: input.consulted
	});
	if (!evaluation.ok) return { ok: false, reason: evaluation.reason };

	const [row] = await tx<{ id: string }[]>`
		insert into urgent_actions (body_id, text, category, value_pence, procedural, notice_given_on, reason, taken_by, taken_on, taken_at, outcome, ratify_by, explanation)
		values (${bodyId}, ${input.text}, ${input.category}, ${input.valuePence}, ${input.procedural}, ${input.noticeGivenOn}, ${input.reason.trim()},
			${actor.userId}, ${takenOn}, ${now}, ${evaluation.state}, ${evaluation.ratifyBy}, ${evaluation.explanation})
		returning id`;
	const id = row!.id;
	for (const consulted of evaluation.consulted) {
		await tx`insert into urgent_action_consultees (urgent_action_id, membership_id) values (${id}, ${consulted.id})`;
	}
	await decision.recordBetweenMeetings(tx, {
		source: { urgentActionId: id },
		bodyId,
		text: input.text,
		state: evaluation.state,
		parentBodyId: loaded.value.parentBodyId,
		ratifyingOrganisationIds: [],
		ratifyBy: evaluation.ratifyBy,
		appealBy: null,
		figures: { footing: evaluation.state === 'carried_binding' ? 'binding' : 'recommendation', consulted: evaluation.consulted, reason: input.reason.trim(), motion },
		explanation: evaluation.explanation,
		decidedAt: now
	});
	await agendaBacklog.report(tx, { bodyId, purpose: 'ratification', title: `Chair's urgent action (for ratification): ${input.text}`, urgentActionId: id }, now);
	// It lapses at the start of the London day after the last day to ratify.
	await jobs.schedule(tx, { kind: LAPSE_JOB, key: `urgent-action:${id}:lapse`, runAt: londonToInstant(governance.addDays(evaluation.ratifyBy, 1), '00:00'), payload: { id } });
	const created = (await get(tx, id))!;
	await audit.record(tx, { actorId: actor.userId, action: 'urgent_action.take', entity: 'urgent_action', entityId: id, after: created });
	return { ok: true, value: created };
}

/**
 * Records that a meeting ratified the urgent action, on London date `on`: the chair, vice-chair or secretariat,
 * within the ratification period. The lapse job is cancelled.
 */
export async function ratify(tx: Tx, actor: Actor, id: string, on: string): Promise<Result<UrgentAction>> {
	const [found] = await tx<{ bodyId: string; status: UrgentActionStatus; ratifyBy: string }[]>`
		select body_id, status, ratify_by::text as ratify_by from urgent_actions where id = ${id} for update`;
	if (!found) return { ok: false, reason: 'No such urgent action' };
	const allowed = decide(actor, 'resolution.propose', { bodyId: found.bodyId });
	if (!allowed.allowed) return { ok: false, reason: allowed.reason };
	if (found.status !== 'awaiting_ratification') return { ok: false, reason: `This urgent action has already ${found.status === 'ratified' ? 'been ratified' : 'lapsed'}` };
	if (governance.compareDates(on, found.ratifyBy) > 0) {
		return { ok: false, reason: `The period to ratify ended on ${governance.formatDate(found.ratifyBy)}: the urgent action has lapsed` };
	}
	await tx`update urgent_actions set status = 'ratified', settled_at = now() where id = ${id}`;
	await decision.settleUrgentAction(tx, id, 'ratified', `Ratified on ${governance.formatDate(on)}`, actor.userId);
	await jobs.cancel(tx, `urgent-action:${id}:lapse`);
	const after = (await get(tx, id))!;
	await audit.record(tx, { actorId: actor.userId, action: 'urgent_action.ratify', entity: 'urgent_action', entityId: id, before: { status: found.status }, after: { status: after.status, on } });
	return { ok: true, value: after };
}

/** The lapse job: an urgent action not ratified by the end of its period lapses. Does nothing if it was settled. */
export async function lapse(tx: Tx, id: string, now: Date = new Date()): Promise<boolean> {
	const [found] = await tx<{ status: UrgentActionStatus; ratifyBy: string }[]>`
		select status, ratify_by::text as ratify_by from urgent_actions where id = ${id} for update`;
	if (!found || found.status !== 'awaiting_ratification') return false;
	// The job may run early only if the clock says so; the period is what decides.
	if (governance.compareDates(londonDate(now), found.ratifyBy) <= 0) throw new Error(`Urgent action ${id} is not due to lapse until after ${found.ratifyBy}`);
	await tx`update urgent_actions set status = 'lapsed', settled_at = now() where id = ${id}`;
	await decision.settleUrgentAction(tx, id, 'lapsed', `Not ratified within the period the rules set, by ${governance.formatDate(found.ratifyBy)}`, null);
	await audit.record(tx, { actorId: null, action: 'urgent_action.lapse', entity: 'urgent_action', entityId: id, before: { status: found.status }, after: { status: 'lapsed' } });
	return true;
}
