import { describe, expect, it } from 'vitest';
import {
	bindingVoteMayOpen,
	checkDecisionNotice,
	checkPapersNotice,
	checkSubDelegation,
	findDelegatedAuthority,
	type Body,
	type Delegation
} from './authority';
import { newItem, newRules, simpleRules } from './testing';

const yearDelegation: Delegation = {
	categories: ['service_investment', 'service_review'],
	financialLimitPence: 50_000_000,
	validFrom: '2017-04-01',
	validTo: '2018-03-31',
	from: 'NHS England North regional team'
};
const group: Body = {
	id: 'nw',
	name: 'North West oversight group',
	parentBodyName: 'NHS England North regional team',
	delegations: [yearDelegation]
};

describe('findDelegatedAuthority', () => {
	const decide = (valuePence: number, date = '2017-06-01', category = 'service_investment') =>
		findDelegatedAuthority(group, { category, valuePence, date });

	it('holds a decision exactly at the financial limit, and not a penny over', () => {
		expect(decide(50_000_000).ok).toBe(true);
		expect(decide(50_000_001)).toEqual({
			ok: false,
			reason:
				"North West oversight group's delegated limit for service investment is £500,000 per decision, and this decision commits £500,000.01"
		});
	});

	it('holds only on the days the delegation is valid, both ends included', () => {
		expect(decide(1, '2017-04-01').ok).toBe(true);
		expect(decide(1, '2018-03-31').ok).toBe(true);
		const late = decide(1, '2018-04-01');
		expect(late.ok).toBe(false);
		expect(late.ok ? '' : late.reason).toContain('is not valid on 1 April 2018');
	});

	it('holds nothing for a category not delegated, or with no delegations', () => {
		expect(decide(1, '2017-06-01', 'designation')).toEqual({
			ok: false,
			reason: 'North West oversight group holds no delegated authority for designation'
		});
		expect(findDelegatedAuthority({ ...group, delegations: [] }, { category: 'x', valuePence: 0, date: '2015-11-19' })).toEqual({
			ok: false,
			reason: 'North West oversight group holds no delegated authority from NHS England North regional team'
		});
	});
});

describe('checkSubDelegation (worked example 8)', () => {
	const request = (proposed: Partial<Delegation>) => ({
		delegatingBody: group,
		subGroupName: 'Neonatal delivery sub-group',
		proposed: { categories: ['service_investment'], financialLimitPence: 50_000_000, validFrom: '2017-06-01', validTo: '2018-03-31', ...proposed }
	});

	it('refuses £1,000,000 from a group holding £500,000, and says why', () => {
		const result = checkSubDelegation(request({ financialLimitPence: 100_000_000 }));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.reason).toBe(
			'Sub-delegation to Neonatal delivery sub-group refused: North West oversight group holds £500,000 per decision for service investment and cannot delegate more than it holds (proposed: £1,000,000)'
		);
	});

	it('allows exactly what the group holds', () => {
		const result = checkSubDelegation(request({}));
		expect(result.ok).toBe(true);
		expect(result.explanation[0]).toContain('it holds at least that itself');
	});

	it('refuses a category the group does not hold, or a period beyond its own', () => {
		const result = checkSubDelegation(
			request({ categories: ['service_investment', 'designation'], validTo: undefined })
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toEqual([
			"North West oversight group's own authority for service investment runs from 1 April 2017 to 31 March 2018, and it cannot delegate beyond that (proposed: from 1 June 2017 with no end date)",
			'North West oversight group holds no delegated authority for designation itself, so cannot delegate it'
		]);
	});
});

