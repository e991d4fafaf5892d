import * as governance from '$lib/domain/governance';
import { londonDate } from '$lib/domain/london-time';
import type { MotionFields } from '$lib/live/state';
import { parseStoredRules } from './body-rules';
import type { Tx } from './db';
import * as decision from './decision';
import * as meeting from './meeting';
import * as membership from './membership';
import type { Result } from './result';

export interface MotionRow extends MotionFields {
	proposer: string | null;
	seconder: string | null;
	noticeGivenOn: string | null;
	castingVote: 'for' | 'against' | null;
	openedAt: Date | null;
	closedAt: Date | null;
	createdAt: Date;
}

/**
 * What the rules engine needs to judge the items of a meeting, gathered in one statement: the rules the meeting
 * sits under, the body's members on the meeting's day (with the person each membership belongs to), who is here,
 * the declarations on the item, the body with its delegations, and the members' mandates. Pure gathering: every
 * judgement is the engine's.
 */
export interface LoadedSitting {
	bodyId: string;
	/** The body a recommendation goes to. */
	parentBodyId: string | null;
	meetingDate: string;
	sitting: governance.Sitting & { meetingDate: string };
	body: governance.Body;
	mandates: governance.Mandate[];
	/** Each sitting member's person, to find which memberships are someone's. */
	userOf: Map<string, string>;
	/** When notice and papers went out, as the notice rules read it. */
	papersIssuedOn: string | null;
}

interface SittingRow {
	rules: { id: string; rules: unknown } | null;
	members: { id: string; userId: string; name: string; role: governance.MemberRole; deputyFor: string | null; clinician: boolean; represents: string[] }[];
	organisations: { id: string; name: string; kind: governance.OrganisationKind; weight: string | null }[];
	attendance: { memberId: string; status: governance.AttendanceStatus; deputyFor: string | null; departed: boolean }[];
	declarations: { memberId: string; outcome: governance.DeclarationOutcome; interest: string }[];
	body: { id: string; name: string; parentId: string | null; parentName: string | null };
	delegations: { categories: string[]; financialLimitPence: number; validFrom: string; validTo: string | null }[];
	mandates: { memberId: string; organisationId: string; categories: string[]; financialLimitPence: number; expiresOn: string }[];
}

/** The columns of one statement that read a sitting; `item` is the agenda item whose declarations count, in SQL. */
function sittingColumns(tx: Tx, found: Pick<meeting.Meeting, 'bodyId'> & { id: string | null }, item: ReturnType<Tx>, meetingDate: string) {
	const held = membership.held(tx, 'm', tx`${meetingDate}::date`);
	// A meeting under way keeps the rules it started under; adopted changes govern the meetings that follow.
	// Compared in the database: timestamps there carry microseconds that a JS Date would round away.
	return tx`
		coalesce(
			(select json_build_object('id', r.id, 'rules', r.rules) from body_rules r join meetings mt on mt.body_id = r.body_id
				where mt.id = ${found.id} and mt.started_at is not null and r.created_at <= mt.started_at
				order by r.created_at desc, r.id desc limit 1),
			(select json_build_object('id', r.id, 'rules', r.rules) from body_rules r where r.body_id = ${found.bodyId}
				order by r.created_at desc, r.id desc limit 1)
		) as rules,
		coalesce((
			select json_agg(json_build_object('id', m.id, 'userId', m.user_id, 'name', u.name, 'role', m.role, 'deputyFor', m.deputy_for,
				'clinician', m.clinician,
				'represents', coalesce((select json_agg(mo.organisation_id::text order by mo.organisation_id::text)
					from membership_organisations mo where mo.membership_id = m.id), '[]'::json)) order by m.created_at, m.id)
			from memberships m join users u on u.id = m.user_id
			where m.body_id = ${found.bodyId} and ${held}
		), '[]'::json) as members,
		coalesce((
			select json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind, 'weight', w.weight::text) order by o.created_at, o.id)
			from organisations o left join organisation_weights w on w.organisation_id = o.id and w.body_id = ${found.bodyId}
			where o.id in (
				select mo.organisation_id from membership_organisations mo join memberships m on m.id = mo.membership_id
				where m.body_id = ${found.bodyId}
			)
		), '[]'::json) as organisations,
		coalesce((
			select json_agg(json_build_object('memberId', a.membership_id, 'status', a.status, 'deputyFor', a.deputy_for, 'departed', a.departed))
			from attendance a where a.meeting_id = ${found.id}
		), '[]'::json) as attendance,
		coalesce((
			select json_agg(json_build_object('memberId', d.membership_id, 'outcome', d.outcome, 'interest', d.interest) order by d.created_at, d.id)
			from declarations d where d.agenda_item_id = ${item}
		), '[]'::json) as declarations,
		(select json_build_object('id', b.id, 'name', b.name, 'parentId', b.parent_id, 'parentName', p.name)
			from bodies b left join bodies p on p.id = b.parent_id where b.id = ${found.bodyId}) as body,
		coalesce((
			select json_agg(json_build_object('categories', d.categories, 'financialLimitPence', d.financial_limit_pence,
				'validFrom', d.valid_from, 'validTo', d.valid_to) order by d.valid_from desc, d.id)
			from delegations d where d.body_id = ${found.bodyId} and d.ended_on is null
		), '[]'::json) as delegations,
		coalesce((
			select json_agg(json_build_object('memberId', md.membership_id, 'organisationId', md.organisation_id, 'categories', md.categories,
				'financialLimitPence', md.financial_limit_pence, 'expiresOn', md.expires_on) order by md.created_at, md.id)
			from mandates md join memberships m on m.id = md.membership_id
			where md.ended_on is null and m.body_id = ${found.bodyId} and ${held}
		), '[]'::json) as mandates`;
}

