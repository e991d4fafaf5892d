/**
 * Who may vote on an item, and with what weight: conflicted members out,
 * deputies in for absent members, and a representative casting the vote of each
 * organisation they represent.
 */

import { formatVotes, listInEnglish, plural } from './explain';
import { canTakePart, describeConflict, seatMembers, type Seat, type Sitting } from './membership';
import { Rational, sum } from './rational';
import type { VotingRules } from './rules';

/** Someone who may cast a vote on the item. */
export interface Caster {
	memberId: string;
	name: string;
	/** Set when casting in an absent member's place. */
	deputyFor?: { memberId: string; name: string };
}

/** One vote entitled to be cast on the item. */
export interface VoteEntitlement {
	/** The member's id (per-member voting) or the organisation's id. */
	key: string;
	kind: 'member' | 'organisation';
	/** Whose vote it is, as the minutes name it. */
	label: string;
	/** The vote's weight, exact ("33.33", or "1" unless voting is weighted). */
	weight: string;
	/** Who may cast it: present and free of conflict. Empty when absent. */
	casters: Caster[];
	present: boolean;
	/** Organisations committed by this vote (for mandates and counting organisations in favour). */
	organisationIds: string[];
}

/** A vote the body holds that cannot be cast on this item. */
export interface ExcludedVote {
	key: string;
	label: string;
	reason: string;
}

/** The votes on an item: who holds them, who may cast them, and the totals. */
export interface Eligibility {
	basis: VotingRules['basis'];
	entitlements: VoteEntitlement[];
	excluded: ExcludedVote[];
	/** Total of every vote entitled to be cast on the item, absent ones included (exact). */
	eligible: string;
	/** Total of the votes that someone present may cast (exact). */
	present: string;
	explanation: string[];
}

const BASIS_WORDS: Record<VotingRules['basis'], string> = {
	per_member: 'one vote per voting member',
	per_organisation: 'one vote per organisation represented',
	weighted: "one vote per organisation represented, weighted by the organisation's weight"
};

/**
 * Lists the votes entitled to be cast on an item under the body's voting basis,
 * who may cast each, and those excluded by a declared conflict.
 */
export function eligibleVoters(sitting: Sitting): Eligibility {
	const basis = sitting.rules.voting.basis;
	const { seats } = seatMembers(sitting);
	const entitlements: VoteEntitlement[] = [];
	const excluded: ExcludedVote[] = [];
	const notes: string[] = [];

	if (basis === 'per_member') {
		for (const seat of seats) {
			if (seat.conflicted) {
				excluded.push({
					key: seat.member.id,
					label: seat.member.name,
					reason: describeConflict(seat.occupant ?? seat.member, seat.declaration)
				});
				continue;
			}
			const casters = canTakePart(seat) ? [caster(seat)] : [];
			entitlements.push({
				key: seat.member.id,
				kind: 'member',
				label: seat.member.name,
				weight: '1',
				casters,
				present: casters.length > 0,
				organisationIds: [...seat.member.represents]
			});
		}
	} else {
		for (const organisation of sitting.organisations) {
			const seatsFor = seats.filter((seat) => seat.member.represents.includes(organisation.id));
			if (seatsFor.length === 0) continue;
			// The organisation's vote is lost only when every seat that could cast it is conflicted;
			// one free representative, even an absent one, keeps it entitled.
			if (seatsFor.every((seat) => seat.conflicted)) {
				excluded.push({
					key: organisation.id,
					label: organisation.name,
					reason: listInEnglish(seatsFor.map((seat) => describeConflict(seat.occupant ?? seat.member, seat.declaration)))
				});
				continue;
			}
			let weight = Rational.one;
			if (basis === 'weighted') {
				if (organisation.weight === undefined) {
					weight = Rational.zero;
					notes.push(`${organisation.name} has no weight recorded, so its vote counts for nothing.`);
				} else {
					weight = Rational.from(organisation.weight);
				}
			}
			const casters = seatsFor.filter(canTakePart).map(caster);
			entitlements.push({
				key: organisation.id,
				kind: 'organisation',
				label: organisation.name,
				weight: weight.toString(),
				casters,
				present: casters.length > 0,
				organisationIds: [organisation.id]
			});
		}
	}

	const eligible = sum(entitlements.map((vote) => Rational.from(vote.weight)));
	const present = sum(entitlements.filter((vote) => vote.present).map((vote) => Rational.from(vote.weight)));

	const explanation: string[] = [`Voting is by ${BASIS_WORDS[basis]}.`];
	explanation.push(describeTotals(basis, entitlements, eligible, present));
	for (const vote of excluded) {
		explanation.push(
			basis === 'per_member'
				? `${vote.reason}, so is not eligible to vote.`
				: `${vote.label}'s vote is excluded: ${vote.reason}.`
		);
	}
	const deputies = new Map<string, Caster>();
	for (const vote of entitlements) {
		for (const c of vote.casters) if (c.deputyFor) deputies.set(c.memberId, c);
	}
	for (const deputy of deputies.values()) {
		explanation.push(`${deputy.name} votes as deputy for ${deputy.deputyFor?.name}.`);
	}
	if (basis !== 'per_member') {
		const byCaster = new Map<string, { name: string; labels: string[] }>();
		for (const vote of entitlements) {
			for (const c of vote.casters) {
				const item = byCaster.get(c.memberId) ?? { name: c.name, labels: [] };
				item.labels.push(vote.label);
				byCaster.set(c.memberId, item);
			}
		}
		for (const item of byCaster.values()) {
			if (item.labels.length > 1) {
				explanation.push(`${item.name} may cast the votes of ${listInEnglish(item.labels)}, each separately.`);
			}
		}
	}
	explanation.push(...notes);

	return {
		basis,
		entitlements,
		excluded,
		eligible: eligible.toString(),
		present: present.toString(),
		explanation
	};
}

function caster(seat: Seat): Caster {
	const occupant = seat.occupant ?? seat.member;
	return {
		memberId: occupant.id,
		name: occupant.name,
		...(seat.byDeputy ? { deputyFor: { memberId: seat.member.id, name: seat.member.name } } : {})
	};
}

function describeTotals(
	basis: VotingRules['basis'],
	entitlements: readonly VoteEntitlement[],
	eligible: Rational,
	present: Rational
): string {
	const presentCount = entitlements.filter((vote) => vote.present).length;
	if (basis === 'per_member') {
		return `Eligible to vote on this item: ${plural(entitlements.length, 'member')}, of whom ${presentCount} ${presentCount === 1 ? 'is' : 'are'} present.`;
	}
	if (basis === 'per_organisation') {
		return `Eligible to vote on this item: ${plural(entitlements.length, 'organisation')}, of which ${presentCount} ${presentCount === 1 ? 'is' : 'are'} represented in the room.`;
	}
	const parts = entitlements.map((vote) => `${vote.label} ${vote.weight}`);
	return `Eligible to vote on this item: ${plural(entitlements.length, 'organisation')} carrying ${plural(formatVotes(eligible), 'vote')} (${listInEnglish(parts)}); ${formatVotes(present)} of them held by organisations represented in the room.`;
}
