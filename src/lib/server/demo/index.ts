import { addDays, type GovernanceRulesInput } from '$lib/domain/governance';
import { londonDate, londonToInstant } from '$lib/domain/london-time';
import type { MembershipRole } from '$lib/domain/roles';
import * as body from '../body';
import * as bodyRules from '../body-rules';
import type { Sql, Tx } from '../db';
import * as mandate from '../mandate';
import * as meeting from '../meeting';
import * as membership from '../membership';
import * as organisation from '../organisation';
import type { Result } from '../result';
import * as motion from '../motion';
import * as user from '../user';
import * as weight from '../weight';
import footprints from './hub-footprints-2015.json' with { type: 'json' };

/** The hubs and CCGs of the 2015 guidance, Appendix 2 (copied from shared/data). */
interface Footprints {
	hubs: { region: string; hub: string; ccgs: string[] }[];
}

/** Example people for the North West oversight group, one or more for every role. */
const NORTH_WEST_PEOPLE: {
	name: string;
	email: string;
	role: MembershipRole;
	organisations: string[];
	deputyFor?: string;
}[] = [
	{ name: 'Dr Ann Chair', email: 'ann.chair@example.nhs.uk', role: 'chair', organisations: ['NHS England'] },
	{ name: 'Ben Vice', email: 'ben.vice@example.nhs.uk', role: 'vice_chair', organisations: ['NHS Central Manchester CCG'] },
	{ name: 'Carol Member', email: 'carol.member@example.nhs.uk', role: 'voting_member', organisations: ['NHS Salford CCG', 'NHS Trafford CCG'] },
	{ name: 'Dev Member', email: 'dev.member@example.nhs.uk', role: 'voting_member', organisations: ['NHS Wirral CCG'] },
	{ name: 'Eve Member', email: 'eve.member@example.nhs.uk', role: 'voting_member', organisations: ['NHS Bolton CCG'] },
	{ name: 'Farid Deputy', email: 'farid.deputy@example.nhs.uk', role: 'deputy', organisations: ['NHS Wirral CCG'], deputyFor: 'dev.member@example.nhs.uk' },
	{ name: 'Grace Adviser', email: 'grace.adviser@example.nhs.uk', role: 'adviser', organisations: ['Public Health England North West'] },
	{ name: 'Harry Patient', email: 'harry.patient@example.org', role: 'ppv_representative', organisations: ['Healthwatch Manchester'] },
	{ name: 'Isla Observer', email: 'isla.observer@example.gov.uk', role: 'observer', organisations: ['Manchester City Council'] },
	{ name: 'Jo Secretariat', email: 'jo.secretariat@example.nhs.uk', role: 'secretariat', organisations: ['NHS England'] }
];

const OTHER_ORGANISATIONS = [
	{ name: 'NHS England', kind: 'nhs_england' as const, odsCode: 'X24' },
	{ name: 'Public Health England North West', kind: 'public_health' as const, odsCode: null },
	{ name: 'Manchester City Council', kind: 'local_authority' as const, odsCode: null },
	{ name: 'Healthwatch Manchester', kind: 'patient_voluntary' as const, odsCode: null },
	{ name: 'Central Manchester University Hospitals NHS Foundation Trust', kind: 'provider' as const, odsCode: 'RW3' }
];

export const NORTH_WEST_GROUP = 'North West Collaborative Commissioning Oversight Group';

/**
 * The rules of procedure of a 2015/16 oversight group (2015 guidance §3.4; DOMAIN.md worked examples 3 and 6):
 * quorate with half the voting members, including the chair or vice-chair and an NHS England member; decisions by
 * more than half of the votes cast, with the chair's casting vote; papers a week ahead. The groups hold no delegated
 * commissioning functions, so what they carry is a recommendation to their regional team.
 */
