/**
 * Quorum, checked item by item: no vote opens, and no decision stands, while
 * the meeting is inquorate for the item.
 */

import { describeFraction, describeOrganisationKind, describeRole, listInEnglish, plural } from './explain';
import {
	canTakePart,
	describeSeatAbsence,
	excludesFromItem,
	indexByMember,
	isAttending,
	seatMembers,
	seatOrganisations,
	type Seat,
	type Sitting
} from './membership';
import { Rational } from './rational';

/** One quorum rule tested against the item's attendance. */
export interface QuorumCondition {
	rule: 'minimum_count' | 'minimum_fraction' | 'required_role' | 'required_organisation_kind' | 'required_clinician';
	/** The rule in words: "at least half of the 12 voting members (6)". */
	description: string;
	required: number;
	actual: number;
	met: boolean;
	/** When not met, the refusal: "Quorum not met: no NHS England member present". */
	failure?: string;
}

/** A member in or out of the item's quorum count. */
export interface QuorumEntry {
	memberId: string;
	name: string;
	/** Set when a deputy sits for this member. */
	deputyId?: string;
	deputyName?: string;
	reason?: string;
}

/** Whether the meeting is quorate for an item, and why. */
export interface QuorumResult {
	quorate: boolean;
	/** Voting members of the body, absent and conflicted included. */
	votingMembership: number;
	/** Voting members (or their deputies) present and free to take part in the item. */
	counted: number;
	countedMembers: QuorumEntry[];
	notCounted: QuorumEntry[];
	conditions: QuorumCondition[];
	/** One line per failed condition, each naming the rule that fails. */
	failures: string[];
	explanation: string[];
}

/**
 * Evaluates the quorum for one item from the membership, who is in the room,
 * and the declarations on the item. A member with a conflict that stops them
 * voting is out of the count; a deputy counts for an absent member when the
 * rules allow.
 */