function toSitting(found: Pick<meeting.Meeting, 'bodyId' | 'bodyName' | 'noticeIssuedAt'>, meetingDate: string, row: SittingRow): Result<LoadedSitting> {
	if (!row.rules) {
		return { ok: false, reason: `${found.bodyName} has no rules of procedure recorded yet: the secretariat records them (quorum, voting, notice) on the body's rules page` };
	}
	const memberIds = new Set(row.members.map((m) => m.id));
	const parentBodyName = row.body.parentName ?? 'its parent body';
	return {
		ok: true,
		value: {
			bodyId: found.bodyId,
			parentBodyId: row.body.parentId,
			meetingDate,
			sitting: {
				meetingDate,
				rules: parseStoredRules(row.rules, found.bodyId),
				members: row.members.map((m) => ({
					id: m.id,
					name: m.name,
					role: m.role,
					represents: m.represents,
					...(m.deputyFor ? { deputyFor: m.deputyFor } : {}),
					...(m.clinician ? { clinician: true } : {})
				})),
				organisations: row.organisations.map((o) => ({ id: o.id, name: o.name, kind: o.kind, ...(o.weight !== null ? { weight: o.weight } : {}) })),
				attendance: row.attendance
					.filter((a) => memberIds.has(a.memberId))
					.map((a) => ({ memberId: a.memberId, status: a.status, ...(a.deputyFor ? { deputyFor: a.deputyFor } : {}), ...(a.departed ? { departed: true } : {}) })),
				declarations: row.declarations.map((d) => ({ memberId: d.memberId, outcome: d.outcome, interest: d.interest }))
			},
			body: {
				id: row.body.id,
				name: row.body.name,
				parentBodyName,
				delegations: row.delegations.map((d) => ({
					categories: d.categories,
					financialLimitPence: Number(d.financialLimitPence),
					validFrom: d.validFrom,
					...(d.validTo ? { validTo: d.validTo } : {}),
					from: parentBodyName
				}))
			},
			mandates: row.mandates.map((m) => ({ ...m, financialLimitPence: Number(m.financialLimitPence) })),
			userOf: new Map(row.members.map((m) => [m.id, m.userId])),
			papersIssuedOn: found.noticeIssuedAt ? londonDate(found.noticeIssuedAt) : null
		}
	};
}

/**
 * The sitting of a meeting for an item (or for the meeting as a whole, with no item), in one statement. Pass the
 * meeting row the act already holds (locked, for an act), so it is read once.
 */
export async function loadSitting(tx: Tx, found: meeting.Meeting, itemId: string | null): Promise<Result<LoadedSitting>> {
	const meetingDate = londonDate(found.startsAt);
	const [row] = await tx<SittingRow[]>`select ${sittingColumns(tx, found, tx`${itemId}::uuid`, meetingDate)}`;
	return toSitting(found, meetingDate, row!);
}

/**
 * A body as the engine judges it between meetings (a written resolution, an urgent action): its latest rules, its
 * members on `onDate` (London), its delegations and mandates, with nobody in a room and no declarations.
 */
