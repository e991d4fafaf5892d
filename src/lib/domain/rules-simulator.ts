/**
 * The rules simulator: what the rules engine would decide, under a set of rules (perhaps a draft not yet
 * recorded), for a body's real members on an imagined item. A secretariat picks who is present, remote, absent or
 * conflicted, enters a motion and the ballots, and reads the engine's conclusion with its explanation.
 *
 * Pure: the body arrives as a {@link SimulatorBody} (read from the database on the server, then sent to the
 * browser), so the simulation runs as the inputs change, with no round trip.
 */

import { z } from 'zod';
import { COMMON_CATEGORIES } from './decision-categories';
import {
	CASE_SCHEMA_VERSION,
	DECLARATION_OUTCOMES,
	describeAlternatives,
	describeCategory,
	eligibleVoters,
	formatDate,
	evaluateCase,
	holdsVote,
	isIsoDate,
	listInEnglish,
	parseCase,
	compareDates,
	type AttendanceRecord,
	type Ballot,
	type CaseEvaluation,
	type Choice,
	type Declaration,
	type Delegation,
	type EvaluationCase,
	type EvaluationCaseInput,
	type GovernanceRules,
	type Mandate,
	type Member,
	type Organisation
} from './governance';

/**
 * A body as it stands on a day, as the simulator needs it: its members with their roles (and for a deputy, whom
 * they stand in for), the organisations they represent with their weights, whether each is a clinician, the
 * delegations the body holds and its members' mandates. Plain data, so it can be sent to the browser.
 */
export interface SimulatorBody {
	id: string;
	name: string;
	/** Where its recommendations go, e.g. "NHS England North regional team". */
	parentBodyName: string;
	/** The day the picture is of, YYYY-MM-DD: the members who hold a membership that day. */
	onDate: string;
	delegations: Delegation[];
	/** The organisations the members represent, each with its weight for this body when it has one. */
	organisations: Organisation[];
	members: Member[];
	mandates: Mandate[];
}

/** How a member attends for the item. "left" is a member who came but has left the meeting by this item. */
export const SIMULATED_ATTENDANCE = ['present', 'remote', 'apologies', 'absent', 'left'] as const;
export type SimulatedAttendance = (typeof SIMULATED_ATTENDANCE)[number];

/** A ballot as the simulator takes it: a choice, or no ballot at all. */
export const BALLOT_CHOICES = ['for', 'against', 'abstain', 'not_voting'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];

/** An interest declared on the item, and what the chair ruled follows from it; "none" when nothing is declared. */
export const DECLARATION_CHOICES = ['none', ...DECLARATION_OUTCOMES] as const;
export type DeclarationChoice = (typeof DECLARATION_CHOICES)[number];

/** One member in the simulated meeting. A member the scenario leaves out is absent and does not vote. */
export interface MemberScenario {
	attendance: SimulatedAttendance;
	/** For a deputy who attends: the member they stand in for, when not the one they are named for. */
	deputyFor?: string;
	declaration?: DeclarationChoice;
	/** The interest in words, as it would be minuted ("employed by the proposed provider"). */
	interest?: string;
	/** The member's vote: for every organisation they cast a vote for, unless `organisationBallots` says otherwise. */
	ballot: BallotChoice;
	/** Under a vote per organisation: a representative's vote for one of the organisations, by organisation id. */
	organisationBallots?: Record<string, BallotChoice>;
}

/** The motion as typed: money in pounds, dates YYYY-MM-DD, an empty string for a date not given. */
export interface SimulatedMotion {
	text: string;
	/** The decision category code, as delegations and mandates name it ("service_review"). */
	category: string;
	/** What the decision commits, in pounds as typed ("250,000", "£1,200,000.50"); empty for nothing. */
	value: string;
	/** Procedural business: always within the body's own power. */
	procedural?: boolean;
	/** When notice of the intended decision went to member organisations. */
	noticeGivenOn?: string;
	/** When the agenda and papers were issued. */
	papersIssuedOn?: string;
}