export function evaluateQuorum(sitting: Sitting): QuorumResult {
	const { rules } = sitting;
	const quorum = rules.quorum;
	const { seats, idleDeputies } = seatMembers(sitting);

	const countsForQuorum = (seat: Seat) => canTakePart(seat) && (!seat.byDeputy || quorum.deputiesCount);
	const counted = seats.filter(countsForQuorum);
	const membership = seats.length;

	const countedMembers: QuorumEntry[] = counted.map((seat) => entry(seat));
	const notCounted: QuorumEntry[] = seats
		.filter((seat) => !countsForQuorum(seat))
		.map((seat) =>
			entry(
				seat,
				describeSeatAbsence(seat) ??
					`${seat.occupant?.name} stands in for ${seat.member.name}, but the rules do not count deputies towards the quorum`
			)
		);

	const conditions: QuorumCondition[] = [];

	if (quorum.minimumCount !== undefined) {
		const required = quorum.minimumCount;
		const met = counted.length >= required;
		conditions.push({
			rule: 'minimum_count',
			description: `at least ${plural(required, 'voting member')}`,
			required,
			actual: counted.length,
			met,
			...(met
				? {}
				: {
						failure: `Quorum not met: ${presentPhrase(counted.length)}; the rules need at least ${required}`
					})
		});
	}

	if (quorum.minimumFraction) {
		const fraction = Rational.from(quorum.minimumFraction.fraction);
		const share = fraction.mul(Rational.of(membership));
		const required = Number(
			quorum.minimumFraction.comparison === 'at_least' ? share.ceil() : share.floor() + 1n
		);
		const words = `${quorum.minimumFraction.comparison === 'at_least' ? 'at least' : 'more than'} ${describeFraction(quorum.minimumFraction.fraction)} of the ${plural(membership, 'voting member')}`;
		const met = counted.length >= required;
		conditions.push({
			rule: 'minimum_fraction',
			description: `${words} (${required})`,
			required,
			actual: counted.length,
			met,
			...(met
				? {}
				: { failure: `Quorum not met: ${presentPhrase(counted.length)}; the rules need ${words}, which is ${required}` })
		});
	}

	const attendance = indexByMember(sitting.attendance);
	const declarations = indexByMember(sitting.declarations);
	for (const requirement of quorum.requiredRoles) {
		const holders = sitting.members.filter(
			(member) => requirement.anyOf.includes(member.role) && isAttending(attendance.get(member.id), rules)
		);
		const free = holders.filter((member) => !excludesFromItem(declarations.get(member.id)));
		const roles = requirement.anyOf.map(describeRole);
		const met = free.length >= requirement.minimum;
		const missing =
			free.length === 0
				? `no ${listOr(roles)} present`
				: `${free.length} ${listOr(roles)} present; at least ${requirement.minimum} needed`;
		const conflicted = holders.filter((member) => !free.includes(member));
		conditions.push({
			rule: 'required_role',
			description:
				requirement.minimum === 1 ? `the ${listOr(roles)}` : `at least ${requirement.minimum} of ${listOr(roles)}`,
			required: requirement.minimum,
			actual: free.length,
			met,
			...(met
				? {}
				: {
						failure: `Quorum not met: ${missing}${
							conflicted.length > 0
								? ` (${listInEnglish(conflicted.map((member) => member.name))} ${conflicted.length === 1 ? 'has' : 'have'} a conflict of interest on this item)`
								: ''
						}`
					})
		});
	}

	for (const requirement of quorum.requiredOrganisationKinds) {
		const kind = describeOrganisationKind(requirement.kind);
		const ofKind = (seat: Seat) =>
			seatOrganisations(seat, sitting.organisations).some((organisation) => organisation.kind === requirement.kind);
		const present = counted.filter(ofKind).length;
		const met = present >= requirement.minimum;
		conditions.push({
			rule: 'required_organisation_kind',
			description: `at least ${plural(requirement.minimum, `${kind} member`)}`,
			required: requirement.minimum,
			actual: present,
			met,
			...(met
				? {}
				: {
						failure:
							present === 0
								? `Quorum not met: no ${kind} member present`
								: `Quorum not met: ${plural(present, `${kind} member`)} present; at least ${requirement.minimum} needed`
					})
		});
		if (!met) {
			const absent = seats.filter((seat) => ofKind(seat) && !countsForQuorum(seat));
			for (const seat of absent) {
				notCountedReasonsFor(kind, seat, notCounted);
			}
		}
	}

	if (quorum.requiredClinicians !== undefined) {
		const minimum = quorum.requiredClinicians;
		// The person in the seat counts: a deputy who is a clinician brings clinical presence, whoever they stand for.
		const present = counted.filter((seat) => (seat.occupant ?? seat.member).clinician === true).length;
		const met = present >= minimum;
		conditions.push({
			rule: 'required_clinician',
			description: `at least ${plural(minimum, 'clinician')}`,
			required: minimum,
			actual: present,
			met,
			...(met
				? {}
				: {
						failure:
							present === 0
								? 'Quorum not met: no clinician present'
								: `Quorum not met: ${plural(present, 'clinician')} present; at least ${minimum} needed`
					})
		});
	}

	const failures = conditions.flatMap((condition) => (condition.failure ? [condition.failure] : []));
	const quorate = failures.length === 0;

	const explanation: string[] = [];
	explanation.push(
		`Voting membership: ${membership}. Present and counted for this item: ${counted.length}.`
	);
	for (const seat of counted.filter((seat) => seat.byDeputy)) {
		explanation.push(`${seat.occupant?.name} is standing in as deputy for ${seat.member.name}.`);
	}
	for (const item of notCounted) {
		if (item.reason) explanation.push(`Not counted: ${item.reason}.`);
	}
	for (const idle of idleDeputies) {
		explanation.push(`${idle.reason}.`);
	}
	for (const condition of conditions) {
		explanation.push(
			`Quorum rule, ${condition.description}: ${condition.actual} counted — ${condition.met ? 'met' : 'not met'}.`
		);
	}
	if (conditions.length === 0) {
		explanation.push('The rules set no quorum conditions.');
	}
	explanation.push(...(quorate ? ['The meeting is quorate for this item.'] : failures.map((failure) => `${failure}.`)));

	return {
		quorate,
		votingMembership: membership,
		counted: counted.length,
		countedMembers,
		notCounted,
		conditions,
		failures,
		explanation
	};
}

function entry(seat: Seat, reason?: string): QuorumEntry {
	return {
		memberId: seat.member.id,
		name: seat.member.name,
		...(seat.byDeputy && seat.occupant ? { deputyId: seat.occupant.id, deputyName: seat.occupant.name } : {}),
		...(reason ? { reason } : {})
	};
}

function presentPhrase(count: number): string {
	return count === 0
		? 'no voting member is present and able to take part'
		: `${plural(count, 'voting member')} ${count === 1 ? 'is' : 'are'} present and able to take part`;
}

function listOr(items: readonly string[]): string {
	if (items.length <= 1) return items[0] ?? '';
	return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

// The minute should say why the member the quorum needed is not counted, right beside the failure.
function notCountedReasonsFor(kind: string, seat: Seat, notCounted: QuorumEntry[]): void {
	const item = notCounted.find((entry) => entry.memberId === seat.member.id);
	if (item?.reason && !item.reason.includes(`(${kind} member)`)) {
		item.reason = `${item.reason} (${kind} member)`;
	}
}
