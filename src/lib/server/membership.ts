import type { Actor } from '$lib/domain/policy';
import type { MembershipRole } from '$lib/domain/roles';
import * as audit from './audit';
import { announce } from './events';
import { londonToday, type Tx } from './db';
import type { Result } from './result';

export interface Membership {
	id: string;
	bodyId: string;
	bodyName: string;
	userId: string;
	personName: string;
	personEmail: string;
	role: MembershipRole;
	/** A clinician, for a quorum that needs clinical members present. */
	clinician: boolean;
	deputyFor: string | null;
	deputyForName: string | null;
	organisations: { id: string; name: string }[];
	startsOn: string;
	endsOn: string | null;
	/** False once the end date has passed. */
	current: boolean;
}

export interface MembershipInput {
	role: MembershipRole;
	/** Left out: false for a new membership, unchanged for an existing one. */
	clinician?: boolean;
	deputyFor: string | null;
	organisationIds: string[];
	startsOn: string;
	endsOn: string | null;
}

/**
 * The one definition of a membership held on a day: it has started on or before the day, and has not ended
 * before it (both days included). `alias` names the memberships row in the caller's query; `on` is a SQL date,
 * today in London unless given (a meeting's own day, for its register and who sits at it).
 */
export function held(tx: Tx, alias: string, on: ReturnType<typeof londonToday> = londonToday(tx)) {
	return tx`(${tx(alias)}.starts_on <= ${on} and (${tx(alias)}.ends_on is null or ${tx(alias)}.ends_on >= ${on}))`;
}

/** Roles whose holders vote, and so may name a deputy. */
const DEPUTISABLE: MembershipRole[] = ['chair', 'vice_chair', 'voting_member', 'ppv_representative'];

const select = (tx: Tx) => tx`
	select m.id, m.body_id, b.name as body_name, m.user_id, u.name as person_name, u.email as person_email,
		m.role, m.clinician, m.deputy_for, du.name as deputy_for_name, m.starts_on, m.ends_on,
		${held(tx, 'm')} as current,
		coalesce((
			select json_agg(json_build_object('id', o.id, 'name', o.name) order by o.name)
			from membership_organisations mo join organisations o on o.id = mo.organisation_id
			where mo.membership_id = m.id
		), '[]'::json) as organisations
	from memberships m
	join bodies b on b.id = m.body_id
	join users u on u.id = m.user_id
	left join memberships dm on dm.id = m.deputy_for
	left join users du on du.id = dm.user_id`;

export async function listForBody(tx: Tx, bodyId: string): Promise<Membership[]> {
	return tx<Membership[]>`${select(tx)} where m.body_id = ${bodyId} order by current desc, m.role, u.name`;
}

export async function listForPerson(tx: Tx, userId: string): Promise<Membership[]> {
	return tx<Membership[]>`${select(tx)} where m.user_id = ${userId} order by current desc, b.name`;
}

export async function get(tx: Tx, id: string): Promise<Membership | null> {
	const [row] = await tx<Membership[]>`${select(tx)} where m.id = ${id}`;
	return row ?? null;
}

/** The person as the policy sees them: administrator or not, and their current roles. */
export async function actorFor(tx: Tx, user: { id: string; isAdministrator: boolean }): Promise<Actor> {
	const roles = await tx<{ bodyId: string; role: MembershipRole }[]>`
		select m.body_id, m.role from memberships m where m.user_id = ${user.id} and ${held(tx, 'm')}`;
	return { userId: user.id, isAdministrator: user.isAdministrator, roles: [...roles] };
}

async function problem(tx: Tx, bodyId: string, input: MembershipInput, selfId: string | null): Promise<string | null> {
	if (input.endsOn && input.endsOn < input.startsOn) return 'The end date must be on or after the start date';
	if (input.role === 'deputy') {
		if (!input.deputyFor) return 'Choose the member this person is deputy for';
		const principal = await get(tx, input.deputyFor);
		if (!principal || principal.bodyId !== bodyId) return 'The member named must belong to the same body';
		if (principal.id === selfId) return 'A member cannot be their own deputy';
		if (!DEPUTISABLE.includes(principal.role)) return `A deputy stands in for a voting member; ${principal.personName} is not one`;
	} else if (input.deputyFor) {
		return 'Only a deputy names the member they stand in for';
	}
	if (input.organisationIds.length > 0) {
		const found = await tx<{ id: string }[]>`
			select id from organisations where id in ${tx(input.organisationIds)} and ended_on is null`;
		if (found.length !== new Set(input.organisationIds).size) return 'One of the organisations chosen does not exist or has ended';
	}
	return null;
}