export const OVERSIGHT_GROUP_RULES: GovernanceRulesInput = {
	schemaVersion: 1,
	quorum: {
		minimumFraction: { fraction: '1/2', comparison: 'at_least' },
		requiredRoles: [{ anyOf: ['chair', 'vice_chair'], minimum: 1 }],
		requiredOrganisationKinds: [{ kind: 'nhs_england', minimum: 1 }],
		deputiesCount: true
	},
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }], castingVote: 'chair', ppvRepresentativesVote: false },
	notice: { papersDays: 7 }
};

/** The North West group's next meeting, a fortnight ahead: business in public and one item in confidence. */
const NEXT_MEETING_ITEMS: meeting.ItemInput[] = [
	{ title: 'Cardiac surgery: consolidation into three centres', purpose: 'decision', presenter: 'Dr Ann Chair', minutesAllotted: 30, part: 'A', parentId: null },
	{ title: 'Specialised renal dialysis capacity review', purpose: 'discussion', presenter: 'Grace Adviser', minutesAllotted: 20, part: 'A', parentId: null },
	{ title: 'Provider contract negotiation', purpose: 'decision', presenter: 'Ben Vice', minutesAllotted: 15, part: 'B', parentId: null }
];

/** A Carter-style specialised commissioning group of the demo: CCGs that hold delegated authority and decide together. */
interface SpecialisedCommissioningGroup {
	name: string;
	/** The regional team it sits under, whose region its CCGs are in. */
	region: string;
	/** Its member CCGs, from the 2015 hub footprints, with their weights when the vote is weighted. */
	organisations: { name: string; weight?: string }[];
	weightBasis?: string;
	people: { name: string; email: string; role: MembershipRole; organisations: string[]; deputyFor?: string }[];
	rules: GovernanceRulesInput;
	rulesNote: string;
	delegation: { categories: string[]; financialLimitPence: bigint; note: string };
	/** Its next meeting, this many days ahead, with one item for decision and the motion on it already proposed. */
	meeting: { daysAhead: number; time: string; endTime: string; place: string };
	item: { title: string; presenter: string; minutesAllotted: number };
	motion: { text: string; category: string; valuePence: bigint; proposer: string; seconder: string };
	/** How many days before the meeting notice of the intended decision went to the member CCGs. */
	decisionNoticeDays: number | null;
}

/**
 * The Northern Specialised Commissioning Group of DOMAIN.md worked example 1 (Carter App. 5), on the demo's real
 * CCGs of the North East: five CCGs weighted by capitation share 30, 25, 20, 15 and 10, deciding by at least 75% of
 * eligible votes within the authority its CCGs delegated. Its next meeting puts example 1's motion.
 */
export const NORTHERN_SCG = 'Northern Specialised Commissioning Group';

/**
 * The North West London Specialised Commissioning Group of worked example 2: its eight CCGs (in 2015 the successors of
 * the eight PCTs of the example), one vote each, binding when at least 6 agree.
 */
export const NORTH_WEST_LONDON_SCG = 'North West London Specialised Commissioning Group';

/** The motion of worked example 1, on the Northern SCG's next agenda. */
export const NORTHERN_SCG_MOTION = 'That the member CCGs commission the regional paediatric neuro-rehabilitation service collaboratively from 1 October 2016';
/** The motion of worked example 2, on the North West London SCG's next agenda. */
export const NORTH_WEST_LONDON_SCG_MOTION = "That the HIV consortium's risk-sharing protocol for 2008/09 be based on a three-year rolling average of activity";