/** A meeting imagined for the simulator: who is there, who is conflicted, the motion and the ballots. */
export interface SimulatorScenario {
	/** YYYY-MM-DD: notice, delegations and mandates are judged on it. */
	meetingDate: string;
	/** By member id. */
	members: Record<string, MemberScenario>;
	motion: SimulatedMotion;
	/** The chair's casting vote, used only on a tie and only if the rules give one. */
	castingVote?: 'for' | 'against';
	/** What the chair does when a binding vote cannot open. */
	ifBindingVoteCannotOpen?: 'defer' | 'indicative_vote';
}

/** A problem with the scenario: `field` is its path ("motion.value", "members.<id>.ballot"), `message` names it in words. */
export interface SimulatorProblem {
	field: string;
	message: string;
}

/** What a simulation gives: the engine's evaluation and the case it judged, or every problem with the input. */
export type Simulation =
	| { ok: true; evaluation: CaseEvaluation; evaluationCase: EvaluationCase }
	| { ok: false; problems: SimulatorProblem[] };

const POUNDS = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Pounds as typed ("£1,200,000.50") to whole pence, exactly; an empty field is nothing; null when unreadable. */
export function poundsToPence(typed: string): number | null {
	const text = typed.trim().replace(/^£/, '').replaceAll(',', '').trim();
	if (text === '') return 0;
	const match = POUNDS.exec(text);
	if (!match) return null;
	// 13 digits of pounds stay well inside Number.MAX_SAFE_INTEGER pence.
	return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

const optionalDate = z.string().refine((text) => text === '' || isIsoDate(text)).optional();

const ScenarioSchema = z.object({
	meetingDate: z.string().refine(isIsoDate),
	members: z.record(
		z.string(),
		z.object({
			attendance: z.enum(SIMULATED_ATTENDANCE),
			deputyFor: z.string().optional(),
			declaration: z.enum(DECLARATION_CHOICES).optional(),
			interest: z.string().optional(),
			ballot: z.enum(BALLOT_CHOICES),
			organisationBallots: z.record(z.string(), z.enum(BALLOT_CHOICES)).optional()
		})
	),
	motion: z.object({
		text: z.string().refine((text) => text.trim() !== ''),
		category: z.string().refine((text) => text.trim() !== ''),
		value: z.string().refine((text) => poundsToPence(text) !== null),
		procedural: z.boolean().optional(),
		noticeGivenOn: optionalDate,
		papersIssuedOn: optionalDate
	}),
	castingVote: z.enum(['for', 'against']).optional(),
	ifBindingVoteCannotOpen: z.enum(['defer', 'indicative_vote']).optional()
});

const MOTION_MESSAGES: Record<string, string> = {
	meetingDate: 'Meeting date: enter a real date, like 14 July 2016',
	'motion.text': 'Motion: enter the motion',
	'motion.category': 'Decision category: choose the kind of decision',
	'motion.value': 'Value of the decision: enter an amount in pounds, like 250000 or 1,200,000.50, or leave it empty',
	'motion.procedural': 'Procedural business: tick it or leave it',
	'motion.noticeGivenOn': 'Date notice was given: enter a real date, like 1 June 2016, or leave it empty',
	'motion.papersIssuedOn': 'Date papers were issued: enter a real date, like 5 July 2016, or leave it empty',
	castingVote: "Chair's casting vote: choose for or against, or leave it empty",
	ifBindingVoteCannotOpen: 'If a binding vote cannot open: choose to defer or to hold an indicative vote'
};

const CHOICE_WORDS = 'choose for, against, abstain or not voting';

/** The message for a field of the scenario, naming it (and the member it is about) in words. */
function messageFor(path: readonly PropertyKey[], body: SimulatorBody): string {
	const key = path.map(String).join('.');
	if (path[0] !== 'members') return MOTION_MESSAGES[key] ?? `${key}: this cannot be read`;
	const memberId = String(path[1] ?? '');
	const name = body.members.find((m) => m.id === memberId)?.name ?? `Member "${memberId}"`;
	switch (path[2]) {
		case 'attendance':
			return `Attendance of ${name}: choose present, remote, apologies, absent or left the meeting`;
		case 'deputyFor':
			return `${name} stands in for: choose a voting member of the body`;
		case 'declaration':
			return `Interest declared by ${name}: choose none, may take part, may not vote, or leaves the meeting for the item`;
		case 'interest':
			return `Interest declared by ${name}: describe it in words`;
		case 'ballot':
			return `Vote of ${name}: ${CHOICE_WORDS}`;
		case 'organisationBallots': {
			const organisation = body.organisations.find((o) => o.id === String(path[3]))?.name ?? 'an organisation';
			return `Vote of ${name} for ${organisation}: ${CHOICE_WORDS}`;
		}
		default:
			return `${name}: say how they attend and how they vote`;
	}
}

/** Problems the schema cannot see: references to members and organisations, and dates out of order. */
function checkReferences(body: SimulatorBody, scenario: SimulatorScenario): SimulatorProblem[] {
	const problems: SimulatorProblem[] = [];
	const byId = new Map(body.members.map((member) => [member.id, member]));
	for (const [memberId, entry] of Object.entries(scenario.members)) {
		const member = byId.get(memberId);
		if (!member) {
			problems.push({ field: `members.${memberId}`, message: `No member of ${body.name} has the id "${memberId}"` });
			continue;
		}
		if (entry.deputyFor !== undefined && entry.deputyFor !== '') {
			const field = `members.${memberId}.deputyFor`;
			if (member.role !== 'deputy') {
				problems.push({ field, message: `${member.name} stands in for: only a deputy stands in for another member` });
			} else if (!byId.has(entry.deputyFor)) {
				problems.push({ field, message: messageFor(['members', memberId, 'deputyFor'], body) });
			}
		}
		for (const organisationId of Object.keys(entry.organisationBallots ?? {})) {
			if (!body.organisations.some((o) => o.id === organisationId)) {
				problems.push({
					field: `members.${memberId}.organisationBallots.${organisationId}`,
					message: `Vote of ${member.name}: no organisation of ${body.name} has the id "${organisationId}"`
				});
			}
		}
	}
	for (const key of ['noticeGivenOn', 'papersIssuedOn'] as const) {
		const date = scenario.motion[key];
		if (date && compareDates(date, scenario.meetingDate) > 0) {
			const label = key === 'noticeGivenOn' ? 'Date notice was given' : 'Date papers were issued';
			problems.push({ field: `motion.${key}`, message: `${label}: enter a date on or before the meeting date, or leave it empty` });
		}
	}
	return problems;
}

/**
 * Simulates an item under `rules` for `body`: builds the evaluation case the scenario describes and returns the
 * engine's evaluation of it (quorum, who may vote, whether a binding vote may open, the outcome and the whole
 * explanation). With no ballot cast, nothing is decided: the evaluation says only whether a vote may open.
 * Refuses bad input, listing every problem with the field it is in.
 */
export function simulate(rules: GovernanceRules, body: SimulatorBody, scenario: SimulatorScenario): Simulation {
	const shape = ScenarioSchema.safeParse(scenario);
	if (!shape.success) {
		const problems = shape.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: messageFor(issue.path, body) }));
		return { ok: false, problems: unique(problems) };
	}
	const references = checkReferences(body, scenario);
	if (references.length > 0) return { ok: false, problems: references };

	const input = buildCase(rules, body, scenario);
	const parsed = parseCase(input);
	if (!parsed.ok) return { ok: false, problems: parsed.problems.map((problem) => ({ field: 'body', message: describeCaseProblem(problem, body) })) };
	return { ok: true, evaluation: evaluateCase(parsed.evaluationCase), evaluationCase: parsed.evaluationCase };
}

