import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRules, type GovernanceRulesInput } from './governance/rules';
import { applyRowAct, blankFields, fieldsFromForm, fieldsFromRules, rulesFromFields, type RulesFields } from './rules-fields';

/** Every field of the schema set at once, none at its default. */
const EVERYTHING: GovernanceRulesInput = {
	schemaVersion: 1,
	quorum: {
		minimumCount: 4,
		minimumFraction: { fraction: '2/3', comparison: 'more_than' },
		requiredRoles: [
			{ anyOf: ['chair', 'vice_chair'], minimum: 1 },
			{ anyOf: ['ppv_representative'], minimum: 2 }
		],
		requiredOrganisationKinds: [
			{ kind: 'nhs_england', minimum: 1 },
			{ kind: 'ccg', minimum: 3 }
		],
		requiredClinicians: 2,
		deputiesCount: false,
		remoteAttendanceCounts: false
	},
	voting: {
		basis: 'weighted',
		thresholds: [
			{ of: 'eligible_votes', comparison: 'at_least', fraction: '75%' },
			{ of: 'members_present', comparison: 'more_than', fraction: '0.5' },
			{ of: 'votes_cast', comparison: 'at_least', fraction: '1/2' },
			{ of: 'organisations_in_favour', minimum: 6 }
		],
		castingVote: 'chair',
		ppvRepresentativesVote: true,
		mandatesRequired: true
	},
	notice: { papersDays: 7, bindingFinancialDecisionDays: 30, counting: 'clear', excludeWeekends: true, excludeBankHolidays: true },
	ratificationPeriodDays: 28,
	appealPeriodDays: 20,
	arbitrationAboveValuePence: 10_000_000,
	writtenResolutions: {
		allowed: true,
		categories: ['service_review', 'contract_variation'],
		procedural: true,
		financialLimitPence: 25_000_000,
		minimumResponse: { minimumCount: 4, minimumFraction: { fraction: '2/3', comparison: 'more_than' } },
		thresholds: [
			{ of: 'eligible_votes', comparison: 'more_than', fraction: '1/2' },
			{ of: 'organisations_in_favour', minimum: 3 }
		]
	},
	urgentAction: { allowed: true, categories: ['service_review'], procedural: false, financialLimitPence: 10_000_000, minimumConsulted: 2, ratificationPeriodDays: 42 }
};

const parsed = (input: unknown) => {
	const result = parseRules(input);
	if (!result.ok) throw new Error(result.problems.join('; '));
	return result.rules;
};
const roundTrip = (input: GovernanceRulesInput) => {
	const back = rulesFromFields(fieldsFromRules(input));
	if (!back.ok) throw new Error(JSON.stringify(back.errors));
	return parsed(back.rules);
};

/** The fields as a browser would post them: what the form's inputs are named. */
function posted(fields: RulesFields): FormData {
	const form = new FormData();
	for (const [key, value] of Object.entries(fields)) {
		if (typeof value === 'boolean') {
			if (value) form.set(key, 'on');
		} else if (typeof value === 'string') form.set(key, value);
	}
	fields.requiredRoles.forEach((row, i) => {
		for (const role of row.anyOf) form.append(`requiredRoles[${i}].anyOf`, role);
		form.set(`requiredRoles[${i}].minimum`, row.minimum);
	});
	fields.requiredKinds.forEach((row, i) => {
		form.set(`requiredKinds[${i}].kind`, row.kind);
		form.set(`requiredKinds[${i}].minimum`, row.minimum);
	});
	fields.thresholds.forEach((row, i) => {
		for (const [key, value] of Object.entries(row)) form.set(`thresholds[${i}].${key}`, value);
	});
	fields.writtenThresholds.forEach((row, i) => {
		for (const [key, value] of Object.entries(row)) form.set(`writtenThresholds[${i}].${key}`, value);
	});
	return form;
}

