// The record scenario 5 of issue 13 reads: 10 bodies, 500 meetings, 5,000 decisions and 20,000 comments, and one
// member of every body signed in. Bodies, people, memberships, rules and meetings go through the portal's own
// modules (as the tests seed them); the agenda items, motions, decisions, attendance and comments behind them are
// plain inserts, since recording 5,000 decisions through live votes would take longer than the benchmark itself.
import { randomUUID } from 'node:crypto';
import { SIMPLE_MAJORITY } from '../tests/helpers/meeting-fixture';
import * as body from '../src/lib/server/body';
import * as bodyRules from '../src/lib/server/body-rules';
import type { Sql, Tx } from '../src/lib/server/db';
import * as meeting from '../src/lib/server/meeting';
import * as membership from '../src/lib/server/membership';
import * as organisation from '../src/lib/server/organisation';
import * as session from '../src/lib/server/session';
import * as user from '../src/lib/server/user';

export interface PagesSize {
	bodies: number;
	meetings: number;
	decisions: number;
	comments: number;
}

/** The sizes the issue names. */
export const ISSUE_SIZE: PagesSize = { bodies: 10, meetings: 500, decisions: 5000, comments: 20000 };

export interface SeededPages {
	/** `session=<token>` of a voting member of every body. */
	cookie: string;
	memberName: string;
	/** A held meeting of the first body with decisions (the most a meeting page shows). */
	meetingId: string;
	meetingTitle: string;
	/** How many decisions that meeting has, and how many upcoming meetings the member has. */
	meetingDecisions: number;
	upcoming: number;
	counts: Record<string, number>;
}

const MEMBERS_PER_BODY = 12;
const ORGANISATIONS_PER_BODY = 5;
/** Of each body's meetings, a tenth are still to come (5 of 50); the rest were held, monthly, before them. */
const UPCOMING_SHARE = 0.1;
const DAY = 86_400_000;

/** Inserts rows (objects keyed by column) into a table as one statement, through json_populate_recordset. */
async function insertRows(sql: Tx, table: string, rows: Record<string, unknown>[]): Promise<void> {
	if (rows.length === 0) return;
	const columns = Object.keys(rows[0]!);
	for (let start = 0; start < rows.length; start += 2000) {
		const chunk = rows.slice(start, start + 2000);
		await sql`insert into ${sql(table)} (${sql(columns)}) select ${sql(columns)} from json_populate_recordset(null::${sql(table)}, ${JSON.stringify(chunk)}::text::json)`;
	}
}

function figures(inFavour: number, against: number, abstain: number, eligible: number) {
	const cast = inFavour + against;
	return {
		footing: 'rules',
		figures: {
			inFavour: String(inFavour),
			against: String(against),
			abstain: String(abstain),
			eligible: String(eligible),
			present: String(inFavour + against + abstain),
			thresholds: [
				{
					rule: 'votes_cast',
					description: 'More than half of the votes cast',
					comparison: 'more_than',
					required: '1/2',
					actual: `${inFavour}/${cast}`,
					numerator: String(inFavour),
					denominator: String(cast),
					actualPercent: `${((100 * inFavour) / cast).toFixed(1)}%`,
					met: inFavour * 2 > cast
				}
			]
		}
	};
}

