import { describe, expect, it } from 'vitest';
import { checkAccountAct, decide, mayReadDecision, visibleParts, type AccountAct, type AccountActTarget, type Action, type Actor, type Target } from './policy';

const BODY = 'body-nw';
const OTHER = 'body-other';
const person = (roles: Actor['roles'], isAdministrator = false): Actor => ({ userId: 'me', isAdministrator, roles });

const actors: Record<string, Actor | null> = {
	anonymous: null,
	administrator: person([], true),
	chair: person([{ bodyId: BODY, role: 'chair' }]),
	vice_chair: person([{ bodyId: BODY, role: 'vice_chair' }]),
	secretariat: person([{ bodyId: BODY, role: 'secretariat' }]),
	member: person([{ bodyId: BODY, role: 'voting_member' }]),
	deputy: person([{ bodyId: BODY, role: 'deputy' }]),
	adviser: person([{ bodyId: BODY, role: 'adviser' }]),
	ppv: person([{ bodyId: BODY, role: 'ppv_representative' }]),
	observer: person([{ bodyId: BODY, role: 'observer' }]),
	secretariat_elsewhere: person([{ bodyId: OTHER, role: 'secretariat' }])
};

type Row = [actor: keyof typeof actors, action: Action, target: Target, allowed: boolean];
const onBody = { bodyId: BODY };
const ALL = ['anonymous', 'administrator', 'chair', 'vice_chair', 'secretariat', 'member', 'deputy', 'adviser', 'ppv', 'observer', 'secretariat_elsewhere'] as const;
const EVERYONE_SIGNED_IN = ALL.filter((actor) => actor !== 'anonymous');
const DOCUMENT_EDITORS = ['administrator', 'chair', 'vice_chair', 'secretariat', 'member', 'deputy', 'adviser'] as const;

// For each action, the actors allowed; every other actor must be refused.
const allowedBy: [Action, Target, (keyof typeof actors)[]][] = [
	['organisation.create', {}, ['administrator']],
	['organisation.edit', {}, ['administrator']],
	['body.create', {}, ['administrator']],
	['body.create_sub_group', onBody, ['administrator', 'secretariat']],
	['body.edit', onBody, ['administrator', 'chair', 'vice_chair', 'secretariat']],
	['body.view', onBody, EVERYONE_SIGNED_IN],
	['membership.manage', onBody, ['administrator', 'secretariat']],
	['weight.manage', onBody, ['administrator', 'secretariat']],
	['mandate.manage', onBody, ['administrator', 'secretariat']],
	['invitation.send', onBody, ['administrator', 'secretariat']],
	['outbox.read', {}, ['administrator']],
	['audit.read', {}, ['administrator']],
	['demo.load', {}, ['administrator']],
	// Powers over accounts are the administrators' alone, whatever body the actor runs or the person sits on.
	['person.deactivate', { personId: 'someone', personBodyIds: [BODY] }, ['administrator']],
	['person.grant_admin', { personId: 'someone', personBodyIds: [BODY] }, ['administrator']],
	['person.send_sign_in_link', { personId: 'someone', personBodyIds: [BODY] }, ['administrator']],
	['meeting.schedule', onBody, ['administrator', 'chair', 'vice_chair', 'secretariat']],
	['meeting.steer', onBody, ['administrator', 'chair', 'vice_chair', 'secretariat']],
	['minutes.edit', onBody, ['administrator', 'chair', 'vice_chair', 'secretariat']],
	['meeting.follow', onBody, ['administrator', 'chair', 'vice_chair', 'secretariat', 'member', 'deputy', 'adviser', 'ppv', 'observer']],
	['meeting.read_part_b', onBody, ['administrator', 'chair', 'vice_chair', 'secretariat', 'member', 'deputy', 'adviser', 'ppv', 'observer']],
	['meeting.participate', onBody, ['administrator', 'chair', 'vice_chair', 'secretariat', 'member', 'deputy', 'adviser', 'ppv']],
	['decision.record_event', onBody, ['administrator', 'secretariat']],
	['person.view', { personId: 'someone', personBodyIds: [BODY] }, ['administrator', 'secretariat']],
	['person.view', { personId: 'me', personBodyIds: [] }, EVERYONE_SIGNED_IN],
	['document.edit', onBody, [...DOCUMENT_EDITORS]],
	['document.comment', onBody, [...DOCUMENT_EDITORS, 'ppv']],
	['document.view', onBody, [...DOCUMENT_EDITORS, 'ppv', 'observer']],
	['thread.comment', onBody, [...DOCUMENT_EDITORS, 'ppv']],
	['thread.comment', { ...onBody, observersMayComment: true }, [...DOCUMENT_EDITORS, 'ppv', 'observer']],
	['thread.moderate', onBody, [...DOCUMENT_EDITORS]],
	['consultation.manage', onBody, ['administrator', 'chair', 'vice_chair', 'secretariat']],
	['resolution.propose', onBody, ['administrator', 'chair', 'vice_chair', 'secretariat']],
	['resolution.vote', onBody, ['administrator', 'chair', 'vice_chair', 'member', 'deputy', 'ppv']],
	['urgent_action.take', onBody, ['administrator', 'chair', 'vice_chair']],
	// A role in another body gives nothing here, whatever the role.
	['document.view', { bodyId: 'body-elsewhere' }, ['administrator']]
];