async function setOrganisations(tx: Tx, membershipId: string, organisationIds: string[]) {
	await tx`delete from membership_organisations where membership_id = ${membershipId}`;
	for (const organisationId of new Set(organisationIds)) {
		await tx`insert into membership_organisations (membership_id, organisation_id) values (${membershipId}, ${organisationId})`;
	}
}

export async function create(tx: Tx, bodyId: string, userId: string, input: MembershipInput, actorId: string | null): Promise<Result<Membership>> {
	const why = await problem(tx, bodyId, input, null);
	if (why) return { ok: false, reason: why };
	const [row] = await tx<{ id: string }[]>`
		insert into memberships (body_id, user_id, role, clinician, deputy_for, starts_on, ends_on)
		values (${bodyId}, ${userId}, ${input.role}, ${input.clinician ?? false}, ${input.deputyFor}, ${input.startsOn}, ${input.endsOn})
		returning id`;
	await setOrganisations(tx, row!.id, input.organisationIds);
	const created = (await get(tx, row!.id))!;
	// The person's open connections check themselves again: what they may do has changed.
	announce(tx, { type: 'access.changed', userId: created.userId });
	await audit.record(tx, { actorId, action: 'membership.create', entity: 'membership', entityId: created.id, after: created });
	return { ok: true, value: created };
}

export async function update(tx: Tx, id: string, input: MembershipInput, actorId: string): Promise<Result<Membership>> {
	const before = await get(tx, id);
	if (!before) return { ok: false, reason: 'No such membership' };
	const why = await problem(tx, before.bodyId, input, id);
	if (why) return { ok: false, reason: why };
	await tx`
		update memberships set role = ${input.role}, clinician = ${input.clinician ?? before.clinician}, deputy_for = ${input.deputyFor},
			starts_on = ${input.startsOn}, ends_on = ${input.endsOn}
		where id = ${id}`;
	await setOrganisations(tx, id, input.organisationIds);
	const after = (await get(tx, id))!;
	// The person's open connections check themselves again: what they may do has changed.
	announce(tx, { type: 'access.changed', userId: after.userId });
	await audit.record(tx, { actorId, action: 'membership.update', entity: 'membership', entityId: id, before, after });
	return { ok: true, value: after };
}

export async function end(tx: Tx, id: string, endsOn: string, actorId: string): Promise<Result<Membership>> {
	const before = await get(tx, id);
	if (!before) return { ok: false, reason: 'No such membership' };
	if (before.endsOn && before.endsOn <= endsOn) return { ok: false, reason: `This membership already ends on ${before.endsOn}` };
	if (endsOn < before.startsOn) return { ok: false, reason: `The end date must be on or after the start date, ${before.startsOn}` };
	await tx`update memberships set ends_on = ${endsOn} where id = ${id}`;
	const after = (await get(tx, id))!;
	// The person's open connections check themselves again: what they may do has changed.
	announce(tx, { type: 'access.changed', userId: after.userId });
	await audit.record(tx, { actorId, action: 'membership.end', entity: 'membership', entityId: id, before, after });
	return { ok: true, value: after };
}

/**
 * Why this membership would be refused in `bodyId` (deputy rules, dates, organisations), or null when it would not.
 * For checking an invitation before it is sent: accepting it creates the membership, which checks again.
 */
export async function validate(tx: Tx, bodyId: string, input: MembershipInput, selfId: string | null = null): Promise<string | null> {
	return problem(tx, bodyId, input, selfId);
}

/** For each person, the bodies they currently sit on: what `person.view` needs to know about them. */
export async function currentBodyIds(tx: Tx, userIds: string[]): Promise<Map<string, string[]>> {
	const result = new Map<string, string[]>(userIds.map((id) => [id, []]));
	if (userIds.length === 0) return result;
	const rows = await tx<{ userId: string; bodyId: string }[]>`
		select distinct m.user_id, m.body_id from memberships m where m.user_id in ${tx([...new Set(userIds)])} and ${held(tx, 'm')}`;
	for (const row of rows) result.get(row.userId)?.push(row.bodyId);
	return result;
}
