/**
 * Factories for the engine's unit tests: a whole agenda item from a few lines.
 * Not exported from index.ts; nothing in the application should need it.
 */

import type { Body, ItemContext, Motion } from './authority';
import type { Mandate } from './mandates';
import type { AttendanceRecord, AttendanceStatus, Declaration, Member, Organisation } from './membership';
import type { Ballot, Choice } from './outcome';
import { parseRules, type GovernanceRules, type GovernanceRulesInput } from './rules';

/** Parsed rules, failing the test loudly if the input is not valid. */
export function newRules(input: GovernanceRulesInput): GovernanceRules {
	const parsed = parseRules(input);
	if (!parsed.ok) throw new Error(`Test rules do not parse:\n${parsed.problems.join('\n')}`);
	return parsed.rules;
}

/** A simple-majority, per-member rule set with a quorum of one; override what the test is about. */
export function simpleRules(overrides: Partial<GovernanceRulesInput> = {}): GovernanceRulesInput {
	return {
		schemaVersion: 1,
		quorum: { minimumCount: 1, deputiesCount: true },
		voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] },
		...overrides
	};
}

export interface NewItemOptions {
	rules?: GovernanceRulesInput;
	organisations?: Organisation[];
	/** Members; name defaults to the id, role to voting_member, represents to none. */
	members: Array<Partial<Member> & { id: string }>;
	/** Attendance by member id; anyone not listed is present. */
	attendance?: Record<string, AttendanceStatus | Omit<AttendanceRecord, 'memberId'>>;
	declarations?: Declaration[];
	mandates?: Mandate[];
	motion?: Partial<Motion>;
	body?: Partial<Body>;
	meetingDate?: string;
}

/** An agenda item ready for the engine. */
export function newItem(options: NewItemOptions): ItemContext {
	const members: Member[] = options.members.map((member) => ({
		name: member.id,
		role: 'voting_member',
		represents: [],
		...member
	}));
	const attendance: AttendanceRecord[] = members.map((member) => {
		const given = options.attendance?.[member.id];
		if (given === undefined) return { memberId: member.id, status: 'present' };
		return typeof given === 'string' ? { memberId: member.id, status: given } : { memberId: member.id, ...given };
	});
	return {
		rules: newRules(options.rules ?? simpleRules()),
		organisations: options.organisations ?? [],
		members,
		attendance,
		declarations: options.declarations ?? [],
		mandates: options.mandates ?? [],
		body: { id: 'body', name: 'The group', parentBodyName: 'The regional team', delegations: [], ...options.body },
		motion: { text: 'The motion', category: 'service_review', valuePence: 0, procedural: false, ...options.motion },
		meetingDate: options.meetingDate ?? '2016-06-15'
	};
}

/** Organisations A, B, C... with the given weights, each with one representative m-a, m-b... */
export function weightedGroup(weights: readonly string[]): { organisations: Organisation[]; members: Member[] } {
	const letters = weights.map((_, index) => String.fromCharCode(97 + index));
	return {
		organisations: letters.map((letter, index) => ({
			id: letter,
			name: `${letter.toUpperCase()} CCG`,
			kind: 'ccg',
			weight: weights[index] ?? '0'
		})),
		members: letters.map((letter) => ({
			id: `m-${letter}`,
			name: `Rep ${letter.toUpperCase()}`,
			role: 'voting_member',
			represents: [letter]
		}))
	};
}

/** Ballots from a map of voter id to choice. */
export function ballotsOf(choices: Record<string, Choice>): Ballot[] {
	return Object.entries(choices).map(([voterId, choice]) => ({ voterId, choice }));
}

/** n members v1..vn, one vote each. */
export function membersNamed(count: number, prefix = 'v'): Array<Partial<Member> & { id: string }> {
	return Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index + 1}` }));
}