describe('the rules form, field by field', () => {
	it('gives back every field of the schema it was filled from', () => {
		expect(roundTrip(EVERYTHING)).toEqual(parsed(EVERYTHING));
	});

	it('gives back every rule set of the worked examples', () => {
		const folder = join(process.cwd(), 'docs/examples');
		const files = readdirSync(folder).filter((name) => name.endsWith('.json'));
		expect(files.length).toBeGreaterThan(5);
		for (const name of files) {
			const rules = JSON.parse(readFileSync(join(folder, name), 'utf8')).rules as GovernanceRulesInput;
			expect(roundTrip(rules), name).toEqual(parsed(rules));
		}
	});

	it('keeps secret ballots, and the defaults of rules that leave things out', () => {
		const secret: GovernanceRulesInput = {
			schemaVersion: 1,
			quorum: { minimumCount: 2, deputiesCount: true },
			voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }], secretBallotsAllowed: true }
		};
		expect(roundTrip(secret)).toEqual(parsed(secret));
	});

	it('reads what a browser posts the same as the fields it was sent from', () => {
		const fields = fieldsFromRules(EVERYTHING);
		expect(fieldsFromForm(posted(fields))).toEqual(fields);
	});

	it('writes money in pounds and reads pounds back as pence', () => {
		expect(fieldsFromRules(EVERYTHING).arbitrationAbovePounds).toBe('100,000');
		const fields = { ...fieldsFromRules(EVERYTHING), arbitrationAbovePounds: '£250,000.50' };
		const back = rulesFromFields(fields);
		expect(back.ok && back.rules.arbitrationAboveValuePence).toBe(25_000_050);
	});

	it('leaves out blank rows, and refuses rules with no test a vote must pass', () => {
		const fields = blankFields();
		fields.quorumMinimumCount = '3';
		fields.requiredRoles.push({ anyOf: [], minimum: '1' });
		expect(rulesFromFields(fields)).toEqual({ ok: false, errors: { thresholds: 'Carried when: give at least one test a vote must pass, like more than 1/2 of votes cast' } });
		fields.thresholds = [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2', minimum: '' }, { of: 'organisations_in_favour', comparison: 'at_least', fraction: '', minimum: '' }];
		const back = rulesFromFields(fields);
		expect(back.ok && back.rules.quorum.requiredRoles).toEqual([]);
		expect(back.ok && back.rules.voting.thresholds).toEqual([{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }]);
	});
});

describe('what the form says is wrong, naming the field', () => {
	const good = () => fieldsFromRules(EVERYTHING);
	const errorsOf = (change: (fields: RulesFields) => void) => {
		const fields = good();
		change(fields);
		const result = rulesFromFields(fields);
		return result.ok ? {} : result.errors;
	};

	it.each([
		['quorumMinimumCount', (f: RulesFields) => (f.quorumMinimumCount = 'four'), 'Quorum, minimum number of voting members present: enter a whole number, like 4'],
		['quorumFraction', (f: RulesFields) => (f.quorumFraction = 'half'), 'Quorum, fraction of the voting membership: expected a fraction like "2/3", "0.75" or "75%";'],
		['quorumFraction', (f: RulesFields) => (f.quorumFraction = '3/2'), 'Quorum, fraction of the voting membership: a fraction must be between 0 and 1; "3/2" is not'],
		['thresholds[1].fraction', (f: RulesFields) => (f.thresholds[1]!.fraction = '150%'), 'Carried when (test 2): a fraction must be between 0 and 1'],
		['thresholds[3].minimum', (f: RulesFields) => (f.thresholds[3]!.minimum = '0'), 'Carried when (test 4), organisations in favour: enter a whole number of at least 1, like 6'],
		['requiredKinds[1].minimum', (f: RulesFields) => (f.requiredKinds[1]!.minimum = '-1'), 'Quorum, organisations that must be represented, how many: enter a whole number of at least 1, like 1'],
		['requiredClinicians', (f: RulesFields) => (f.requiredClinicians = '0'), 'Quorum, clinicians who must be present: enter a whole number of at least 1, like 2'],
		['arbitrationAbovePounds', (f: RulesFields) => (f.arbitrationAbovePounds = 'a lot'), 'Arbitration above: enter an amount in pounds, like 100,000'],
		['papersDays', (f: RulesFields) => (f.papersDays = '7.5'), 'Agenda and papers, days before the meeting: enter a whole number, like 7'],
		['ratificationPeriodDays', (f: RulesFields) => (f.ratificationPeriodDays = '0'), 'Ratification period, days: enter a whole number of at least 1, like 28'],
		['appealPeriodDays', (f: RulesFields) => (f.appealPeriodDays = 'x'), 'Appeal period, days: enter a whole number of at least 1, like 20'],
		['votingBasis', (f: RulesFields) => (f.votingBasis = 'shouting'), 'Votes: choose how votes are counted'],
		['secretBallotsAllowed', (f: RulesFields) => (f.secretBallotsAllowed = true), 'Secret ballots: secret ballots are held only with one vote per member']
	])('%s', (key, change, message) => {
		const errors = errorsOf(change);
		expect(Object.keys(errors)).toEqual([key]);
		expect(errors[key]).toContain(message);
	});

	it('asks for a quorum when neither a number nor a fraction is given', () => {
		expect(
			errorsOf((f) => {
				f.quorumMinimumCount = '';
				f.quorumFraction = '';
			})
		).toEqual({ quorumMinimumCount: 'Quorum, minimum number of voting members present: give a minimum number present, a fraction of the voting membership, or both' });
	});
});

