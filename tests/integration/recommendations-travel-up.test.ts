import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceRulesInput } from '../../src/lib/domain/governance';
import { formatDate } from '../../src/lib/domain/governance';
import { londonDate } from '../../src/lib/domain/london-time';
import type { Actor } from '../../src/lib/domain/policy';
import * as decision from '../../src/lib/server/decision';
import * as meeting from '../../src/lib/server/meeting';
import * as motion from '../../src/lib/server/motion';
import { newDatabase, type TestDatabase } from '../helpers/database';
import { markPresent, seedMeeting, type SeededMeeting } from '../helpers/meeting-fixture';

const RULES: GovernanceRulesInput = {
	schemaVersion: 1,
	quorum: { minimumCount: 2, deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
};
const MEMBERS = [
	{ key: 'chair', role: 'chair' as const },
	{ key: 'v1', role: 'voting_member' as const },
	{ key: 'sec', role: 'secretariat' as const }
];

describe('a recommendation that travels up', () => {
	let db: TestDatabase;
	let oversight: SeededMeeting;
	let subGroup: SeededMeeting;
	const actorOf = async (seeded: SeededMeeting, key: string): Promise<Actor> => {
		const [row] = await db.sql<{ userId: string; role: Actor['roles'][number]['role'] }[]>`select user_id, role from memberships where id = ${seeded.membershipIds[key]!}`;
		return { userId: row!.userId, isAdministrator: false, roles: [{ bodyId: seeded.bodyId, role: row!.role }] };
	};
	const bodyName = async (id: string) => (await db.sql<{ name: string }[]>`select name from bodies where id = ${id}`)[0]!.name;

	/** The chair puts a motion on the item and records consensus: the decision the engine reaches. */
	const agreeByConsensus = async (seeded: SeededMeeting, text: string) => {
		const chair = await actorOf(seeded, 'chair');
		return db.sql.begin(async (tx) => {
			const proposed = await motion.propose(tx, seeded.decisionItemId, { text, category: 'service_reconfiguration', valuePence: 0n, procedural: false, proposer: null, seconder: null, noticeGivenOn: null }, chair.userId);
			if (!proposed.ok) throw new Error(proposed.reason);
			const called = await motion.callConsensus(tx, proposed.value.id, { indicative: false }, chair.userId);
			if (!called.ok) throw new Error(called.reason);
			const reached = await motion.recordConsensus(tx, proposed.value.id, chair.userId);
			if (!reached.ok) throw new Error(reached.reason);
			const [row] = await tx<{ id: string }[]>`select id from decisions where motion_id = ${proposed.value.id}`;
			return { outcome: reached.value, decisionId: row!.id };
		});
	};

	beforeAll(async () => {
		db = await newDatabase();
		// The oversight group holds no delegation; nor does its sub-group: both can only recommend.
		oversight = await seedMeeting(db.sql, { name: 'North West oversight group', rules: RULES, members: MEMBERS });
		subGroup = await seedMeeting(db.sql, { name: 'Cardiac Delivery Sub-group', rules: RULES, members: MEMBERS, parentId: oversight.bodyId });
		await markPresent(db.sql, oversight, ['chair', 'v1']);
		await markPresent(db.sql, subGroup, ['chair', 'v1']);
	});
	afterAll(async () => db?.close());

	it('the sub-group recommends; the oversight group takes it up without authority and recommends it onward, and the register shows both levels', async () => {
		const first = await agreeByConsensus(subGroup, 'That adult cardiac surgery be consolidated into three centres');
		expect(first.outcome).toMatchObject({ state: 'recommendation', recommendationTo: await bodyName(oversight.bodyId) });

		// The oversight group's secretariat sees it among the matters to decide, and puts it on an item.
		const sec = await actorOf(oversight, 'sec');
		const matters = await decision.mattersToDecide(db.sql, sec, oversight.bodyId);
		expect(matters.map((d) => d.id)).toEqual([first.decisionId]);
		const named = await db.sql.begin((tx) => meeting.considerRecommendation(tx, oversight.decisionItemId, first.decisionId, sec.userId));
		expect(named).toMatchObject({ ok: true, value: { considersDecisionId: first.decisionId } });

		const second = await agreeByConsensus(oversight, 'That the sub-group’s recommendation be agreed');
		const today = formatDate(londonDate(new Date()));
		const [sub, group, region] = [await bodyName(subGroup.bodyId), await bodyName(oversight.bodyId), await bodyName(oversight.parentId)];
		expect(second.outcome).toMatchObject({ state: 'recommendation', recommendationTo: region, recommendationPath: { onwardTo: region } });
		const line = `Recommended by ${sub} on ${today}; recommended onward by ${group} on ${today} to ${region}.`;
		expect(second.outcome.explanation.at(-1)).toBe(line);

		// The register: the oversight group's decision names the path and links to the sub-group's; that one links up.
		const { decisions } = await decision.register(db.sql, sec, {});
		const upper = decisions.find((d) => d.id === second.decisionId)!;
		const lower = decisions.find((d) => d.id === first.decisionId)!;
		expect(upper.explanation.at(-1)).toBe(line);
		expect(upper.path.map((step) => [step.id, step.bodyName])).toEqual([[first.decisionId, sub]]);
		expect(upper.recommendationToBodyId).toBe(oversight.parentId);
		expect(lower.takenUpBy.map((step) => [step.id, step.bodyName, step.state])).toEqual([[second.decisionId, group, 'recommendation']]);
		expect(lower.recommendationToBodyId).toBe(oversight.bodyId);
		// Taken up, it stays on the register as the sub-group's recommendation; the regional team now has the onward one.
		expect((await decision.mattersToDecide(db.sql, sec, oversight.parentId)).map((d) => d.id)).toEqual([second.decisionId]);
	});

	it('refuses an item that names a decision not addressed to its body, or changes once decided', async () => {
		const sec = await actorOf(oversight, 'sec');
		const [decided] = await db.sql<{ id: string }[]>`select id from decisions where body_id = ${oversight.bodyId}`;
		// The oversight group's own recommendation goes to the regional team, not to the oversight group.
		const other = await seedMeeting(db.sql, { name: 'Another oversight group', rules: RULES, members: MEMBERS });
		const wrong = await db.sql.begin((tx) => meeting.considerRecommendation(tx, other.decisionItemId, decided!.id, sec.userId));
		expect(wrong).toEqual({ ok: false, reason: expect.stringMatching(/is not a recommendation to Another oversight group .*: choose one from its list of matters to decide$/) });
		const fixed = await db.sql.begin((tx) => meeting.considerRecommendation(tx, oversight.decisionItemId, null, sec.userId));
		expect(fixed).toEqual({ ok: false, reason: 'A decision has been reached on this item, so the recommendation it considers cannot change' });
	});
});