describe('checkDecisionNotice (worked example 4)', () => {
	const rules = newRules(simpleRules({ notice: { bindingFinancialDecisionDays: 30 } }));
	const motion = (noticeGivenOn: string | undefined, valuePence = 200_000_000) => ({
		text: 'Invest',
		category: 'service_investment',
		valuePence,
		procedural: false,
		...(noticeGivenOn ? { noticeGivenOn } : {})
	});

	it('accepts exactly 30 days and refuses 29', () => {
		expect(checkDecisionNotice(rules, motion('2016-08-22'), '2016-09-21')).toMatchObject({ met: true, givenDays: 30 });
		expect(checkDecisionNotice(rules, motion('2016-08-23'), '2016-09-21')).toMatchObject({ met: false, givenDays: 29 });
		expect(checkDecisionNotice(rules, motion('2016-09-01'), '2016-09-21')).toMatchObject({ met: false, givenDays: 20, requiredDays: 30 });
	});

	it('needs no notice for a decision that commits no money', () => {
		expect(checkDecisionNotice(rules, motion(undefined, 0), '2016-09-21')).toMatchObject({ applies: false, met: true });
	});

	it('refuses when no notice was given at all', () => {
		expect(checkDecisionNotice(rules, motion(undefined), '2016-09-21')).toMatchObject({ applies: true, met: false });
	});
});

describe('notice counted in clear days, without weekends or bank holidays', () => {
	const working = { counting: 'clear', excludeWeekends: true, excludeBankHolidays: true } as const;
	const rules = newRules(simpleRules({ notice: { bindingFinancialDecisionDays: 10, papersDays: 5, ...working } }));
	const motion = (noticeGivenOn: string, papersIssuedOn?: string) => ({
		text: 'Invest',
		category: 'service_investment',
		valuePence: 200_000_000,
		procedural: false,
		noticeGivenOn,
		...(papersIssuedOn ? { papersIssuedOn } : {})
	});

	it('reads the counting rule from the rules, defaulting to calendar days with every day counted', () => {
		expect(newRules(simpleRules()).notice).toMatchObject({ counting: 'calendar', excludeWeekends: false, excludeBankHolidays: false });
		expect(rules.notice).toMatchObject(working);
	});

	it('accepts exactly 10 clear working days and refuses 9, saying how they were counted', () => {
		// Tuesday 19 May 2015: 4 May was the early May bank holiday, and the clear working days between are 5–8, 11–15 and 18 May.
		expect(checkDecisionNotice(rules, motion('2015-05-04'), '2015-05-19')).toMatchObject({ met: true, givenDays: 10 });
		const short = checkDecisionNotice(rules, motion('2015-05-05'), '2015-05-19');
		expect(short).toMatchObject({ met: false, givenDays: 9, requiredDays: 10 });
		expect(short.detail).toBe(
			'Notice of this intended decision was given on Tuesday 5 May 2015, 9 clear days before the meeting, not counting weekends or bank holidays; the rules require at least 10 clear days for a binding decision that commits money'
		);
	});

	it('says why a binding vote cannot open in the same words', () => {
		const opening = bindingVoteMayOpen(
			newItem({
				rules: { ...simpleRules(), notice: { bindingFinancialDecisionDays: 10, ...working } },
				members: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
				body: { ...group, delegations: [{ ...yearDelegation, validFrom: '2015-04-01', validTo: '2016-03-31', financialLimitPence: 500_000_000 }] },
				meetingDate: '2015-05-19',
				motion: { category: 'service_investment', valuePence: 200_000_000, noticeGivenOn: '2015-05-05' }
			})
		);
		expect(opening).toMatchObject({
			ok: false,
			reason: 'Notice not met: notice was given 9 clear days before the meeting, not counting weekends or bank holidays, and the rules require at least 10 clear days'
		});
	});

	it('counts the papers deadline the same way', () => {
		// Five clear working days before Thursday 7 January 2016, 1 January a bank holiday: 30 and 31 December, 4, 5 and 6 January.
		expect(checkPapersNotice(rules, motion('2015-12-01', '2015-12-29'), '2016-01-07')).toMatchObject({ met: true, givenDays: 5 });
		const late = checkPapersNotice(rules, motion('2015-12-01', '2015-12-30'), '2016-01-07');
		expect(late).toMatchObject({ met: false, givenDays: 4 });
		expect(late.detail).toBe(
			'Papers were issued on Wednesday 30 December 2015, 4 clear days before the meeting, not counting weekends or bank holidays; the rules ask for 5 clear days, so the minutes should record that the meeting agreed to take them late'
		);
	});

	it('refuses to count, and so to open a binding vote, when bank holidays are not known for the year', () => {
		const check = checkDecisionNotice(rules, motion('2031-01-02'), '2031-02-03');
		expect(check).toMatchObject({ applies: true, met: false });
		expect(check.givenDays).toBeUndefined();
		expect(check.detail).toBe(
			'Notice cannot be counted without bank holidays: the bank holidays of England and Wales are known here for 2014 to 2030, and 3 February 2031 falls outside them'
		);
	});
});

