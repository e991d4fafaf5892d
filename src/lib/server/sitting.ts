import * as governance from '$lib/domain/governance';
import { londonDate } from '$lib/domain/london-time';
import * as bodyRules from './body-rules';
import type { Tx } from './db';
import * as membership from './membership';
import * as meeting from './meeting';
import type { Result } from './result';

/**
 * Gathers from the database what the rules engine needs to judge an item of a meeting: the body's rules and
 * delegations, its members on the meeting date, who is here, declarations on the item, mandates, and the motion.
 * Pure gathering: every judgement is the engine's.
 */
export async function sittingFor(tx: Tx, meetingId: string, itemId: string | null): Promise<Result<governance.Sitting & { meetingDate: string; bodyId: string }>> {
	const found = await meeting.get(tx, meetingId);
	if (!found) return { ok: false, reason: 'No such meeting' };
	// A meeting under way keeps the rules it started under; adopted changes govern the meetings that follow.
	const rules = await bodyRules.forMeeting(tx, meetingId);
	if (!rules) {
		return { ok: false, reason: `${found.bodyName} has no rules of procedure recorded yet: the secretariat records them (quorum, voting, notice) on the body's rules page` };
	}
	const meetingDate = londonDate(found.startsAt);
	const members = await tx<{ id: string; name: string; role: governance.MemberRole; deputyFor: string | null; represents: string[]; clinician: boolean }[]>`
		select m.id, u.name, m.role, m.deputy_for, m.clinician,
			coalesce(array(select organisation_id::text from membership_organisations mo where mo.membership_id = m.id order by 1), '{}') as represents
		from memberships m join users u on u.id = m.user_id
		where m.body_id = ${found.bodyId} and ${membership.held(tx, 'm', tx`${meetingDate}::date`)}`;
	const organisations = await tx<{ id: string; name: string; kind: governance.OrganisationKind; weight: string | null }[]>`
		select o.id, o.name, o.kind, w.weight::text as weight
		from organisations o left join organisation_weights w on w.organisation_id = o.id and w.body_id = ${found.bodyId}
		where o.id in (
			select mo.organisation_id from membership_organisations mo join memberships m on m.id = mo.membership_id
			where m.body_id = ${found.bodyId}
		)`;
	const attendance = await tx<{ memberId: string; status: governance.AttendanceStatus; deputyFor: string | null; departed: boolean }[]>`
		select membership_id as member_id, status, deputy_for, departed from attendance where meeting_id = ${meetingId}`;
	const declarations = itemId
		? await tx<{ memberId: string; outcome: governance.DeclarationOutcome; interest: string }[]>`
			select membership_id as member_id, outcome, interest from declarations where agenda_item_id = ${itemId}`
		: [];
	const memberIds = new Set(members.map((m) => m.id));
	return {
		ok: true,
		value: {
			bodyId: found.bodyId,
			meetingDate,
			rules: rules.rules,
			members: members.map((m) => ({
				id: m.id,
				name: m.name,
				role: m.role,
				represents: m.represents,
				...(m.deputyFor ? { deputyFor: m.deputyFor } : {}),
				...(m.clinician ? { clinician: true } : {})
			})),
			organisations: organisations.map((o) => ({ id: o.id, name: o.name, kind: o.kind, ...(o.weight !== null ? { weight: o.weight } : {}) })),
			attendance: attendance
				.filter((a) => memberIds.has(a.memberId))
				.map((a) => ({ memberId: a.memberId, status: a.status, ...(a.deputyFor ? { deputyFor: a.deputyFor } : {}), ...(a.departed ? { departed: true } : {}) })),
			declarations: declarations.map((d) => ({ memberId: d.memberId, outcome: d.outcome, interest: d.interest }))
		}
	};
}

export interface MotionRow {
	id: string;
	agendaItemId: string;
	text: string;
	category: string;
	valuePence: string;
	procedural: boolean;
	proposer: string | null;
	seconder: string | null;
	noticeGivenOn: string | null;
	state: 'proposed' | 'consensus_called' | 'voting' | 'decided' | 'withdrawn' | 'deferred';
	indicative: boolean;
	countVisibility: 'open' | 'hidden';
	castingVote: 'for' | 'against' | null;
	openedAt: Date | null;
	closedAt: Date | null;
	createdAt: Date;
}

/** The whole item context for a motion: the sitting plus the body, its delegations, mandates and the motion. */
export async function itemContextFor(tx: Tx, meetingId: string, motion: MotionRow): Promise<Result<governance.ItemContext>> {
	const sitting = await sittingFor(tx, meetingId, motion.agendaItemId);
	if (!sitting.ok) return sitting;
	const [body] = await tx<{ id: string; name: string; parentName: string | null }[]>`
		select b.id, b.name, p.name as parent_name from bodies b left join bodies p on p.id = b.parent_id where b.id = ${sitting.value.bodyId}`;
	const parentBodyName = body!.parentName ?? 'its parent body';
	const delegations = await bodyRules.delegationsFor(tx, body!.id, parentBodyName);
	const mandates = await tx<{ memberId: string; organisationId: string; categories: string[]; financialLimitPence: string; expiresOn: string }[]>`
		select membership_id as member_id, organisation_id, categories, financial_limit_pence::text as financial_limit_pence, expires_on
		from mandates where ended_on is null and membership_id in ${tx(sitting.value.members.map((m) => m.id).concat(['00000000-0000-0000-0000-000000000000']))}`;
	const [issued] = await tx<{ noticeIssuedAt: Date | null }[]>`select notice_issued_at from meetings where id = ${meetingId}`;
	const { bodyId: _bodyId, ...rest } = sitting.value;
	return {
		ok: true,
		value: {
			...rest,
			body: { id: body!.id, name: body!.name, parentBodyName, delegations },
			mandates: mandates.map((m) => ({ ...m, financialLimitPence: Number(m.financialLimitPence) })),
			motion: {
				text: motion.text,
				category: motion.category,
				valuePence: Number(motion.valuePence),
				procedural: motion.procedural,
				...(motion.noticeGivenOn ? { noticeGivenOn: motion.noticeGivenOn } : {}),
				...(issued?.noticeIssuedAt ? { papersIssuedOn: londonDate(issued.noticeIssuedAt) } : {})
			}
		}
	};
}