const ABSENT: MemberScenario = { attendance: 'absent', ballot: 'not_voting' };

/** The evaluation case a scenario describes, before the case's own checks. */
function buildCase(rules: GovernanceRules, body: SimulatorBody, scenario: SimulatorScenario): EvaluationCaseInput {
	const entryOf = (member: Member) => scenario.members[member.id] ?? ABSENT;
	const attendance: AttendanceRecord[] = body.members.map((member) => {
		const entry = entryOf(member);
		const standsInFor = member.role === 'deputy' && entry.deputyFor ? { deputyFor: entry.deputyFor } : {};
		return entry.attendance === 'left'
			? { memberId: member.id, status: 'present', departed: true, ...standsInFor }
			: { memberId: member.id, status: entry.attendance, ...standsInFor };
	});
	const declarations: Declaration[] = body.members.flatMap((member) => {
		const entry = entryOf(member);
		if (!entry.declaration || entry.declaration === 'none') return [];
		const interest = entry.interest?.trim();
		return [{ memberId: member.id, outcome: entry.declaration, ...(interest ? { interest } : {}) }];
	});
	const { motion } = scenario;
	const ballots = ballotsOf(rules, body, scenario, { rules, organisations: body.organisations, members: body.members, attendance, declarations });
	return {
		schemaVersion: CASE_SCHEMA_VERSION,
		meetingDate: scenario.meetingDate,
		rules,
		body: { id: body.id, name: body.name, parentBodyName: body.parentBodyName, delegations: body.delegations },
		organisations: body.organisations,
		members: body.members,
		attendance,
		declarations,
		mandates: body.mandates,
		motion: {
			text: motion.text.trim(),
			category: motion.category.trim(),
			valuePence: poundsToPence(motion.value) ?? 0,
			procedural: motion.procedural ?? false,
			...(motion.noticeGivenOn ? { noticeGivenOn: motion.noticeGivenOn } : {}),
			...(motion.papersIssuedOn ? { papersIssuedOn: motion.papersIssuedOn } : {})
		},
		...(ballots.length > 0
			? {
					decision: {
						method: 'vote' as const,
						ballots,
						...(scenario.castingVote ? { castingVote: scenario.castingVote } : {}),
						ifBindingVoteCannotOpen: scenario.ifBindingVoteCannotOpen ?? 'defer'
					}
				}
			: {})
	};
}