const table: Row[] = allowedBy.flatMap(([action, target, allowed]) =>
	ALL.map((actor): Row => [actor, action, target, allowed.includes(actor)])
);

describe('policy: actor × action', () => {
	it.each(table)('%s %s %j → %s', (actor, action, target, allowed) => {
		const decision = decide(actors[actor] ?? null, action, target);
		expect(decision.allowed).toBe(allowed);
		if (!decision.allowed) expect(decision.reason).toMatch(/\w/);
	});

	it('tells an anonymous visitor to sign in', () => {
		expect(decide(null, 'body.view', onBody)).toEqual({ allowed: false, reason: 'Sign in first.' });
	});
});

describe('visibleParts', () => {
	it('shows Part A to everyone, the public included, and Part B only to those who may read it', () => {
		for (const name of ALL) {
			const expected = decide(actors[name]!, 'meeting.read_part_b', onBody).allowed ? ['A', 'B'] : ['A'];
			expect(visibleParts(actors[name]!, BODY), name).toEqual(expected);
		}
		expect(visibleParts(null, BODY)).toEqual(['A']);
		expect(visibleParts(actors.secretariat_elsewhere!, BODY)).toEqual(['A']);
		expect(visibleParts(actors.member!, BODY)).toEqual(['A', 'B']);
	});

	it("lets the body a confidential recommendation goes to read it, and no one else outside the body", () => {
		const recommendation = { part: 'B' as const, bodyId: OTHER, recommendationToBodyId: BODY };
		expect(mayReadDecision(actors.member!, recommendation)).toBe(true);
		expect(mayReadDecision(null, recommendation)).toBe(false);
		expect(mayReadDecision(actors.member!, { ...recommendation, recommendationToBodyId: null })).toBe(false);
		expect(mayReadDecision(null, { ...recommendation, part: 'A' })).toBe(true);
	});
});

describe('checkAccountAct: which accounts an administrator may act on', () => {
	const account = (overrides: Partial<AccountActTarget> = {}): AccountActTarget => ({
		userId: 'them',
		name: 'Carol Member',
		isAdministrator: false,
		deactivated: false,
		activeAdministrators: 2,
		...overrides
	});
	const rows: [description: string, actor: string, act: AccountAct, target: AccountActTarget, refusal: RegExp | null][] = [
		['deactivates a member', 'me', 'deactivate', account(), null],
		['deactivates another administrator while one remains', 'me', 'deactivate', account({ isAdministrator: true }), null],
		['not themself', 'me', 'deactivate', account({ userId: 'me', isAdministrator: true }), /your own account/],
		['not the only active administrator', 'me', 'deactivate', account({ isAdministrator: true, activeAdministrators: 1 }), /only active administrator/],
		['not twice', 'me', 'deactivate', account({ deactivated: true }), /already deactivated/],
		['reactivates a deactivated account', 'me', 'reactivate', account({ deactivated: true }), null],
		['not an active one', 'me', 'reactivate', account(), /active already/],
		['grants administrator', 'me', 'grant_admin', account(), null],
		['not to a deactivated account', 'me', 'grant_admin', account({ deactivated: true }), /reactivate it/],
		['not twice', 'me', 'grant_admin', account({ isAdministrator: true }), /administrator already/],
		['revokes administrator while another remains, their own included', 'me', 'revoke_admin', account({ userId: 'me', isAdministrator: true }), null],
		['not from the only active administrator', 'me', 'revoke_admin', account({ userId: 'me', isAdministrator: true, activeAdministrators: 1 }), /only active administrator/],
		['not from someone who is not one', 'me', 'revoke_admin', account(), /not an administrator/],
		['sends a sign-in link for a member', 'me', 'send_sign_in_link', account(), null],
		['not for an administrator', 'me', 'send_sign_in_link', account({ isAdministrator: true }), /never sent for an administrator/],
		['not for their own account either', 'me', 'send_sign_in_link', account({ userId: 'me', isAdministrator: true }), /never sent for an administrator/],
		['not for a deactivated account', 'me', 'send_sign_in_link', account({ deactivated: true }), /deactivated/]
	];
	it.each(rows)('%s (%s, %s)', (_description, actor, act, target, refusal) => {
		const decision = checkAccountAct(actor, act, target);
		if (refusal === null) expect(decision).toEqual({ allowed: true });
		else expect(decision.allowed === false && decision.reason).toMatch(refusal);
	});
});
