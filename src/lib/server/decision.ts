import type * as governance from '$lib/domain/governance';
import { londonDate, londonToInstant } from '$lib/domain/london-time';
import { PER_PAGE, pageWindow, type PageWindow } from '$lib/components/pagination';
import { mayRead, mayReadDecision, type Reader } from '$lib/domain/policy';
import { dayAfter, type DecisionFilter } from '$lib/domain/register-filter';
import * as audit from './audit';
import { announce } from './events';
import * as documentVersion from './document-version';
import type { Tx } from './db';
import * as membership from './membership';
import * as notification from './notification';
import type { Result } from './result';
import type { MotionRow } from './sitting';

export type DecisionState =
	| 'carried_binding'
	| 'carried_subject_to_ratification'
	| 'recommendation'
	| 'not_carried'
	| 'indicative'
	| 'ratified'
	| 'lapsed'
	| 'under_appeal'
	| 'upheld'
	| 'overturned'
	| 'implemented';

export const STATE_LABELS: Record<DecisionState, string> = {
	carried_binding: 'Carried: binding',
	carried_subject_to_ratification: 'Carried subject to ratification',
	recommendation: 'Recommendation to the parent body',
	not_carried: 'Not carried',
	indicative: 'Indicative vote (not binding)',
	ratified: 'Ratified: binding',
	lapsed: 'Lapsed: not ratified in time',
	under_appeal: 'Under appeal',
	upheld: 'Upheld on appeal',
	overturned: 'Overturned on appeal',
	implemented: 'Implemented'
};

export type EventKind = 'ratified' | 'lapsed' | 'appealed' | 'upheld' | 'overturned' | 'implemented';

export interface Decision {
	id: string;
	/** The motion at a meeting, or the written resolution or urgent action, the decision came from. */
	motionId: string;
	motionText: string;
	category: string;
	valuePence: string;
	bodyId: string;
	bodyName: string;
	/** The meeting and item, for a decision of a meeting; for one between meetings, the resolution's or action's page. */
	meetingId: string | null;
	meetingTitle: string;
	agendaItemId: string | null;
	itemTitle: string;
	part: 'A' | 'B';
	method: 'vote' | 'consensus' | 'written_resolution' | 'urgent_action';
	/** Where the decision was taken, as a path: the meeting, or the written resolution or urgent action. */
	takenAt: string;
	state: DecisionState;
	recommendationToBodyId: string | null;
	recommendationToName: string | null;
	ratifyingOrganisations: { id: string; name: string; ratified: boolean }[];
	ratifyBy: string | null;
	appealBy: string | null;
	figures: Record<string, unknown>;
	explanation: string[];
	decidedAt: Date;
	events: { kind: EventKind; organisationName: string | null; note: string; at: Date }[];
	/** The recommendations this decision took up, oldest first: the levels below it (issue 16). Empty for most. */
	path: PathStep[];
	/** The decisions of bodies above that took this recommendation up. */
	takenUpBy: (PathStep & { state: DecisionState })[];
}

/** One decision on a recommendation's path. */
export interface PathStep {
	id: string;
	bodyId: string;
	bodyName: string;
	decidedAt: Date;
}

/**
 * The decisions a path runs through, from the decision `start` names (an SQL expression) back along what each took
 * up, oldest first, as JSON. The one definition of a path: the register shows it, and a motion on an item that
 * considers a recommendation is judged with it. Bounded, so a cycle written by hand can never loop.
 */
function chainFrom(tx: Tx, start: ReturnType<Tx>) {
	return tx`coalesce((
		with recursive chain as (
			select e.id, e.body_id, e.decided_at, e.takes_up_decision_id, 1 as depth from decisions e where e.id = ${start}
			union all
			select e.id, e.body_id, e.decided_at, e.takes_up_decision_id, c.depth + 1
			from chain c join decisions e on e.id = c.takes_up_decision_id where c.depth < 50
		)
		select json_agg(json_build_object('id', c.id, 'bodyId', c.body_id, 'bodyName', cb.name, 'decidedAt', c.decided_at) order by c.depth desc)
		from chain c join bodies cb on cb.id = c.body_id
	), '[]'::json)`;
}

