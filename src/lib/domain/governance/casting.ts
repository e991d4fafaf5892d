/**
 * Who, of the memberships a person holds in the body, may do a member's part on an item: cast a ballot for a
 * vote, object to consensus, and whether the chair may open the vote or call for consensus at all. The person
 * is a set of memberships (usually one; a member and a deputy seat, rarely), so the engine picks the one that
 * may act rather than the caller trying each in turn.
 */

import type { VoteOpening } from './authority';
import type { Eligibility, VoteEntitlement } from './eligibility';

/** A ballot as a person offers it: cast by one of their memberships, for the organisation named (or their own vote). */
export interface BallotOffer {
	/** The memberships the person holds in the body, on the meeting's day. */
	memberIds: readonly string[];
	/** The organisation whose vote is cast, or null for a per-member vote. */
	organisationId: string | null;
}

export type CastingCheck = { ok: true; memberId: string; entitlement: VoteEntitlement } | { ok: false; reason: string };

const NOT_A_MEMBER = 'You are not a member of this body';
const NOT_ELIGIBLE = 'You are not eligible to cast that vote on this item';

/**
 * Which membership may cast the vote offered, and which entitlement it casts: a per-member vote its holder (or
 * their deputy) may cast, or an organisation's vote one of its present, unconflicted representatives may cast.
 * When none may, the reason names the conflict or absence that stops it.
 */
export function ballotCaster(eligibility: Eligibility, offer: BallotOffer): CastingCheck {
	if (offer.memberIds.length === 0) return { ok: false, reason: NOT_A_MEMBER };
	for (const memberId of offer.memberIds) {
		const entitlement = eligibility.entitlements.find((e) =>
			e.kind === 'member' ? offer.organisationId === null && e.casters.some((c) => c.memberId === memberId) : e.key === offer.organisationId
		);
		if (entitlement?.casters.some((c) => c.memberId === memberId)) return { ok: true, memberId, entitlement };
	}
	for (const memberId of offer.memberIds) {
		const excluded = eligibility.excluded.find((x) => x.key === memberId || x.key === offer.organisationId);
		if (excluded) return { ok: false, reason: `${excluded.label}: ${excluded.reason}` };
	}
	return { ok: false, reason: NOT_ELIGIBLE };
}

/** Which membership may object to consensus: one that may cast some vote on the item. */
export function objector(eligibility: Eligibility, memberIds: readonly string[]): { ok: true; memberId: string } | { ok: false; reason: string } {
	if (memberIds.length === 0) return { ok: false, reason: NOT_A_MEMBER };
	const memberId = memberIds.find((id) => eligibility.entitlements.some((e) => e.casters.some((c) => c.memberId === id)));
	return memberId ? { ok: true, memberId } : { ok: false, reason: 'Only a voting member eligible on this item can object' };
}

/**
 * Whether an indicative vote (or call for consensus) may stand where a binding one cannot: only when the rules
 * offer it as the chair's way round missing notice or authority, and never round an inquorate meeting, since
 * without a quorum nothing the meeting does speaks for the body.
 */
export function indicativeAllowed(opening: VoteOpening): boolean {
	return !opening.ok && opening.quorum.quorate && opening.alternatives.includes('indicative_vote');
}

/**
 * Whether the chair may put the motion to the meeting (open a vote, or call for consensus): bindingly when the
 * engine allows, or as indicative when `indicativeAllowed`. The outcome is decided on the same footing.
 */
export function mayPutToMeeting(opening: VoteOpening, indicative: boolean): { ok: true } | { ok: false; reason: string } {
	if (opening.ok || (indicative && indicativeAllowed(opening))) return { ok: true };
	return { ok: false, reason: opening.reason };
}