/** Seeds the record; `sql` is the database's own connection (seedAndClose). */
export async function seedPages(sql: Sql, size: PagesSize = ISSUE_SIZE): Promise<SeededPages> {
	const first = await user.createFirstAdministrator(sql, { email: 'admin@example.nhs.uk', name: 'Ada Admin', password: 'correct horse battery staple' });
	if (!first.ok) throw new Error(first.reason);
	const adminId = first.userId;
	const memberName = 'Mina Member';

	const structure = await sql.begin(async (tx) => {
		const member = await user.ensurePerson(tx, { email: 'mina.member@example.nhs.uk', name: memberName }, adminId);
		const bodies: { id: string; parentId: string | null; organisationIds: string[]; membershipIds: string[]; userIds: string[] }[] = [];
		for (let b = 0; b < size.bodies; b++) {
			// The first body is the regional team the others report to, so their recommendations have somewhere to go.
			const parentId = b === 0 ? null : bodies[0]!.id;
			const made = await body.create(tx, { name: b === 0 ? 'Bench Regional Team' : `Bench Oversight Group ${b}`, kind: b === 0 ? 'regional_team' : 'oversight_group', parentId }, adminId);
			if (!made.ok) throw new Error(made.reason);
			const bodyId = made.value.id;
			const rules = await bodyRules.record(tx, bodyId, SIMPLE_MAJORITY, { source: 'entered', note: 'bench' }, adminId);
			if (!rules.ok) throw new Error(rules.problems.join('; '));
			const organisationIds: string[] = [];
			for (let o = 0; o < ORGANISATIONS_PER_BODY; o++) {
				const created = await organisation.create(tx, { name: `Bench CCG ${b}.${o}`, kind: o === 0 ? 'nhs_england' : 'ccg', odsCode: null }, adminId);
				if (!created.ok) throw new Error(created.reason);
				organisationIds.push(created.value.id);
			}
			const membershipIds: string[] = [];
			const userIds: string[] = [];
			for (let m = 0; m <= MEMBERS_PER_BODY; m++) {
				// The last seat is the signed-in member's, voting in every body.
				const person = m === MEMBERS_PER_BODY ? member : await user.ensurePerson(tx, { email: `member.${b}.${m}@example.nhs.uk`, name: `Member ${String(m).padStart(2, '0')} of body ${b}` }, adminId);
				const role = m === 0 ? 'chair' : m === 1 ? 'vice_chair' : m === 2 ? 'secretariat' : m === 3 ? 'ppv_representative' : m === 4 ? 'observer' : 'voting_member';
				const joined = await membership.create(
					tx,
					bodyId,
					person.id,
					{ role, deputyFor: null, organisationIds: role === 'voting_member' || role === 'chair' ? [organisationIds[m % ORGANISATIONS_PER_BODY]!] : [], startsOn: '2015-04-01', endsOn: null },
					adminId
				);
				if (!joined.ok) throw new Error(joined.reason);
				membershipIds.push(joined.value.id);
				userIds.push(person.id);
			}
			bodies.push({ id: bodyId, parentId, organisationIds, membershipIds, userIds });
		}
		const started = await session.create(tx, member.id);
		return { bodies, cookie: `session=${started.token}` };
	});

	// Meetings: each body's share of the total, the last few upcoming and the rest held monthly before them.
	const now = Date.now();
	const held: { id: string; bodyIndex: number }[] = [];
	let upcoming = 0;
	await sql.begin(async (tx) => {
		for (let i = 0; i < size.meetings; i++) {
			const bodyIndex = i % size.bodies;
			const nth = Math.floor(i / size.bodies);
			const perBody = Math.ceil(size.meetings / size.bodies);
			const monthsAhead = nth - (perBody - Math.max(1, Math.round(perBody * UPCOMING_SHARE))) + 1;
			const isUpcoming = monthsAhead > 0;
			// Held meetings from last month back, a day apart between bodies; upcoming ones from next month on.
			const startsAt = new Date(now + (isUpcoming ? monthsAhead : monthsAhead - 1) * 30 * DAY + bodyIndex * DAY);
			startsAt.setUTCHours(10, 0, 0, 0);
			const made = await meeting.schedule(
				tx,
				structure.bodies[bodyIndex]!.id,
				{ title: `Meeting ${nth + 1} of ${bodyIndex === 0 ? 'the regional team' : `group ${bodyIndex}`}`, startsAt, endsAt: new Date(startsAt.getTime() + 3 * 3_600_000), place: 'Room 1', videoLink: '' },
				adminId,
				{ held: !isUpcoming }
			);
			if (!made.ok) throw new Error(made.reason);
			// The member sits on every body, so every upcoming meeting is theirs.
			if (isUpcoming) upcoming++;
			else held.push({ id: made.value.id, bodyIndex });
		}
	});

	// Each held meeting: its members present, and decision items after the standing ones, each with its motion and
	// decision. Every tenth item is Part B; the states go round the register's, with ratifications and events.
	const items: Record<string, unknown>[] = [];
	const motions: Record<string, unknown>[] = [];
	const decisions: Record<string, unknown>[] = [];
	const events: Record<string, unknown>[] = [];
	const attendance: Record<string, unknown>[] = [];
	const STATES = ['carried_binding', 'carried_binding', 'not_carried', 'carried_subject_to_ratification', 'ratified', 'implemented', 'recommendation', 'carried_binding', 'indicative', 'carried_binding'] as const;
	let decisionCount = 0;
	const perMeeting = new Map<string, number>();
	const heldStarts = await sql<{ id: string; startsAt: Date }[]>`select id, starts_at from meetings where id in ${sql(held.map((h) => h.id))}`;
	const startOf = new Map(heldStarts.map((m) => [m.id, m.startsAt]));
	for (const [h, { id: meetingId, bodyIndex }] of held.entries()) {
		const seat = structure.bodies[bodyIndex]!;
		for (const membershipId of seat.membershipIds) attendance.push({ meeting_id: meetingId, membership_id: membershipId, status: 'present', departed: false });
		const share = Math.floor((size.decisions * (h + 1)) / held.length) - Math.floor((size.decisions * h) / held.length);
		perMeeting.set(meetingId, share);
		const decidedAt = startOf.get(meetingId)!;
		for (let k = 0; k < share; k++) {
			const itemId = randomUUID();
			const motionId = randomUUID();
			const decisionId = randomUUID();
			const part = k % 10 === 9 ? 'B' : 'A';
			const due = new Date(decidedAt.getTime() + 28 * DAY).toISOString().slice(0, 10);
			let state: string = STATES[decisionCount % STATES.length]!;
			// The regional team has no parent to recommend to; a ratification whose period has ended has lapsed (the
			// portal lapses them at start, which would otherwise be the first thing the benchmark measured).
			if (bodyIndex === 0 && state === 'recommendation') state = 'carried_binding';
			const lapsed = state === 'carried_subject_to_ratification' && due < new Date(now).toISOString().slice(0, 10);
			if (lapsed) state = 'lapsed';
			const at = new Date(decidedAt.getTime() + (40 + 10 * k) * 60_000).toISOString();
			items.push({ id: itemId, meeting_id: meetingId, position: 6 + k, title: `Business case ${h + 1}.${k + 1}: service change`, purpose: 'decision', presenter: 'Director of commissioning', minutes_allotted: 10, part, discussion: 'The group discussed the case and its risks.' });
			motions.push({ id: motionId, agenda_item_id: itemId, text: `To approve business case ${h + 1}.${k + 1} for the specialised service change`, category: 'service_change', value_pence: (k % 4) * 25_000_000, state: 'decided', opened_at: at, closed_at: at });
			const inFavour = state === 'not_carried' ? 3 : 7;
			const ratifying = state === 'carried_subject_to_ratification' || state === 'ratified' || lapsed ? seat.organisationIds.slice(1, 3) : [];
			decisions.push({
				id: decisionId,
				motion_id: motionId,
				body_id: seat.id,
				meeting_id: meetingId,
				agenda_item_id: itemId,
				method: 'vote',
				state,
				recommendation_to_body_id: state === 'recommendation' ? seat.parentId : null,
				ratifying_organisation_ids: ratifying,
				ratify_by: ratifying.length ? due : null,
				appeal_by: null,
				figures: figures(inFavour, 10 - inFavour - 1, 1, 10),
				explanation: [`${inFavour} of the votes cast were in favour.`, 'The rules require more than half of the votes cast.', state === 'not_carried' ? 'The motion was not carried.' : 'The motion was carried.'],
				decided_at: at
			});
			if (state === 'ratified') for (const organisationId of ratifying) events.push({ id: randomUUID(), decision_id: decisionId, kind: 'ratified', organisation_id: organisationId, note: '', recorded_by: adminId, at });
			if (lapsed) events.push({ id: randomUUID(), decision_id: decisionId, kind: 'lapsed', organisation_id: null, note: 'Not ratified by every named organisation within the period the rules set', recorded_by: null, at: `${due}T23:00:00Z` });
			if (state === 'implemented') events.push({ id: randomUUID(), decision_id: decisionId, kind: 'implemented', organisation_id: null, note: 'Done', recorded_by: adminId, at });
			decisionCount++;
		}
	}
	// Comments on the bodies' co-edited documents, written by their members: each a thread of one comment
	// (migrations/018), on the whole document under a section's name, as the comments of migration 007 became.
	const threads: Record<string, unknown>[] = [];
	const comments: Record<string, unknown>[] = [];
	const base = now - 400 * DAY;
	for (let c = 0; c < size.comments; c++) {
		const seat = structure.bodies[c % size.bodies]!;
		const kind = c % 3;
		const docName = kind === 0 ? `terms-of-reference:${seat.id}` : kind === 1 ? `raci:${seat.id}` : `priorities:${seat.id}:${2015 + (c % 5)}-${String(16 + (c % 5)).padStart(2, '0')}`;
		const resolved = c % 4 === 0;
		const id = randomUUID();
		const authorId = seat.userIds[3 + (c % 8)]!;
		const at = new Date(base + c * 60_000).toISOString();
		threads.push({
			id,
			body_id: seat.id,
			anchor_kind: 'document',
			doc_name: docName,
			label: `Section ${1 + (c % 12)}`,
			started_by: authorId,
			started_at: at,
			resolved_at: resolved ? new Date(base + c * 60_000 + DAY).toISOString() : null,
			resolved_by: resolved ? seat.userIds[0]! : null
		});
		comments.push({ id, thread_id: id, author_id: authorId, text: `Comment ${c}: could this say more about how patients are told of the change?`, created_at: at });
	}
	await sql.begin(async (tx) => {
		await insertRows(tx, 'attendance', attendance);
		await insertRows(tx, 'agenda_items', items);
		await insertRows(tx, 'motions', motions);
		await insertRows(tx, 'decisions', decisions);
		await insertRows(tx, 'decision_events', events);
		await insertRows(tx, 'comment_threads', threads);
		await insertRows(tx, 'thread_comments', comments);
	});
	await sql`analyze`;

	const [chosen] = held.filter((h) => h.bodyIndex === 1).slice(-1);
	const [row] = await sql<{ title: string }[]>`select title from meetings where id = ${chosen!.id}`;
	const counts: Record<string, number> = {};
	for (const table of ['bodies', 'meetings', 'agenda_items', 'decisions', 'decision_events', 'thread_comments', 'memberships', 'users']) {
		const [found] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)}`;
		counts[table] = found!.n;
	}
	return { cookie: structure.cookie, memberName, meetingId: chosen!.id, meetingTitle: row!.title, meetingDecisions: perMeeting.get(chosen!.id)!, upcoming, counts };
}