// A decision between meetings has no motion, meeting or item: its written resolution or urgent action stands in,
// and is Part A (public) business.
const select = (tx: Tx) => tx`
	select d.id, coalesce(d.motion_id, d.written_resolution_id, d.urgent_action_id) as motion_id,
		coalesce(mo.text, wr.text, ua.text) as motion_text, coalesce(mo.category, wr.category, ua.category) as category,
		coalesce(mo.value_pence, wr.value_pence, ua.value_pence)::text as value_pence, d.body_id, b.name as body_name,
		d.meeting_id, coalesce(mt.title, case when wr.id is not null then 'Written resolution' else 'Chair''s urgent action' end) as meeting_title,
		d.agenda_item_id, coalesce(a.title, wr.text, ua.text) as item_title, coalesce(a.part, 'A') as part, d.method, d.state,
		case when d.meeting_id is not null then '/meetings/' || d.meeting_id
			when wr.id is not null then '/bodies/' || d.body_id || '/resolutions/' || wr.id
			else '/bodies/' || d.body_id || '/urgent-actions/' || ua.id end as taken_at,
		d.recommendation_to_body_id, rb.name as recommendation_to_name, d.ratify_by, d.appeal_by, d.figures, d.explanation, d.decided_at,
		coalesce((select json_agg(json_build_object('id', o.id, 'name', o.name,
				'ratified', exists (select 1 from decision_events e where e.decision_id = d.id and e.kind = 'ratified' and e.organisation_id = o.id))
				order by o.name)
			from organisations o where o.id = any(d.ratifying_organisation_ids)), '[]'::json) as ratifying_organisations,
		coalesce((select json_agg(json_build_object('kind', e.kind, 'organisationName', eo.name, 'note', e.note, 'at', e.at) order by e.at)
			from decision_events e left join organisations eo on eo.id = e.organisation_id where e.decision_id = d.id), '[]'::json) as events,
		${chainFrom(tx, tx`d.takes_up_decision_id`)} as path,
		coalesce((select json_agg(json_build_object('id', t.id, 'bodyId', t.body_id, 'bodyName', tb.name, 'state', t.state, 'decidedAt', t.decided_at) order by t.decided_at, t.id)
			from decisions t join bodies tb on tb.id = t.body_id where t.takes_up_decision_id = d.id), '[]'::json) as taken_up_by
	from decisions d
	left join motions mo on mo.id = d.motion_id
	left join written_resolutions wr on wr.id = d.written_resolution_id
	left join urgent_actions ua on ua.id = d.urgent_action_id
	join bodies b on b.id = d.body_id
	left join meetings mt on mt.id = d.meeting_id
	left join agenda_items a on a.id = d.agenda_item_id
	left join bodies rb on rb.id = d.recommendation_to_body_id`;

/**
 * Puts a decision the engine reached on the register: the one place a decision is written. A recommendation goes
 * to the body's parent; a version of a document proposed by the motion is adopted when the decision carries it.
 */
export async function record(
	tx: Tx,
	reached: {
		motion: MotionRow & { meetingId: string; bodyId: string; considersDecisionId: string | null };
		outcome: governance.DecisionReached;
		context: governance.ItemContext;
		parentBodyId: string | null;
	}
): Promise<void> {
	const { motion, outcome, context } = reached;
	const ratifying = (outcome.ratifyingOrganisations ?? []).map((o) => o.id);
	const [row] = await tx<{ id: string; part: 'A' | 'B' }[]>`
		insert into decisions (motion_id, body_id, meeting_id, agenda_item_id, method, state, recommendation_to_body_id,
			ratifying_organisation_ids, ratify_by, appeal_by, figures, explanation, takes_up_decision_id)
		values (${motion.id}, ${motion.bodyId}, ${motion.meetingId}, ${motion.agendaItemId}, ${outcome.method}, ${outcome.state},
			${outcome.state === 'recommendation' ? reached.parentBodyId : null}, ${ratifying}::uuid[],
			${outcome.ratifyBy ?? null}, ${outcome.appealBy ?? null},
			${tx.json({ footing: outcome.footing, indicativeResult: outcome.indicativeResult ?? null, figures: outcome.figures, ballots: outcome.ballots, setAside: outcome.setAside, recommendationTo: outcome.recommendationTo ?? null, arbitrationApplies: outcome.arbitrationApplies ?? false, motion: context.motion } as never)},
			${outcome.explanation}, ${motion.considersDecisionId})
		returning id, (select part from agenda_items where id = ${motion.agendaItemId}) as part`;
	await documentVersion.onDecision(tx, motion.id, outcome.state);
	await notifyBody(tx, motion.bodyId, motion.text, outcome.state, row!);
}