const SPECIALISED_COMMISSIONING_GROUPS: SpecialisedCommissioningGroup[] = [
	{
		name: NORTHERN_SCG,
		region: 'North',
		organisations: [
			{ name: 'NHS Northumberland CCG', weight: '30' },
			{ name: 'NHS Sunderland CCG', weight: '25' },
			{ name: 'NHS Gateshead CCG', weight: '20' },
			{ name: 'NHS North Tyneside CCG', weight: '15' },
			{ name: 'NHS South Tyneside CCG', weight: '10' }
		],
		weightBasis: 'Weighted capitation share (demo: Carter App. 5)',
		people: [
			{ name: 'Dr Alison Reed', email: 'alison.reed@example.nhs.uk', role: 'chair', organisations: ['NHS Northumberland CCG'] },
			{ name: 'Brian Hall', email: 'brian.hall@example.nhs.uk', role: 'voting_member', organisations: ['NHS Sunderland CCG'] },
			{ name: 'Dr Chitra Nair', email: 'chitra.nair@example.nhs.uk', role: 'voting_member', organisations: ['NHS Gateshead CCG'] },
			{ name: 'David Lowe', email: 'david.lowe@example.nhs.uk', role: 'voting_member', organisations: ['NHS North Tyneside CCG'] },
			{ name: 'Eileen Scott', email: 'eileen.scott@example.nhs.uk', role: 'voting_member', organisations: ['NHS South Tyneside CCG'] },
			{ name: 'Fiona Grant', email: 'fiona.grant@example.nhs.uk', role: 'secretariat', organisations: [] }
		],
		rules: {
			schemaVersion: 1,
			quorum: { minimumFraction: { fraction: '1/2', comparison: 'at_least' }, deputiesCount: true },
			voting: { basis: 'weighted', thresholds: [{ of: 'eligible_votes', comparison: 'at_least', fraction: '0.75' }], castingVote: 'none' },
			notice: { papersDays: 7, bindingFinancialDecisionDays: 30 },
			appealPeriodDays: 28,
			arbitrationAboveValuePence: 10_000_000
		},
		rulesNote: 'Demo: the Northern SCG rules of Carter App. 5 (weighted votes, at least 75% of eligible votes)',
		delegation: { categories: ['service_investment', 'service_review', 'designation'], financialLimitPence: 500_000_000n, note: 'Delegated by its member CCGs (demo)' },
		meeting: { daysAhead: 14, time: '10:00', endTime: '12:00', place: 'Waterfront 4, Goldcrest Way, Newcastle upon Tyne' },
		item: { title: 'Regional paediatric neuro-rehabilitation service: collaborative commissioning', presenter: 'Dr Alison Reed', minutesAllotted: 40 },
		motion: { text: NORTHERN_SCG_MOTION, category: 'service_investment', valuePence: 120_000_000n, proposer: 'alison.reed@example.nhs.uk', seconder: 'brian.hall@example.nhs.uk' },
		decisionNoticeDays: 35
	},
	{
		name: NORTH_WEST_LONDON_SCG,
		region: 'London',
		organisations: [
			{ name: 'NHS Brent CCG' },
			{ name: 'NHS Ealing CCG' },
			{ name: 'NHS Hammersmith & Fulham CCG' },
			{ name: 'NHS Harrow CCG' },
			{ name: 'NHS Hillingdon CCG' },
			{ name: 'NHS Hounslow CCG' },
			{ name: 'NHS West London CCG' },
			{ name: 'NHS Central London CCG' }
		],
		people: [
			{ name: 'Anne Brooks', email: 'anne.brooks@example.nhs.uk', role: 'voting_member', organisations: ['NHS Brent CCG'] },
			{ name: 'Ian Patel', email: 'ian.patel@example.nhs.uk', role: 'voting_member', organisations: ['NHS Ealing CCG'] },
			{ name: 'Mary Okafor', email: 'mary.okafor@example.nhs.uk', role: 'voting_member', organisations: ['NHS Hammersmith & Fulham CCG'] },
			{ name: 'Tom Reilly', email: 'tom.reilly@example.nhs.uk', role: 'voting_member', organisations: ['NHS Harrow CCG'] },
			{ name: 'Sue Khan', email: 'sue.khan@example.nhs.uk', role: 'voting_member', organisations: ['NHS Hillingdon CCG'] },
			{ name: 'Paul Evans', email: 'paul.evans@example.nhs.uk', role: 'voting_member', organisations: ['NHS Hounslow CCG'] },
			{ name: 'Rachel Lee', email: 'rachel.lee@example.nhs.uk', role: 'voting_member', organisations: ['NHS West London CCG'] },
			{ name: 'Gordon Shaw', email: 'gordon.shaw@example.nhs.uk', role: 'chair', organisations: ['NHS Central London CCG'] },
			{ name: 'Neil Forbes', email: 'neil.forbes@example.nhs.uk', role: 'deputy', organisations: ['NHS Harrow CCG'], deputyFor: 'tom.reilly@example.nhs.uk' },
			{ name: 'Helen Ward', email: 'helen.ward@example.nhs.uk', role: 'secretariat', organisations: [] }
		],
		rules: {
			schemaVersion: 1,
			quorum: { minimumCount: 6, deputiesCount: true },
			voting: { basis: 'per_organisation', thresholds: [{ of: 'organisations_in_favour', minimum: 6 }], castingVote: 'none' },
			notice: { papersDays: 5, bindingFinancialDecisionDays: 30 },
			appealPeriodDays: 28,
			arbitrationAboveValuePence: 10_000_000
		},
		rulesNote: 'Demo: the North West London SCG rules (one vote per CCG, binding when at least 6 of the 8 agree)',
		delegation: { categories: ['risk_sharing', 'service_investment'], financialLimitPence: 300_000_000n, note: 'Delegated by its eight member CCGs (demo)' },
		meeting: { daysAhead: 21, time: '14:00', endTime: '16:00', place: 'Room 2.04, 15 Marylebone Road, London' },
		item: { title: 'HIV consortium risk-sharing protocol', presenter: 'Gordon Shaw', minutesAllotted: 30 },
		motion: { text: NORTH_WEST_LONDON_SCG_MOTION, category: 'risk_sharing', valuePence: 0n, proposer: 'gordon.shaw@example.nhs.uk', seconder: 'anne.brooks@example.nhs.uk' },
		decisionNoticeDays: null
	}
];