/**
 * The ballots the scenario casts. Under a vote per member, one per member who votes. Under a vote per organisation
 * (weighted or not) one for each organisation's vote the member may cast, as the engine's eligibility says (a
 * deputy casts the votes of the member they stand in for); a member who may cast none still casts their ballot, so
 * the engine sets it aside and says why.
 */
function ballotsOf(
	rules: GovernanceRules,
	body: SimulatorBody,
	scenario: SimulatorScenario,
	sitting: Parameters<typeof eligibleVoters>[0]
): Ballot[] {
	const voting = body.members.filter((member) => {
		const entry = scenario.members[member.id];
		return entry && (entry.ballot !== 'not_voting' || Object.values(entry.organisationBallots ?? {}).some((c) => c !== 'not_voting'));
	});
	if (voting.length === 0) return [];
	const choice = (value: BallotChoice | undefined): Choice | undefined => (value === undefined || value === 'not_voting' ? undefined : value);
	if (rules.voting.basis === 'per_member') {
		return voting.flatMap((member) => {
			const cast = choice(scenario.members[member.id]!.ballot);
			return cast ? [{ voterId: member.id, choice: cast }] : [];
		});
	}
	const { entitlements } = eligibleVoters(sitting);
	return voting.flatMap((member): Ballot[] => {
		const entry = scenario.members[member.id]!;
		const votes = entitlements.filter((vote) => vote.casters.some((caster) => caster.memberId === member.id));
		if (votes.length === 0) {
			const cast = choice(entry.ballot);
			return cast ? [{ voterId: member.id, choice: cast }] : [];
		}
		return votes.flatMap((vote) => {
			const cast = choice(entry.organisationBallots?.[vote.key] ?? entry.ballot);
			return cast ? [{ voterId: member.id, organisationId: vote.key, choice: cast }] : [];
		});
	});
}

/** A problem the case's own checks found, with the organisation or member it is about named rather than numbered. */
function describeCaseProblem(problem: string, body: SimulatorBody): string {
	const match = /^(organisations|members)\[(\d+)\][^:]*: (.*)$/s.exec(problem);
	if (!match) return problem;
	const index = Number(match[2]);
	const name = match[1] === 'organisations' ? body.organisations[index]?.name : body.members[index]?.name;
	return name ? `${name}: ${match[3]}` : problem;
}

function unique(problems: SimulatorProblem[]): SimulatorProblem[] {
	const seen = new Set<string>();
	return problems.filter((problem) => !seen.has(problem.field) && seen.add(problem.field));
}

/** A member attends only in another's place: they stay away until asked. */
const attendsAsDeputy = (member: Member) => member.role === 'deputy';