/**
 * Tells the body's members a decision was reached. A confidential (Part B) one is named only as such: the inbox and
 * the email reach members who may not read Part B business, and the decision's page decides who reads it.
 */
async function notifyBody(tx: Tx, bodyId: string, motionText: string, state: DecisionState, decision: { id: string; part: 'A' | 'B' }): Promise<void> {
	const text = motionText.length > 200 ? `${motionText.slice(0, 199)}…` : motionText;
	const title = decision.part === 'B' ? 'A decision was reached on confidential (Part B) business' : `Decision, ${state.replaceAll('_', ' ')}: ${text}`;
	await notification.notify(tx, await notification.bodyMembers(tx, bodyId), {
		kind: 'decision_reached',
		bodyId,
		title,
		link: `/decisions/${decision.id}`,
		key: `decision:${decision.id}:reached`
	});
}

/** A decision taken between meetings, as its service command settled it with the engine. */
export interface BetweenMeetingsDecision {
	source: { writtenResolutionId: string } | { urgentActionId: string };
	bodyId: string;
	/** The motion as put, for the members' notification. */
	text: string;
	state: 'carried_binding' | 'carried_subject_to_ratification' | 'recommendation' | 'not_carried';
	/** Where a recommendation goes. */
	parentBodyId: string | null;
	ratifyingOrganisationIds: string[];
	ratifyBy: string | null;
	appealBy: string | null;
	/** As a meeting's: { footing, figures, ballots, setAside, ... } for a written resolution's count. */
	figures: Record<string, unknown>;
	explanation: string[];
	decidedAt: Date;
}

/** Puts a decision taken between meetings on the register, beside the meetings' own. Returns its id. */
export async function recordBetweenMeetings(tx: Tx, reached: BetweenMeetingsDecision): Promise<string> {
	const written = 'writtenResolutionId' in reached.source ? reached.source.writtenResolutionId : null;
	const urgent = 'urgentActionId' in reached.source ? reached.source.urgentActionId : null;
	const [row] = await tx<{ id: string }[]>`
		insert into decisions (written_resolution_id, urgent_action_id, body_id, method, state, recommendation_to_body_id,
			ratifying_organisation_ids, ratify_by, appeal_by, figures, explanation, decided_at)
		values (${written}, ${urgent}, ${reached.bodyId}, ${written ? 'written_resolution' : 'urgent_action'}, ${reached.state},
			${reached.state === 'recommendation' ? reached.parentBodyId : null}, ${reached.ratifyingOrganisationIds}::uuid[],
			${reached.ratifyBy}, ${reached.appealBy}, ${tx.json(reached.figures as never)}, ${reached.explanation}, ${reached.decidedAt})
		returning id`;
	// Business between meetings is never confidential (Part B): it is decided outside any meeting's private part.
	await notifyBody(tx, reached.bodyId, reached.text, reached.state, { id: row!.id, part: 'A' });
	return row!.id;
}

/**
 * What the next meeting made of a chair's urgent action: ratified (a binding action stays binding, now "ratified";
 * a recommendation stays one), or lapsed for want of ratification in time.
 */