describe('bindingVoteMayOpen', () => {
	const members = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
	const rules = simpleRules({ notice: { bindingFinancialDecisionDays: 30 } });

	it('opens a binding vote within authority and with notice', () => {
		const opening = bindingVoteMayOpen(
			newItem({
				rules,
				members,
				body: group,
				meetingDate: '2017-06-01',
				motion: { category: 'service_investment', valuePence: 40_000_000, noticeGivenOn: '2017-05-01' }
			})
		);
		expect(opening).toMatchObject({ ok: true, basis: 'binding', delegation: yearDelegation });
	});

	it('opens only as a recommendation outside authority (worked example 3), with no notice needed', () => {
		const opening = bindingVoteMayOpen(
			newItem({ rules, members, body: { ...group, delegations: [] }, motion: { valuePence: 90_000_000 } })
		);
		expect(opening).toMatchObject({ ok: true, basis: 'recommendation', recommendationTo: 'NHS England North regional team' });
	});

	it('refuses a binding vote without notice, offering a deferral or an indicative vote (worked example 4)', () => {
		const opening = bindingVoteMayOpen(
			newItem({
				rules,
				members,
				body: { ...group, delegations: [{ ...yearDelegation, financialLimitPence: 500_000_000 }] },
				meetingDate: '2017-09-21',
				motion: { category: 'service_investment', valuePence: 200_000_000, noticeGivenOn: '2017-09-01' }
			})
		);
		expect(opening.ok).toBe(false);
		if (opening.ok) return;
		expect(opening.reason).toBe(
			'Notice not met: notice was given 20 days before the meeting, and the rules require at least 30 days'
		);
		expect(opening.alternatives).toEqual(['defer', 'indicative_vote']);
		expect(opening.explanation).toContain(
			'The chair may defer the item to a later meeting, or hold an indicative vote, recorded as non-binding.'
		);
	});

	it('opens no vote at all while inquorate', () => {
		const opening = bindingVoteMayOpen(
			newItem({
				rules: { ...rules, quorum: { minimumCount: 3, deputiesCount: true } },
				members,
				attendance: { c: 'apologies' },
				motion: { procedural: true }
			})
		);
		expect(opening.ok).toBe(false);
		if (opening.ok) return;
		expect(opening.alternatives).toEqual(['defer']);
		expect(opening.reason).toMatch(/^Quorum not met: /);
	});

	it("treats procedural business as within the body's own power, even with no delegation", () => {
		const opening = bindingVoteMayOpen(
			newItem({ rules, members, body: { ...group, delegations: [] }, motion: { procedural: true, category: 'minutes' } })
		);
		expect(opening).toMatchObject({ ok: true, basis: 'binding', procedural: true });
	});

	it('refuses to open on a motion setting up a sub-group with more than the body holds', () => {
		const opening = bindingVoteMayOpen(
			newItem({
				rules,
				members,
				body: group,
				meetingDate: '2017-05-24',
				motion: {
					procedural: true,
					subDelegation: {
						subGroupName: 'Neonatal delivery sub-group',
						delegation: { categories: ['service_investment'], financialLimitPence: 100_000_000, validFrom: '2017-06-01', validTo: '2018-03-31' }
					}
				}
			})
		);
		expect(opening.ok).toBe(false);
		if (opening.ok) return;
		expect(opening.alternatives).toEqual(['amend_motion', 'defer']);
		expect(opening.reason).toContain('cannot delegate more than it holds');
	});
});