/**
 * Loads the demo: NHS England's four regional teams, an oversight group for each of the ten hubs with its CCGs,
 * and example members of the North West group in every role. Only on a database with no organisations yet.
 */
export async function load(sql: Sql, actorId: string | null): Promise<Result<{ organisations: number; bodies: number; members: number }>> {
	return sql.begin(async (tx) => {
		const [existing] = await tx<{ n: number }[]>`select count(*)::int as n from organisations`;
		if ((existing?.n ?? 0) > 0) return { ok: false as const, reason: 'Demo data loads only into an empty portal: organisations already exist.' };
		const result = await loadInto(tx, actorId);
		return { ok: true as const, value: result };
	});
}

async function loadInto(tx: Tx, actorId: string | null) {
	const data = footprints as Footprints;
	const organisationIds = new Map<string, string>();
	const add = async (input: organisation.OrganisationInput) => {
		const created = await organisation.create(tx, input, actorId);
		if (!created.ok) throw new Error(`Demo organisation ${input.name}: ${created.reason}`);
		organisationIds.set(input.name, created.value.id);
	};
	for (const other of OTHER_ORGANISATIONS) await add(other);
	for (const hub of data.hubs) for (const ccg of hub.ccgs) await add({ name: ccg, kind: 'ccg', odsCode: null });

	const bodyIds = new Map<string, string>();
	const addBody = async (input: body.BodyInput) => {
		const created = await body.create(tx, input, actorId);
		if (!created.ok) throw new Error(`Demo body ${input.name}: ${created.reason}`);
		bodyIds.set(input.name, created.value.id);
		return created.value.id;
	};
	for (const region of [...new Set(data.hubs.map((h) => h.region))]) {
		await addBody({ name: `NHS England ${region} regional team`, kind: 'regional_team', parentId: null });
	}
	for (const hub of data.hubs) {
		await addBody({
			name: `${hub.hub} Collaborative Commissioning Oversight Group`,
			kind: 'oversight_group',
			parentId: bodyIds.get(`NHS England ${hub.region} regional team`)!
		});
	}
	const northWest = bodyIds.get(NORTH_WEST_GROUP)!;
	await addBody({ name: 'North West Cardiac Delivery Sub-group', kind: 'delivery_sub_group', parentId: northWest });

	const membershipIds = new Map<string, string>();
	let secretariatId: string | null = null;
	for (const person of NORTH_WEST_PEOPLE) {
		const created = await user.ensurePerson(tx, { email: person.email, name: person.name }, actorId);
		if (person.role === 'secretariat') secretariatId ??= created.id;
		const joined = await membership.create(
			tx,
			northWest,
			created.id,
			{
				role: person.role,
				deputyFor: person.deputyFor ? membershipIds.get(person.deputyFor)! : null,
				organisationIds: person.organisations.map((name) => organisationIds.get(name)!),
				startsOn: '2015-04-01',
				endsOn: null
			},
			actorId
		);
		if (!joined.ok) throw new Error(`Demo member ${person.name}: ${joined.reason}`);
		membershipIds.set(person.email, joined.value.id);
	}
	// Dev Member's CCG has delegated up to £250,000 for service reviews: DOMAIN.md worked example 5.
	const limited = await mandate.create(
		tx,
		membershipIds.get('dev.member@example.nhs.uk')!,
		{
			organisationId: organisationIds.get('NHS Wirral CCG')!,
			categories: ['service_review', 'service_designation'],
			financialLimitPence: 25_000_000n,
			expiresOn: '2027-03-31',
			evidence: 'NHS Wirral CCG scheme of reservation and delegation, section 4.2 (demo)'
		},
		actorId
	);
	if (!limited.ok) throw new Error(`Demo mandate: ${limited.reason}`);

	// Every oversight group runs by the 2015/16 rules, so its live meetings check quorum and count votes from the start.
	for (const hub of data.hubs) {
		const groupId = bodyIds.get(`${hub.hub} Collaborative Commissioning Oversight Group`)!;
		const recorded = await bodyRules.record(tx, groupId, OVERSIGHT_GROUP_RULES, { source: 'entered', note: 'Demo: the 2015/16 oversight group rules (2015 guidance §3.4)' }, actorId);
		if (!recorded.ok) throw new Error(`Demo rules: ${recorded.problems.join('; ')}`);
	}
	// The North West group's next meeting, scheduled and its notice recorded (not emailed: the demo people have no
	// mailboxes) by its secretariat, so its agenda is published and its live meeting can be run.
	const scheduler = actorId ?? secretariatId!;
	const day = londonDate(new Date(Date.now() + 14 * 24 * 60 * 60 * 1000));
	const next = await meeting.schedule(
		tx,
		northWest,
		{ title: 'Oversight group meeting', startsAt: londonToInstant(day, '14:00'), endsAt: londonToInstant(day, '16:00'), place: 'Room 3, Piccadilly Place, Manchester', videoLink: '' },
		scheduler
	);
	if (!next.ok) throw new Error(`Demo meeting: ${next.reason}`);
	for (const item of NEXT_MEETING_ITEMS) {
		const added = await meeting.addItem(tx, next.value.id, item, scheduler);
		if (!added.ok) throw new Error(`Demo agenda item ${item.title}: ${added.reason}`);
	}
	const issued = await meeting.recordNoticeIssued(tx, next.value.id, scheduler);
	if (!issued.ok) throw new Error(`Demo notice: ${issued.reason}`);

	let members = membershipIds.size;
	for (const group of SPECIALISED_COMMISSIONING_GROUPS) {
		const groupId = await addBody({ name: group.name, kind: 'other', parentId: bodyIds.get(`NHS England ${group.region} regional team`)! });
		members += await loadSpecialisedCommissioningGroup(tx, groupId, group, organisationIds, actorId);
	}
	return { organisations: organisationIds.size, bodies: bodyIds.size, members };
}