export async function settleUrgentAction(tx: Tx, urgentActionId: string, kind: 'ratified' | 'lapsed', note: string, actorId: string | null): Promise<void> {
	const [found] = await tx<{ id: string; state: DecisionState }[]>`select id, state from decisions where urgent_action_id = ${urgentActionId} for update`;
	if (!found) return;
	await tx`insert into decision_events (decision_id, kind, note, recorded_by, at) values (${found.id}, ${kind}, ${note}, ${actorId}, now())`;
	const next: DecisionState = kind === 'lapsed' ? 'lapsed' : found.state === 'carried_binding' ? 'ratified' : found.state;
	if (next !== found.state) await tx`update decisions set state = ${next} where id = ${found.id}`;
	await audit.record(tx, { actorId, action: `decision.${kind}`, entity: 'decision', entityId: found.id, before: { state: found.state }, after: { state: next } });
}

/** A decision whoever reads: for the acts on it. */
async function find(tx: Tx, id: string): Promise<Decision | null> {
	const [row] = await tx<Decision[]>`${select(tx)} where d.id = ${id}`;
	return row ?? null;
}

/** A decision, if the reader may see it (policy.mayReadDecision); `withheld` says why not. Null when there is none. */
export async function get(tx: Tx, id: string, reader: Reader): Promise<{ decision: Decision } | { withheld: string } | null> {
	const row = await find(tx, id);
	if (!row) return null;
	return mayReadDecision(reader, row) ? { decision: row } : { withheld: 'This decision was taken in confidential (Part B) business, which only members of the body can read.' };
}

/**
 * Which decisions of the register: one body's, one meeting's, those decided within London dates (`from` and `to`,
 * both included), those in some states. Each left out means any.
 */
export interface RegisterFilter extends DecisionFilter {
	meetingId?: string;
}

/**
 * The decision register as the reader may see it, newest first: across bodies, or one body's, or one meeting's.
 * `withheld` counts the confidential (Part B) decisions left out, so a page can say there are some.
 */
export async function register(tx: Tx, reader: Reader, filter: RegisterFilter = {}): Promise<{ decisions: Decision[]; withheld: number }> {
	const all = await wholeRegister(tx, filter);
	const decisions = all.filter((d) => mayReadDecision(reader, d));
	return { decisions, withheld: all.length - decisions.length };
}

/** The whole register of a meeting or body, for the record kept of it (drafting its minutes). */
export async function wholeRegister(tx: Tx, filter: RegisterFilter = {}): Promise<Decision[]> {
	return tx<Decision[]>`${select(tx)} where ${matching(tx, filter)} order by d.decided_at desc, d.id`;
}

/** The decisions a filter asks for, as a condition on `decisions d`. */
function matching(tx: Tx, filter: RegisterFilter) {
	// A London date runs from its midnight to the next: the instants bound the range, so decided_at's index serves it.
	return tx`${filter.bodyId ? tx`d.body_id = ${filter.bodyId}` : tx`true`}
		and ${filter.meetingId ? tx`d.meeting_id = ${filter.meetingId}` : tx`true`}
		and ${filter.from ? tx`d.decided_at >= ${londonToInstant(filter.from, '00:00')}` : tx`true`}
		and ${filter.to ? tx`d.decided_at < ${londonToInstant(dayAfter(filter.to), '00:00')}` : tx`true`}
		and ${filter.states ? tx`d.state = any(${filter.states as string[]}::text[])` : tx`true`}`;
}

/**
 * One page of the register as the reader may see it, newest first (the order of `register`), counted and cut in
 * SQL: a register of thousands of decisions is read a page at a time. `withheld` counts the confidential (Part B)
 * decisions of the whole filter left out; a page past the last shows the last.
 */
