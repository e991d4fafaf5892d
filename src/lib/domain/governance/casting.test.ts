import { describe, expect, it } from 'vitest';
import { bindingVoteMayOpen } from './authority';
import { ballotCaster, mayPutToMeeting, objector } from './casting';
import { eligibleVoters } from './eligibility';
import { newItem, simpleRules, weightedGroup } from './testing';

const perOrganisation = simpleRules({
	voting: { basis: 'per_organisation', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
});

describe('ballotCaster', () => {
	const members = [
		{ id: 'tom', name: 'Tom Reilly' },
		{ id: 'neil', name: 'Neil Forbes', role: 'deputy' as const, deputyFor: 'tom' },
		{ id: 'ann', name: 'Ann Cole' }
	];

	it('lets a member cast their own vote', () => {
		const check = ballotCaster(eligibleVoters(newItem({ members })), { memberIds: ['ann'], organisationId: null });
		expect(check).toMatchObject({ ok: true, memberId: 'ann', entitlement: { key: 'ann', kind: 'member' } });
	});

	it("lets a deputy cast an absent member's vote, and not a present one's", () => {
		const absent = eligibleVoters(newItem({ members, attendance: { tom: 'apologies' } }));
		expect(ballotCaster(absent, { memberIds: ['neil'], organisationId: null })).toMatchObject({ ok: true, memberId: 'neil', entitlement: { key: 'tom' } });
		const present = eligibleVoters(newItem({ members }));
		expect(ballotCaster(present, { memberIds: ['neil'], organisationId: null })).toEqual({ ok: false, reason: 'You are not eligible to cast that vote on this item' });
	});

	it('picks, of the memberships a person holds, the one that may cast', () => {
		// The same person sits as deputy for Tom and in a seat of their own that is conflicted on this item.
		const item = newItem({
			members,
			attendance: { tom: 'apologies' },
			declarations: [{ memberId: 'ann', outcome: 'may_not_vote', interest: 'a director of the provider' }]
		});
		expect(ballotCaster(eligibleVoters(item), { memberIds: ['ann', 'neil'], organisationId: null })).toMatchObject({ ok: true, memberId: 'neil' });
	});

	it('names the conflict that keeps a member from voting', () => {
		const item = newItem({ members, declarations: [{ memberId: 'ann', outcome: 'may_not_vote', interest: 'a director of the provider' }] });
		expect(ballotCaster(eligibleVoters(item), { memberIds: ['ann'], organisationId: null })).toEqual({
			ok: false,
			reason: 'Ann Cole: Ann Cole declared an interest (a director of the provider) and may not vote on this item'
		});
	});

	it("casts an organisation's vote only by one of its representatives", () => {
		const group = weightedGroup(['1', '1']);
		const item = eligibleVoters(newItem({ rules: perOrganisation, ...group }));
		expect(ballotCaster(item, { memberIds: ['m-a'], organisationId: 'a' })).toMatchObject({ ok: true, memberId: 'm-a', entitlement: { key: 'a', kind: 'organisation' } });
		expect(ballotCaster(item, { memberIds: ['m-a'], organisationId: 'b' })).toEqual({ ok: false, reason: 'You are not eligible to cast that vote on this item' });
		expect(ballotCaster(item, { memberIds: ['m-a'], organisationId: null })).toEqual({ ok: false, reason: 'You are not eligible to cast that vote on this item' });
	});

	it("names the conflict that takes an organisation's vote out", () => {
		const group = weightedGroup(['1', '1']);
		const item = newItem({ rules: perOrganisation, ...group, declarations: [{ memberId: 'm-b', outcome: 'may_not_vote', interest: 'a director of the provider' }] });
		const check = ballotCaster(eligibleVoters(item), { memberIds: ['m-b'], organisationId: 'b' });
		expect(check).toEqual({ ok: false, reason: 'B CCG: Rep B declared an interest (a director of the provider) and may not vote on this item' });
	});

	it('refuses someone who holds no membership in the body', () => {
		expect(ballotCaster(eligibleVoters(newItem({ members })), { memberIds: [], organisationId: null })).toEqual({ ok: false, reason: 'You are not a member of this body' });
	});
});

describe('objector', () => {
	it('lets a member who may vote object, and not an observer', () => {
		const item = eligibleVoters(newItem({ members: [{ id: 'ann' }, { id: 'olu', role: 'observer' }] }));
		expect(objector(item, ['olu', 'ann'])).toEqual({ ok: true, memberId: 'ann' });
		expect(objector(item, ['olu'])).toEqual({ ok: false, reason: 'Only a voting member eligible on this item can object' });
		expect(objector(item, [])).toEqual({ ok: false, reason: 'You are not a member of this body' });
	});
});

describe('mayPutToMeeting', () => {
	const members = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
	const noticeRules = simpleRules({ notice: { bindingFinancialDecisionDays: 30 } });
	const body = {
		delegations: [{ categories: ['service_investment'], financialLimitPence: 500_000_000, validFrom: '2017-04-01', validTo: '2018-03-31', from: 'NHS England' }]
	};
	const lateNotice = { category: 'service_investment', valuePence: 200_000_000, noticeGivenOn: '2017-09-01' };

	it('opens an indicative vote where only notice is missing (worked example 4), and no binding one', () => {
		const opening = bindingVoteMayOpen(newItem({ rules: noticeRules, members, body, meetingDate: '2017-09-21', motion: lateNotice }));
		expect(mayPutToMeeting(opening, true)).toEqual({ ok: true });
		expect(mayPutToMeeting(opening, false)).toEqual({
			ok: false,
			reason: 'Notice not met: notice was given 20 days before the meeting, and the rules require at least 30 days'
		});
	});

	it('never gets round an inquorate meeting with an indicative vote', () => {
		const opening = bindingVoteMayOpen(
			newItem({ rules: { ...noticeRules, quorum: { minimumCount: 3, deputiesCount: true } }, members, attendance: { c: 'apologies' }, body, meetingDate: '2017-09-21', motion: lateNotice })
		);
		const check = mayPutToMeeting(opening, true);
		expect(check.ok).toBe(false);
		if (!check.ok) expect(check.reason).toMatch(/^Quorum not met: /);
	});

	it('opens a binding vote when the engine allows, indicative too if the chair asks', () => {
		const opening = bindingVoteMayOpen(newItem({ members, motion: { procedural: true } }));
		expect(mayPutToMeeting(opening, false)).toEqual({ ok: true });
		expect(mayPutToMeeting(opening, true)).toEqual({ ok: true });
	});
});
