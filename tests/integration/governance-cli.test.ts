import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild } from '../helpers/children';
import { PROCESS_TEST_MS } from '../helpers/time';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs the command as a user would: npx tsx scripts/governance.ts ... */
async function governance(...args: string[]): Promise<Run> {
	const { child, exited } = startChild('npx', ['tsx', 'scripts/governance.ts', ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const code = await exited;
	return { code, stdout, stderr };
}

async function evaluate(example: string) {
	const run = await governance('evaluate', `docs/examples/${example}`);
	expect(run.code).toBe(0);
	return JSON.parse(run.stdout);
}

describe('npm run governance -- evaluate: the worked examples', { timeout: PROCESS_TEST_MS }, () => {
	it('1: weighted, 75 of 100 eligible votes: carried and binding', async () => {
		const evaluation = await evaluate('01-weighted-75-percent.json');
		expect(evaluation.outcome.state).toBe('carried_binding');
		expect(evaluation.outcome.figures).toMatchObject({ inFavour: '75', against: '15', eligible: '100' });
		expect(evaluation.outcome.figures.thresholds[0]).toMatchObject({ required: '3/4', actual: '3/4', actualPercent: '75.0%', met: true });
		expect(evaluation.explanation).toContain('Rule: at least 75% of eligible votes — 75 of the 100 eligible votes in favour (75.0%): met.');
	});

	it('1b: C abstains: 55%, not carried', async () => {
		const evaluation = await evaluate('01b-weighted-c-abstains.json');
		expect(evaluation.outcome.state).toBe('not_carried');
		expect(evaluation.outcome.figures.thresholds[0]).toMatchObject({ actualPercent: '55.0%', met: false });
	});

	it('1c: E conflicted: 75 of 90, 83.3%, carried', async () => {
		const evaluation = await evaluate('01c-weighted-e-conflicted.json');
		expect(evaluation.outcome.state).toBe('carried_binding');
		expect(evaluation.outcome.figures.thresholds[0]).toMatchObject({ numerator: '75', denominator: '90', actualPercent: '83.3%', met: true });
	});

	it('2: six of eight organisations: binding on the two that voted against', async () => {
		const evaluation = await evaluate('02-six-of-eight-organisations.json');
		expect(evaluation.outcome.state).toBe('carried_binding');
		expect(evaluation.outcome.figures.organisationsInFavour).toBe(6);
		expect(evaluation.explanation.join('\n')).toContain('including Ealing PCT and Hounslow PCT, which voted against');
	});

	it('3: no delegation: a recommendation to the parent body', async () => {
		const evaluation = await evaluate('03-no-delegation-recommendation.json');
		expect(evaluation.outcome).toMatchObject({ state: 'recommendation', recommendationTo: 'NHS England North regional team' });
	});

	it('4: short notice: an indicative vote recorded as non-binding', async () => {
		const evaluation = await evaluate('04-notice-indicative-vote.json');
		expect(evaluation.opening).toMatchObject({ ok: false, alternatives: ['defer', 'indicative_vote'] });
		expect(evaluation.chairAction).toBe('indicative_vote');
		expect(evaluation.outcome).toMatchObject({ state: 'indicative', indicativeResult: 'carried' });
		expect(evaluation.explanation).toContain('The chair held an indicative vote, recorded as non-binding.');
	});

	it('5: a vote beyond its mandate: subject to ratification by that CCG', async () => {
		const evaluation = await evaluate('05-mandate-ratification.json');
		expect(evaluation.outcome).toMatchObject({
			state: 'carried_subject_to_ratification',
			ratifyingOrganisations: [{ id: 'leicester-city', name: 'NHS Leicester City CCG' }]
		});
	});

	it('6: the NHS England member leaves: inquorate, no vote', async () => {
		const evaluation = await evaluate('06-quorum-nhs-england-leaves.json');
		expect(evaluation.quorum.quorate).toBe(false);
		expect(evaluation.quorum.failures).toEqual(['Quorum not met: no NHS England member present']);
		expect(evaluation.outcome).toMatchObject({ ok: false, reason: 'Quorum not met: no NHS England member present' });
	});

	it('7: a declared conflict: out of the vote and the quorum count', async () => {
		const evaluation = await evaluate('07-conflict-of-interest.json');
		expect(evaluation.quorum.counted).toBe(9);
		expect(evaluation.outcome.figures.eligible).toBe('9');
		expect(evaluation.explanation.join('\n')).toContain('Dr Ravi Chandra declared an interest');
	});

	it('8: sub-delegation beyond what the group holds: refused', async () => {
		const evaluation = await evaluate('08-sub-delegation-refused.json');
		expect(evaluation.subDelegation.ok).toBe(false);
		expect(evaluation.subDelegation.reason).toContain('cannot delegate more than it holds');
	});

	it('9: a tie: carried on the casting vote, and the minute says so', async () => {
		const evaluation = await evaluate('09-casting-vote.json');
		expect(evaluation.outcome.state).toBe('carried_binding');
		expect(evaluation.explanation.join('\n')).toContain('cast it for the motion, making 5 for and 4 against');
	});

	it('16: a recommendation carried without authority travels on, and the minute names its path', async () => {
		const evaluation = await evaluate('16-recommendation-travels-up.json');
		expect(evaluation.outcome).toMatchObject({ state: 'recommendation', recommendationPath: { onwardTo: 'NHS England North regional team' } });
		expect(evaluation.explanation.at(-1)).toBe(
			'Recommended by Cardiac Delivery Sub-group on 3 May 2017; recommended onward by North West collaborative commissioning oversight group on 14 June 2017 to NHS England North regional team.'
		);
	});

	it('17: a recommendation decided within authority', async () => {
		const evaluation = await evaluate('17-recommendation-decided-within-authority.json');
		expect(evaluation.outcome.state).toBe('carried_binding');
		expect(evaluation.explanation.at(-1)).toBe('Recommended by Cardiac Delivery Sub-group on 3 May 2017; decided by North West collaborative commissioning oversight group on 14 June 2017.');
	});
});


describe('npm run governance -- evaluate: counting notice at the boundary', { timeout: PROCESS_TEST_MS }, () => {
	it('14 and 14b: exactly 30 clear days binds; a day later, 29, is indicative', async () => {
		expect((await evaluate('14-notice-clear-days-boundary.json')).outcome.state).toBe('carried_binding');
		const short = await evaluate('14b-notice-clear-days-one-short.json');
		expect(short.opening.reason).toBe('Notice not met: notice was given 29 clear days before the meeting, and the rules require at least 30 clear days');
		expect(short.outcome.state).toBe('indicative');
	});

	it('15 and 15b: 10 clear working days across Christmas binds; a day later, 9, is indicative', async () => {
		const enough = await evaluate('15-notice-working-days-bank-holiday.json');
		expect(enough.outcome.state).toBe('carried_binding');
		expect(enough.opening.checks).toContainEqual(expect.objectContaining({ check: 'notice', met: true }));
		const short = await evaluate('15b-notice-working-days-one-short.json');
		expect(short.opening.reason).toBe(
			'Notice not met: notice was given 9 clear days before the meeting, not counting weekends or bank holidays, and the rules require at least 10 clear days'
		);
		expect(short.outcome.state).toBe('indicative');
	});
});

describe('npm run governance -- evaluate: decisions between meetings', { timeout: PROCESS_TEST_MS }, () => {
	it('a written resolution carried; the ballot after closing set aside', async () => {
		const evaluation = await evaluate('10-written-resolution-carried.json');
		expect(evaluation).toMatchObject({ kind: 'written_resolution', state: 'carried_binding', response: { returned: 6, eligibleCount: 7, met: true } });
		expect(evaluation.late).toEqual([expect.objectContaining({ voterId: 'yh-wak', choice: 'against' })]);
		expect(evaluation.outcome.figures).toMatchObject({ inFavour: '5', against: '0', abstain: '1', eligible: '7' });
	});

	it('a written resolution refused for too few responses', async () => {
		const evaluation = await evaluate('11-written-resolution-too-few-responses.json');
		expect(evaluation).toMatchObject({ kind: 'written_resolution', state: 'no_decision' });
		expect(evaluation.reason).toMatch(/^Too few responses: 4 of 7 \(57\.1%\) returned/);
	});

	it("the chair's urgent action: binding within authority, a recommendation without", async () => {
		expect(await evaluate('12-urgent-action-binding.json')).toMatchObject({ kind: 'urgent_action', ok: true, state: 'carried_binding', ratifyBy: '2018-04-06' });
		expect(await evaluate('13-urgent-action-recommendation.json')).toMatchObject({ kind: 'urgent_action', ok: true, state: 'recommendation', recommendationTo: 'NHS England North regional team' });
	});
});

describe('npm run governance -- evaluate: invalid input', { timeout: PROCESS_TEST_MS }, () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'governance-cli-'));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it('exits 2 on a file that is not JSON', async () => {
		const path = join(dir, 'bad.json');
		await writeFile(path, '{ "schemaVersion": 1, ');
		const run = await governance('evaluate', path);
		expect(run.code).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr).toContain('is not valid JSON');
	});

	it('exits 2 and lists every problem on a case that does not match the schema', async () => {
		const path = join(dir, 'invalid.json');
		await writeFile(
			path,
			JSON.stringify({
				schemaVersion: 1,
				meetingDate: '2016-02-30',
				rules: { schemaVersion: 1, quorum: { deputiesCount: true }, voting: { basis: 'weighted', thresholds: [] } },
				body: { id: 'b', name: 'B', parentBodyName: 'P' },
				members: [{ id: 'm', name: 'M', role: 'voting_member', represents: ['nowhere'] }],
				motion: { text: 'T', category: 'c', valuePence: -1 }
			})
		);
		const run = await governance('evaluate', path);
		expect(run.code).toBe(2);
		expect(run.stdout).toBe('');
		const problems = run.stderr.split('\n').filter((line) => line.startsWith('  '));
		expect(problems.map((line) => line.trim())).toEqual([
			'meetingDate: Expected a real date written YYYY-MM-DD',
			'rules.quorum: A quorum needs a minimumCount, a minimumFraction of the voting membership, or both',
			'rules.voting.thresholds: Give at least one threshold',
			'motion.valuePence: An amount of money cannot be negative',
			'members[0].represents[0]: No organisation has the id "nowhere"'
		]);
		expect(run.stderr).toContain('is not a valid case (5 problems)');
	});

	it('exits 2 on a missing file or a wrong command', async () => {
		expect((await governance('evaluate', join(dir, 'missing.json'))).code).toBe(2);
		const usage = await governance('judge', 'docs/examples/09-casting-vote.json');
		expect(usage.code).toBe(2);
		expect(usage.stderr).toContain('Usage: npm run governance -- evaluate CASE.json');
	});
});
