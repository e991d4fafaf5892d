import { describe, expect, it } from 'vitest';
import { newRules } from './governance/testing';
import { parseRules } from './governance';
import { RULES_TEMPLATE, describeThreshold, rulesInSentences, summariseRules } from './rules-summary';

const worked6 = newRules({
	schemaVersion: 1,
	quorum: {
		minimumFraction: { fraction: '1/2', comparison: 'at_least' },
		requiredRoles: [{ anyOf: ['chair', 'vice_chair'], minimum: 1 }],
		requiredOrganisationKinds: [{ kind: 'nhs_england', minimum: 1 }],
		deputiesCount: true
	},
	voting: { basis: 'per_organisation', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }], castingVote: 'chair' },
	notice: { papersDays: 7, bindingFinancialDecisionDays: 30 },
	ratificationPeriodDays: 28,
	appealPeriodDays: 14,
	arbitrationAboveValuePence: 10_000_000
});

describe('rules in plain English', () => {
	it('words the quorum and voting as the terms of reference would', () => {
		const sentences = rulesInSentences(worked6);
		expect(sentences).toContain('Quorum: at least half of voting members, including the chair or vice-chair and 1 NHS England member; deputies count');
		expect(sentences).toContain('Voting: one vote per organisation; carried when more than half of votes cast are in favour');
		expect(sentences).toContain('Casting vote: the chair has a casting vote on a tie');
	});

	it('gives notice days, ratification and appeal periods and the arbitration value', () => {
		const text = Object.fromEntries(summariseRules(worked6).map((line) => [line.topic, line.text]));
		expect(text['Notice of meetings']).toBe('agenda and papers go out at least 7 days before the meeting');
		expect(text['Notice of binding financial decisions']).toMatch(/at least 30 days' notice/);
		expect(text.Ratification).toMatch(/within 28 days, or it lapses/);
		expect(text.Appeal).toBe('a member organisation may appeal a decision within 14 days');
		expect(text.Arbitration).toMatch(/worth more than £100,000 goes first to a facilitated meeting/);
	});

	it('says how notice is counted when the rules count it other than in calendar days', () => {
		const rules = newRules({ ...worked6, notice: { papersDays: 5, bindingFinancialDecisionDays: 10, counting: 'clear', excludeWeekends: true, excludeBankHolidays: true } });
		const text = Object.fromEntries(summariseRules(rules).map((line) => [line.topic, line.text]));
		expect(text['Notice of meetings']).toBe(
			'agenda and papers go out at least 5 clear days before the meeting, not counting weekends or bank holidays in England and Wales (clear days: neither the day notice goes out nor the day of the meeting counts)'
		);
		expect(text['Notice of binding financial decisions']).toBe(
			"member organisations get at least 10 clear days' notice of an intended binding decision that commits money, not counting weekends or bank holidays in England and Wales; without it the vote cannot open as binding"
		);
		const weekdays = newRules({ ...worked6, notice: { papersDays: 1, excludeWeekends: true } });
		expect(summariseRules(weekdays).find((line) => line.topic === 'Notice of meetings')?.text).toBe('agenda and papers go out at least 1 day before the meeting, not counting weekends');
	});

	it('says plainly when the rules are silent, and words counts, several roles and no deputies', () => {
		const rules = newRules({
			schemaVersion: 1,
			quorum: {
				minimumCount: 4,
				minimumFraction: { fraction: '2/3', comparison: 'more_than' },
				requiredRoles: [{ anyOf: ['chair', 'vice_chair', 'secretariat'], minimum: 2 }],
				requiredOrganisationKinds: [{ kind: 'ccg', minimum: 3 }],
				deputiesCount: false,
				remoteAttendanceCounts: false
			},
			voting: {
				basis: 'weighted',
				thresholds: [
					{ of: 'eligible_votes', comparison: 'at_least', fraction: '0.75' },
					{ of: 'organisations_in_favour', minimum: 6 }
				]
			}
		});
		const text = Object.fromEntries(summariseRules(rules).map((line) => [line.topic, line.text]));
		expect(text.Quorum).toBe(
			'at least 4 voting members and more than two-thirds of voting members, including at least 2 of the chair, vice-chair or secretariat and 3 CCG members; deputies do not count; members joining remotely do not count'
		);
		expect(text.Voting).toMatch(/^one vote per organisation, weighted by the organisation's weight; carried when at least 75% of eligible votes .* are in favour and at least 6 organisations are in favour$/);
		expect(text['Casting vote']).toMatch(/^none/);
		expect(text['Notice of meetings']).toBe('the rules set no notice period for agenda and papers');
		expect(text.Ratification).toBe('the rules set no period for ratification');
		expect(text.Arbitration).toBe('the rules set no value above which disputes go to arbitration');
	});

	it('words each kind of threshold', () => {
		expect(describeThreshold({ of: 'members_present', comparison: 'at_least', fraction: '2/3' })).toBe(
			'at least two-thirds of the votes of members present are in favour'
		);
		expect(describeThreshold({ of: 'organisations_in_favour', minimum: 1 })).toBe('at least 1 organisation is in favour');
	});

	it('offers a template that is itself valid rules', () => {
		expect(parseRules(JSON.parse(JSON.stringify(RULES_TEMPLATE)))).toMatchObject({ ok: true });
	});
});

describe('a clinical quorum in plain English', () => {
	it('names the clinicians needed among those present', () => {
		const rules = newRules({ schemaVersion: 1, quorum: { minimumCount: 4, requiredClinicians: 1, deputiesCount: false }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } });
		expect(rulesInSentences(rules)).toContain('Quorum: at least 4 voting members, including 1 clinician; deputies do not count');
	});
});

describe('decisions between meetings in plain English', () => {
	it('says neither is allowed when the rules are silent', () => {
		const text = Object.fromEntries(summariseRules(worked6).map((line) => [line.topic, line.text]));
		expect(text['Written resolutions']).toBe('not allowed: every decision is taken at a meeting');
		expect(text["Chair's urgent action"]).toBe('not allowed: urgent business waits for a meeting');
	});

	it('words what each allows, the response in place of quorum, consultation and ratification', () => {
		const parsed = parseRules({
			...worked6,
			writtenResolutions: { allowed: true, categories: ['contract_variation'], procedural: true, financialLimitPence: 25_000_000, minimumResponse: { minimumCount: 4, minimumFraction: { fraction: '2/3' } } },
			urgentAction: { allowed: true, categories: ['service_review'], minimumConsulted: 2, ratificationPeriodDays: 42 }
		});
		if (!parsed.ok) throw new Error(parsed.problems.join('; '));
		const text = Object.fromEntries(summariseRules(parsed.rules).map((line) => [line.topic, line.text]));
		expect(text['Written resolutions']).toBe(
			'allowed for contract variation and procedural business, up to £250,000 per decision; in place of a quorum, at least 4 eligible votes returned and at least two-thirds of the eligible votes returned; carried as at a meeting; reported to the next meeting for noting'
		);
		expect(text["Chair's urgent action"]).toBe(
			"the chair or vice-chair may act on service review, after consulting at least 2 members, recording why it cannot wait; binding or a recommendation as the body's authority decides; ratified at the next meeting within 42 days, or it lapses"
		);
	});
});
