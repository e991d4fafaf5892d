import type { GovernanceRulesInput } from '$lib/domain/governance';
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
import * as user from '../user';
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
	return { organisations: organisationIds.size, bodies: bodyIds.size, members: membershipIds.size };
}