/** The scenario a simulation starts from: the body's day, everyone there (deputies stay away), nobody conflicted, no votes, no motion yet. */
export function newScenario(body: SimulatorBody): SimulatorScenario {
	return everyoneAttends(body, { meetingDate: body.onDate, members: {}, motion: { text: '', category: '', value: '', procedural: false, noticeGivenOn: '', papersIssuedOn: '' }, ifBindingVoteCannotOpen: 'defer' }, 'present');
}

/** Every member attends as given (present or remote), but deputies, who attend only in a member's place; interests and votes are kept. */
export function everyoneAttends(body: SimulatorBody, scenario: SimulatorScenario, attendance: 'present' | 'remote'): SimulatorScenario {
	const members: Record<string, MemberScenario> = {};
	for (const member of body.members) {
		const entry = scenario.members[member.id] ?? ABSENT;
		members[member.id] = { ...entry, attendance: attendsAsDeputy(member) ? 'absent' : attendance };
	}
	return { ...scenario, members };
}

/**
 * Every member who holds a vote under the rules, and every deputy who attends, votes `choice` (for each
 * organisation they vote for); everyone else casts no ballot.
 */
export function everyoneVotes(rules: GovernanceRules, body: SimulatorBody, scenario: SimulatorScenario, choice: BallotChoice): SimulatorScenario {
	const members: Record<string, MemberScenario> = {};
	for (const member of body.members) {
		const { organisationBallots: _separately, ...entry } = scenario.members[member.id] ?? ABSENT;
		const votes = holdsVote(member.role, rules) || (attendsAsDeputy(member) && entry.attendance !== 'absent' && entry.attendance !== 'apologies');
		members[member.id] = { ...entry, ballot: votes ? choice : 'not_voting' };
	}
	return { ...scenario, members };
}

/**
 * The categories a motion is chosen from: the body's delegated categories first (a decision in one of them can
 * bind), then the standard ones, each once.
 */
export function motionCategories(delegations: readonly Pick<Delegation, 'categories'>[]): { value: string; label: string }[] {
	const labelOf = (code: string) => {
		const known = COMMON_CATEGORIES.find((category) => category.value === code);
		if (known) return known.label;
		const words = describeCategory(code);
		return words.charAt(0).toUpperCase() + words.slice(1);
	};
	const codes = [...new Set([...delegations.flatMap((delegation) => delegation.categories), ...COMMON_CATEGORIES.map((c) => c.value)])];
	return codes.map((value) => ({ value, label: labelOf(value) }));
}

/** A sentence ending in a full stop. */
const stop = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * The outcome in one sentence, as the simulator heads its result with it: what the meeting decided and on what
 * footing, or why nothing was decided. The whole explanation says how.
 */
export function describeOutcome(evaluation: CaseEvaluation): string {
	const { outcome } = evaluation;
	if (!outcome) {
		const opening = evaluation.opening;
		if (!opening.ok) return stop(`No ballots entered. No binding vote may open: ${opening.reason}`);
		return opening.basis === 'recommendation'
			? `No ballots entered. A vote may open as a recommendation to ${opening.recommendationTo}; enter the ballots to see how it goes.`
			: 'No ballots entered. A binding vote may open; enter the ballots to see how it goes.';
	}
	if (!outcome.ok) {
		const refused = stop(`No decision: ${outcome.reason}`);
		return evaluation.chairAction === 'deferred' ? `${refused} The chair deferred the item.` : `${refused} ${describeAlternatives(outcome.alternatives)}`.trim();
	}
	switch (outcome.state) {
		case 'carried_binding':
			return 'Carried, and binding on every member, including those who voted against.';
		case 'carried_subject_to_ratification': {
			const by = listInEnglish((outcome.ratifyingOrganisations ?? []).map((o) => o.name));
			return `Carried subject to ratification by ${by || 'the organisations whose votes lacked a mandate'}${outcome.ratifyBy ? ` by ${formatDate(outcome.ratifyBy)}` : ''}: binding once they ratify.`;
		}
		case 'recommendation':
			return `Carried as a recommendation to ${outcome.recommendationTo ?? 'the parent body'}.`;
		case 'indicative':
			return `An indicative vote, recorded as not binding: ${outcome.indicativeResult === 'carried' ? 'carried' : 'not carried'}.`;
		default:
			return 'Not carried.';
	}
}
