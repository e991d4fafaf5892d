/**
 * Who sits on a body, who is in the room for an item, and in whose seat.
 *
 * Quorum and eligibility both start from "seats": one per voting member of the
 * body. A seat is filled by its member, or by a deputy standing in for them, or
 * stays empty; and on a given item a conflict of interest can take it out.
 */

import type { GovernanceRules, MemberRole, OrganisationKind } from './rules';

/** An organisation a member represents: a CCG, NHS England, a provider... */
export interface Organisation {
	id: string;
	name: string;
	kind: OrganisationKind;
	/** Voting weight as a decimal string ("33.33"), e.g. weighted capitation share; used by weighted voting. */
	weight?: string;
}

/** A person's membership of a body. */
export interface Member {
	id: string;
	name: string;
	role: MemberRole;
	/** For a deputy: the member they are named to stand in for. */
	deputyFor?: string;
	/** Organisations this member represents; a CCG's rep may also represent another CCG. */
	represents: string[];
	/** A clinician, for a quorum that needs clinical members present. */
	clinician?: boolean;
}

export const ATTENDANCE_STATUSES = ['present', 'remote', 'apologies', 'absent', 'in_attendance', 'observer'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** How a member attends the meeting at the point of the item. */
export interface AttendanceRecord {
	memberId: string;
	status: AttendanceStatus;
	/** For a deputy: whom they stand in for at this meeting (overrides the member's standing deputyFor). */
	deputyFor?: string;
	/** The member came but has left the meeting by this item. */
	departed?: boolean;
}

export const DECLARATION_OUTCOMES = ['may_take_part', 'may_not_vote', 'leaves_for_item'] as const;
export type DeclarationOutcome = (typeof DECLARATION_OUTCOMES)[number];

/** A declaration of interest on the item, and what the chair ruled follows from it. */
export interface Declaration {
	memberId: string;
	outcome: DeclarationOutcome;
	/** The interest as it will be minuted, e.g. "employed by Christie NHS Foundation Trust". */
	interest?: string;
}

/** Who is in the room for an item: everything quorum and eligibility need. */
export interface Sitting {
	rules: GovernanceRules;
	organisations: Organisation[];
	members: Member[];
	attendance: AttendanceRecord[];
	declarations: Declaration[];
}

/** One voting member's seat on the item. */
export interface Seat {
	/** The voting member whose seat this is. */
	member: Member;
	/** Who sits in it for this item: the member, a deputy, or nobody. */
	occupant?: Member;
	byDeputy: boolean;
	/** The member's, or for an empty seat the absent member's, status. */
	status: AttendanceStatus | 'not_recorded';
	departed: boolean;
	/** The occupant (or, for an empty seat, the member) may not vote on this item. */
	conflicted: boolean;
	declaration?: Declaration;
}

/** Seats and what the secretary needs to minute about them. */
export interface Seating {
	seats: Seat[];
	/** Deputies who came but cannot stand in, with why; memberId → reason. */
	idleDeputies: { member: Member; reason: string }[];
}

const VOTING_ROLES: readonly MemberRole[] = ['chair', 'vice_chair', 'voting_member'];

/** Whether members in this role hold a vote under these rules. */
export function holdsVote(role: MemberRole, rules: GovernanceRules): boolean {
	return VOTING_ROLES.includes(role) || (role === 'ppv_representative' && rules.voting.ppvRepresentativesVote);
}

/** Whether the attendance record puts the member in the meeting for the item. */
export function isAttending(record: AttendanceRecord | undefined, rules: GovernanceRules): boolean {
	if (!record || record.departed) return false;
	return record.status === 'present' || (record.status === 'remote' && rules.quorum.remoteAttendanceCounts);
}

/** Whether a declaration takes the member out of the item's quorum count and vote. */
export function excludesFromItem(declaration: Declaration | undefined): boolean {
	return declaration !== undefined && declaration.outcome !== 'may_take_part';
}

/**
 * Seats every voting member, places deputies in the seats of absent members, and
 * marks conflicts. Deterministic: where two deputies could stand in for the same
 * member, the one listed first in the membership does.
 */
export function seatMembers(sitting: Sitting): Seating {
	const { rules, members } = sitting;
	const attendance = indexByMember(sitting.attendance);
	const declarations = indexByMember(sitting.declarations);
	const byId = new Map(members.map((member) => [member.id, member]));

	const seats: Seat[] = members
		.filter((member) => holdsVote(member.role, rules))
		.map((member) => {
			const record = attendance.get(member.id);
			const attending = isAttending(record, rules);
			return {
				member,
				occupant: attending ? member : undefined,
				byDeputy: false,
				status: record?.status ?? 'not_recorded',
				departed: record?.departed ?? false,
				conflicted: false
			};
		});
	const seatOf = new Map(seats.map((seat) => [seat.member.id, seat]));

	const idleDeputies: Seating['idleDeputies'] = [];
	for (const deputy of members) {
		if (deputy.role !== 'deputy') continue;
		const record = attendance.get(deputy.id);
		if (!isAttending(record, rules)) continue;
		const forId = record?.deputyFor ?? deputy.deputyFor;
		const principal = forId === undefined ? undefined : byId.get(forId);
		const seat = forId === undefined ? undefined : seatOf.get(forId);
		if (!principal) {
			idleDeputies.push({ member: deputy, reason: `${deputy.name} is a deputy but is not named to stand in for a member` });
		} else if (!seat) {
			idleDeputies.push({
				member: deputy,
				reason: `${deputy.name} is deputy for ${principal.name}, who does not hold a vote, so does not count or vote`
			});
		} else if (seat.occupant === principal) {
			idleDeputies.push({
				member: deputy,
				reason: `${deputy.name} attended as deputy for ${principal.name}, but ${principal.name} is present, so ${deputy.name} does not count or vote`
			});
		} else if (seat.occupant) {
			idleDeputies.push({
				member: deputy,
				reason: `${deputy.name} attended as deputy for ${principal.name}, but ${seat.occupant.name} is already standing in, so ${deputy.name} does not count or vote`
			});
		} else {
			seat.occupant = deputy;
			seat.byDeputy = true;
		}
	}

	for (const seat of seats) {
		// A conflict is personal: a deputy answers for their own interests, and an
		// empty seat carries the absent member's advance declaration.
		const declaration = declarations.get((seat.occupant ?? seat.member).id);
		if (declaration) seat.declaration = declaration;
		seat.conflicted = excludesFromItem(declaration);
	}
	return { seats, idleDeputies };
}

/** Whether the seat is filled by someone who can take part in the item. */
export function canTakePart(seat: Seat): boolean {
	return seat.occupant !== undefined && !seat.conflicted;
}

/** Why a seat is not counted, in minute wording, or undefined if it is. */
export function describeSeatAbsence(seat: Seat): string | undefined {
	if (seat.occupant && seat.conflicted) return describeConflict(seat.occupant, seat.declaration);
	if (seat.occupant) return undefined;
	if (seat.conflicted) return describeConflict(seat.member, seat.declaration);
	if (seat.departed) return `${seat.member.name} has left the meeting`;
	switch (seat.status) {
		case 'apologies':
			return `${seat.member.name} sent apologies`;
		case 'remote':
			return `${seat.member.name} joined remotely, which the rules do not count as present`;
		case 'in_attendance':
		case 'observer':
			return `${seat.member.name} attended only as ${seat.status === 'observer' ? 'an observer' : 'in attendance'}`;
		default:
			return `${seat.member.name} is absent`;
	}
}

/** A conflict in minute wording: "Dr A declared an interest (employed by X) and left the meeting for this item". */
export function describeConflict(member: Member, declaration: Declaration | undefined): string {
	const interest = declaration?.interest ? ` (${declaration.interest})` : '';
	const consequence =
		declaration?.outcome === 'leaves_for_item' ? 'left the meeting for this item' : 'may not vote on this item';
	return `${member.name} declared an interest${interest} and ${consequence}`;
}

/** Organisations a seat speaks for: its member's, whoever sits in it. */
export function seatOrganisations(seat: Seat, organisations: readonly Organisation[]): Organisation[] {
	const byId = new Map(organisations.map((organisation) => [organisation.id, organisation]));
	return seat.member.represents.flatMap((id) => {
		const organisation = byId.get(id);
		return organisation ? [organisation] : [];
	});
}

/** Records by member id; where a member has two, the first stands (a valid case has one). */
export function indexByMember<T extends { memberId: string }>(items: readonly T[]): Map<string, T> {
	const map = new Map<string, T>();
	for (const item of items) {
		if (!map.has(item.memberId)) map.set(item.memberId, item);
	}
	return map;
}