/**
 * A specialised commissioning group with its members, weights, rules, delegated authority, and its next meeting: the
 * notice and papers recorded as issued and the motion proposed on its item, so the chair opens the vote at the
 * meeting and the engine decides it by the group's own rules (DOMAIN.md worked examples 1 and 2).
 */
async function loadSpecialisedCommissioningGroup(
	tx: Tx,
	groupId: string,
	group: SpecialisedCommissioningGroup,
	organisationIds: Map<string, string>,
	actorId: string | null
): Promise<number> {
	const organisationOf = (name: string) => {
		const id = organisationIds.get(name);
		if (!id) throw new Error(`Demo: ${group.name} names ${name}, which is not among the 2015 CCGs`);
		return id;
	};
	const membershipIds = new Map<string, string>();
	let secretariatId: string | null = null;
	for (const person of group.people) {
		const created = await user.ensurePerson(tx, { email: person.email, name: person.name }, actorId);
		if (person.role === 'secretariat') secretariatId ??= created.id;
		const joined = await membership.create(
			tx,
			groupId,
			created.id,
			{
				role: person.role,
				deputyFor: person.deputyFor ? membershipIds.get(person.deputyFor)! : null,
				organisationIds: person.organisations.map(organisationOf),
				startsOn: '2015-04-01',
				endsOn: null
			},
			actorId
		);
		if (!joined.ok) throw new Error(`Demo member ${person.name} of ${group.name}: ${joined.reason}`);
		membershipIds.set(person.email, joined.value.id);
	}
	const clerk = actorId ?? secretariatId!;
	for (const organisation of group.organisations) {
		if (!organisation.weight) continue;
		const set = await weight.set(tx, groupId, { organisationId: organisationOf(organisation.name), weight: organisation.weight, basis: group.weightBasis ?? '' }, clerk);
		if (!set.ok) throw new Error(`Demo weight of ${organisation.name}: ${set.reason}`);
	}
	const recorded = await bodyRules.record(tx, groupId, group.rules, { source: 'entered', note: group.rulesNote }, actorId);
	if (!recorded.ok) throw new Error(`Demo rules of ${group.name}: ${recorded.problems.join('; ')}`);
	const delegated = await bodyRules.addDelegation(
		tx,
		groupId,
		{ categories: group.delegation.categories, financialLimitPence: group.delegation.financialLimitPence, validFrom: '2015-04-01', validTo: null, note: group.delegation.note },
		clerk
	);
	if (!delegated.ok) throw new Error(`Demo delegation to ${group.name}: ${delegated.reason}`);

	const day = londonDate(new Date(Date.now() + group.meeting.daysAhead * 24 * 60 * 60 * 1000));
	const next = await meeting.schedule(
		tx,
		groupId,
		{ title: `${group.name} meeting`, startsAt: londonToInstant(day, group.meeting.time), endsAt: londonToInstant(day, group.meeting.endTime), place: group.meeting.place, videoLink: '' },
		clerk
	);
	if (!next.ok) throw new Error(`Demo meeting of ${group.name}: ${next.reason}`);
	const item = await meeting.addItem(tx, next.value.id, { ...group.item, purpose: 'decision', part: 'A', parentId: null }, clerk);
	if (!item.ok) throw new Error(`Demo agenda item ${group.item.title}: ${item.reason}`);
	const issued = await meeting.recordNoticeIssued(tx, next.value.id, clerk);
	if (!issued.ok) throw new Error(`Demo notice of ${group.name}: ${issued.reason}`);
	const proposed = await motion.propose(
		tx,
		item.value.id,
		{
			text: group.motion.text,
			category: group.motion.category,
			valuePence: group.motion.valuePence,
			procedural: false,
			proposer: membershipIds.get(group.motion.proposer)!,
			seconder: membershipIds.get(group.motion.seconder)!,
			noticeGivenOn: group.decisionNoticeDays === null ? null : addDays(day, -group.decisionNoticeDays)
		},
		clerk
	);
	if (!proposed.ok) throw new Error(`Demo motion of ${group.name}: ${proposed.reason}`);
	return membershipIds.size;
}