export async function registerPage(tx: Tx, reader: Reader, filter: RegisterFilter, page: number, perPage = PER_PAGE): Promise<{ decisions: Decision[]; withheld: number; window: PageWindow }> {
	// mayReadDecision in SQL: Part A, or Part B of a body whose confidential business the policy lets the reader read
	// (their own, or the body a recommendation went to). The policy still decides it, body by body. The body is
	// tested first, so a reader of every body's business never has an agenda item looked up to count the register.
	const bodies = await tx<{ id: string }[]>`select id from bodies`;
	const partB = bodies.map((b) => b.id).filter((id) => mayRead(reader, id, 'B'));
	const readableBody = () => tx`(d.body_id = any(${partB}::uuid[]) or coalesce(d.recommendation_to_body_id = any(${partB}::uuid[]), false))`;
	const confidential = () => tx`exists (select 1 from agenda_items a where a.id = d.agenda_item_id and a.part = 'B')`;
	const [counted] = await tx<{ total: number; withheld: number }[]>`
		select count(*)::int as total, count(*) filter (where not ${readableBody()} and ${confidential()})::int as withheld
		from decisions d where ${matching(tx, filter)}`;
	const withheld = counted?.withheld ?? 0;
	const window = pageWindow((counted?.total ?? 0) - withheld, page, perPage);
	// The page's ids first, on the register's index; then the page itself by id, a statement whose plan is kept from
	// one request to the next (planning the whole read with its filter cost more than running it).
	const ids = await tx<{ id: string }[]>`
		select d.id from decisions d left join agenda_items a on a.id = d.agenda_item_id
		where ${matching(tx, filter)} and (${readableBody()} or coalesce(a.part, 'A') = 'A')
		order by d.decided_at desc, d.id limit ${window.limit} offset ${window.offset}`;
	const decisions = ids.length === 0 ? [] : await tx<Decision[]>`${select(tx)} where d.id = any(${ids.map((r) => r.id)}::uuid[]) order by d.decided_at desc, d.id`;
	return { decisions, withheld, window };
}

/** Recommendations made to a body by the bodies below it, as the reader may see them: its list of matters to decide. */
export async function mattersToDecide(tx: Tx, reader: Reader, bodyId: string): Promise<Decision[]> {
	const rows = await tx<Decision[]>`${select(tx)} where d.recommendation_to_body_id = ${bodyId} and d.state = 'recommendation' order by d.decided_at`;
	return rows.filter((d) => mayReadDecision(reader, d));
}

/**
 * The path an item's motion is judged with, when the item considers a recommendation: that decision and every one it
 * took up, oldest first, as the engine's earlier levels, each dated on its London day.
 */
export async function recommendedBy(tx: Tx, decisionId: string): Promise<governance.RecommendationStep[]> {
	const [row] = await tx<{ path: { bodyName: string; decidedAt: string }[] }[]>`select ${chainFrom(tx, tx`${decisionId}::uuid`)} as path`;
	return (row?.path ?? []).map((step) => ({ bodyName: step.bodyName, decidedOn: londonDate(new Date(step.decidedAt)), outcome: 'recommendation' as const }));
}

/** What each event does to the state, and from which states it may come. */
const TRANSITIONS: Record<EventKind, { from: DecisionState[]; to: DecisionState | null }> = {
	// A ratification by one organisation; the state moves once all have ratified.
	ratified: { from: ['carried_subject_to_ratification'], to: null },
	lapsed: { from: ['carried_subject_to_ratification'], to: 'lapsed' },
	appealed: { from: ['carried_binding', 'ratified'], to: 'under_appeal' },
	upheld: { from: ['under_appeal'], to: 'upheld' },
	overturned: { from: ['under_appeal'], to: 'overturned' },
	implemented: { from: ['carried_binding', 'ratified', 'upheld'], to: 'implemented' }
};

/**
 * Records what happened to a decision after the meeting: a ratification by an organisation, lapse, appeal and its
 * result, implementation. Ratifications and appeals count only within the periods the rules set.
 */