describe('adding and removing rows without JavaScript', () => {
	// The add and remove buttons post the form with "rowAct"; the page comes back with the row added or taken out.
	it('adds a blank row to the list named', () => {
		const fields = fieldsFromRules(EVERYTHING);
		const added = applyRowAct(fields, 'add:thresholds');
		expect(added?.thresholds).toHaveLength(fields.thresholds.length + 1);
		expect(added?.thresholds.at(-1)).toEqual({ of: 'votes_cast', comparison: 'more_than', fraction: '', minimum: '' });
		expect(applyRowAct(fields, 'add:requiredRoles')?.requiredRoles.at(-1)).toEqual({ anyOf: [], minimum: '1' });
		expect(applyRowAct(fields, 'add:requiredKinds')?.requiredKinds.at(-1)).toEqual({ kind: '', minimum: '1' });
		// The fields given are not changed: what was posted stays as it was.
		expect(fields).toEqual(fieldsFromRules(EVERYTHING));
	});

	it('removes the row numbered, keeping the others in order', () => {
		const fields = fieldsFromRules(EVERYTHING);
		const removed = applyRowAct(fields, 'remove:requiredRoles:0');
		expect(removed?.requiredRoles).toEqual([fields.requiredRoles[1]]);
		expect(applyRowAct(fields, 'remove:thresholds:3')?.thresholds).toEqual(fields.thresholds.slice(0, 3));
	});

	it.each(['', 'add', 'add:votingBasis', 'remove:thresholds', 'remove:thresholds:9', 'remove:thresholds:-1', 'remove:thresholds:1.5', 'drop:thresholds:0'])(
		'ignores %j, which no button posts',
		(act) => {
			expect(applyRowAct(fieldsFromRules(EVERYTHING), act)).toBeNull();
		}
	);

	it('adds no more rows than the form reads back (50)', () => {
		const fields = blankFields();
		fields.thresholds = Array.from({ length: 50 }, () => ({ of: 'votes_cast', comparison: 'more_than', fraction: '1/2', minimum: '' }));
		expect(applyRowAct(fields, 'add:thresholds')).toBeNull();
	});
});

describe('the rules form: decisions between meetings', () => {
	it('leaves both sections out of rules that never had them, meaning neither is allowed', () => {
		const rules: GovernanceRulesInput = { schemaVersion: 1, quorum: { minimumCount: 2, deputiesCount: true }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } };
		const back = roundTrip(rules);
		expect(back.writtenResolutions).toBeUndefined();
		expect(back.urgentAction).toBeUndefined();
	});

	it('reads categories separated by commas and pounds, and names the field of each problem', () => {
		const fields = { ...blankFields(), quorumMinimumCount: '2', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2', minimum: '' }] };
		const ok = rulesFromFields({ ...fields, writtenAllowed: true, writtenCategories: ' service_review ,, designation ', writtenLimitPounds: '250,000', writtenResponseFraction: '2/3' });
		expect(ok).toMatchObject({ ok: true, rules: { writtenResolutions: { allowed: true, categories: ['service_review', 'designation'], financialLimitPence: 25_000_000, minimumResponse: { minimumFraction: { fraction: '2/3', comparison: 'at_least' } } } } });
		const refused = rulesFromFields({ ...fields, writtenAllowed: true, writtenCategories: 'service_review', urgentAllowed: true, urgentProcedural: true, urgentLimitPounds: 'lots', urgentRatificationDays: '0' });
		expect(refused).toEqual({
			ok: false,
			errors: {
				urgentLimitPounds: "Chair's urgent action, most one decision may commit: enter an amount in pounds, like 100,000",
				urgentRatificationDays: "Chair's urgent action, ratification period, days: enter a whole number of at least 1, like 28"
			}
		});
		const whole = rulesFromFields({ ...fields, writtenAllowed: true, urgentAllowed: true, urgentProcedural: true, urgentRatificationDays: '28' });
		expect(whole).toEqual({
			ok: false,
			errors: {
				writtenCategories: 'Written resolutions, decision categories: name at least one category of decision, or allow procedural business, or it allows nothing',
				writtenResponseCount: 'Written resolutions, minimum number of votes returned: give a minimum number of votes returned, a fraction of the eligible votes, or both, in place of a quorum',
				urgentMinimumConsulted: "Chair's urgent action, members to consult: say how many members the chair must consult before taking urgent action (0 for none)"
			}
		});
	});

	it('adds and removes tests of its own for written resolutions', () => {
		const added = applyRowAct(blankFields(), 'add:writtenThresholds');
		expect(added?.writtenThresholds).toHaveLength(1);
		expect(applyRowAct(added!, 'remove:writtenThresholds:0')?.writtenThresholds).toEqual([]);
	});
});