export async function loadBetweenMeetings(tx: Tx, bodyId: string, onDate: string): Promise<Result<LoadedSitting>> {
	const [body] = await tx<{ name: string }[]>`select name from bodies where id = ${bodyId}`;
	if (!body) return { ok: false, reason: 'No such body' };
	const [row] = await tx<SittingRow[]>`select ${sittingColumns(tx, { id: null, bodyId }, tx`${null}::uuid`, onDate)}`;
	return toSitting({ bodyId, bodyName: body.name, noticeIssuedAt: null }, onDate, row!);
}

/** A motion of the meeting with its number on its item ("motion 2"), the sitting for its item, and the engine's view of it. */
export interface LoadedMotion {
	/** `part`: the item's, A (public) or B (confidential). */
	/** `considersDecisionId`: the recommendation the item considers, whose path the motion is judged with. */
	motion: MotionRow & { meetingId: string; bodyId: string; number: number; part: 'A' | 'B'; considersDecisionId: string | null };
	loaded: LoadedSitting;
	context: governance.ItemContext;
}

/**
 * A motion of this meeting and everything the engine needs to judge it, in one statement. Refused when the motion
 * is not in the meeting. Read after the meeting's lock is taken, so it is what the last act on the meeting left.
 */
export async function loadMotion(tx: Tx, found: meeting.Meeting, motionId: string): Promise<Result<LoadedMotion>> {
	const meetingDate = londonDate(found.startsAt);
	const [row] = await tx<(SittingRow & MotionRow & { number: number; part: 'A' | 'B'; considersDecisionId: string | null })[]>`
		select mo.id, mo.agenda_item_id, a.part, a.considers_decision_id, mo.text, mo.category, mo.value_pence::text as value_pence, mo.procedural, mo.proposer, mo.seconder,
			mo.notice_given_on, mo.state, mo.indicative, mo.count_visibility, mo.secret, mo.casting_vote, mo.opened_at, mo.closed_at, mo.created_at,
			(select count(*)::int from motions o where o.agenda_item_id = mo.agenda_item_id and (o.created_at, o.id) <= (mo.created_at, mo.id)) as number,
			${sittingColumns(tx, found, tx`mo.agenda_item_id`, meetingDate)}
		from motions mo join agenda_items a on a.id = mo.agenda_item_id
		where mo.id = ${motionId} and a.meeting_id = ${found.id}`;
	if (!row) return { ok: false, reason: 'That motion is not in this meeting' };
	const loaded = toSitting(found, meetingDate, row);
	if (!loaded.ok) return loaded;
	const { rules: _rules, members: _members, organisations: _o, attendance: _a, declarations: _d, body: _b, delegations: _dl, mandates: _m, number, ...motion } = row;
	const context = itemContext(loaded.value, motion);
	// The path is a record the minute names; the engine never lets it change what binds.
	if (motion.considersDecisionId) context.motion.recommendedBy = await decision.recommendedBy(tx, motion.considersDecisionId);
	return {
		ok: true,
		value: { motion: { ...motion, meetingId: found.id, bodyId: found.bodyId, number }, loaded: loaded.value, context }
	};
}

/** The engine's whole view of a motion on an item: the sitting, the body and its authority, mandates, and the motion. */
export function itemContext(loaded: LoadedSitting, motion: MotionRow): governance.ItemContext {
	return {
		...loaded.sitting,
		body: loaded.body,
		mandates: loaded.mandates,
		motion: {
			text: motion.text,
			category: motion.category,
			valuePence: Number(motion.valuePence),
			procedural: motion.procedural,
			...(motion.noticeGivenOn ? { noticeGivenOn: motion.noticeGivenOn } : {}),
			...(loaded.papersIssuedOn ? { papersIssuedOn: loaded.papersIssuedOn } : {})
		}
	};
}

/** The memberships of the sitting that are this person's: usually one. */
export function membershipsOf(loaded: LoadedSitting, userId: string): string[] {
	return [...loaded.userOf].filter(([, owner]) => owner === userId).map(([id]) => id);
}

/** The sitting of a meeting by its id, with the body and the meeting's date: for reading, where no act holds the row. */
export async function sittingFor(tx: Tx, meetingId: string, itemId: string | null): Promise<Result<governance.Sitting & { meetingDate: string; bodyId: string }>> {
	const found = await meeting.get(tx, meetingId);
	if (!found) return { ok: false, reason: 'No such meeting' };
	const loaded = await loadSitting(tx, found, itemId);
	return loaded.ok ? { ok: true, value: { ...loaded.value.sitting, bodyId: loaded.value.bodyId } } : loaded;
}