export async function recordEvent(
	tx: Tx,
	decisionId: string,
	input: { kind: EventKind; organisationId: string | null; note: string; on: string },
	actorId: string
): Promise<Result<Decision>> {
	const found = await find(tx, decisionId);
	if (!found) return { ok: false, reason: 'No such decision' };
	const transition = TRANSITIONS[input.kind];
	if (!transition.from.includes(found.state)) {
		return { ok: false, reason: `A decision that is "${STATE_LABELS[found.state]}" cannot be ${input.kind === 'appealed' ? 'appealed' : `marked ${input.kind}`}` };
	}
	if (input.kind === 'ratified') {
		const organisation = found.ratifyingOrganisations.find((o) => o.id === input.organisationId);
		if (!organisation) return { ok: false, reason: 'Only an organisation named in the decision ratifies it' };
		if (organisation.ratified) return { ok: false, reason: `${organisation.name} has already ratified this decision` };
		if (found.ratifyBy && input.on > found.ratifyBy) return { ok: false, reason: `The period to ratify ended on ${found.ratifyBy}: record that the decision lapsed` };
	}
	if (input.kind === 'lapsed' && found.ratifyBy && input.on <= found.ratifyBy) {
		return { ok: false, reason: `The period to ratify runs until ${found.ratifyBy}: the decision cannot lapse before then` };
	}
	if (input.kind === 'appealed') {
		if (!input.organisationId) return { ok: false, reason: 'Name the member organisation that appeals' };
		if (found.appealBy && input.on > found.appealBy) return { ok: false, reason: `The period to appeal ended on ${found.appealBy}` };
	}
	await tx`
		insert into decision_events (decision_id, kind, organisation_id, note, recorded_by, at)
		values (${decisionId}, ${input.kind}, ${input.organisationId}, ${input.note}, ${actorId}, ${`${input.on}T12:00:00Z`})`;
	let next = transition.to;
	if (input.kind === 'ratified') {
		const outstanding = found.ratifyingOrganisations.filter((o) => !o.ratified && o.id !== input.organisationId);
		next = outstanding.length === 0 ? 'ratified' : null;
	}
	if (next) await tx`update decisions set state = ${next} where id = ${decisionId}`;
	if (found.meetingId) announce(tx, { type: 'meeting.changed', meetingId: found.meetingId });
	// A proposed document version is adopted once its decision binds: at once, or when the last organisation ratifies.
	if (next === 'ratified') await documentVersion.onDecision(tx, found.motionId, 'ratified');
	const after = (await find(tx, decisionId))!;
	await audit.record(tx, { actorId, action: `decision.${input.kind}`, entity: 'decision', entityId: decisionId, before: { state: found.state }, after: { state: after.state, ...input } });
	return { ok: true, value: after };
}

/** The organisations represented on the decision's body by its current members: those that may appeal it. */
export async function memberOrganisations(tx: Tx, decisionId: string): Promise<{ id: string; name: string }[]> {
	return tx<{ id: string; name: string }[]>`
		select distinct o.id, o.name
		from decisions d
		join memberships m on m.body_id = d.body_id and ${membership.held(tx, 'm')}
		join membership_organisations mo on mo.membership_id = m.id
		join organisations o on o.id = mo.organisation_id
		where d.id = ${decisionId}
		order by o.name`;
}

/**
 * Decisions carried subject to ratification lapse when their period ends without every named organisation having
 * ratified (DOMAIN.md, "Mandates of representatives"). Run at start and periodically; returns the ids it lapsed.
 */
export async function lapseOverdue(tx: Tx, today: string): Promise<string[]> {
	const overdue = await tx<{ id: string }[]>`
		select id from decisions where state = 'carried_subject_to_ratification' and ratify_by is not null and ratify_by < ${today}
		for update skip locked`;
	for (const { id } of overdue) {
		await tx`
			insert into decision_events (decision_id, kind, note, at)
			values (${id}, 'lapsed', 'Not ratified by every named organisation within the period the rules set', now())`;
		await tx`update decisions set state = 'lapsed' where id = ${id}`;
		await audit.record(tx, { actorId: null, action: 'decision.lapsed', entity: 'decision', entityId: id, before: { state: 'carried_subject_to_ratification' }, after: { state: 'lapsed' } });
	}
	return overdue.map((d) => d.id);
}
