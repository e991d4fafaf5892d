import { describe, expect, it } from 'vitest';
import { decide, type Action, type Actor, type Target } from './policy';

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
	ppv: person([{ bodyId: BODY, role: 'ppv_representative' }]),
	observer: person([{ bodyId: BODY, role: 'observer' }]),
	secretariat_elsewhere: person([{ bodyId: OTHER, role: 'secretariat' }])
};

type Row = [actor: keyof typeof actors, action: Action, target: Target, allowed: boolean];
const onBody = { bodyId: BODY };
const ALL = ['anonymous', 'administrator', 'chair', 'vice_chair', 'secretariat', 'member', 'ppv', 'observer', 'secretariat_elsewhere'] as const;

// For each action, the actors allowed; every other actor must be refused.
const allowedBy: [Action, Target, (keyof typeof actors)[]][] = [
	['organisation.create', {}, ['administrator']],
	['organisation.edit', {}, ['administrator']],
	['body.create', {}, ['administrator']],
	['body.create_sub_group', onBody, ['administrator', 'secretariat']],
	['body.edit', onBody, ['administrator', 'chair', 'vice_chair', 'secretariat']],
	['body.view', onBody, ['administrator', 'chair', 'vice_chair', 'secretariat', 'member', 'ppv', 'observer', 'secretariat_elsewhere']],
	['membership.manage', onBody, ['administrator', 'secretariat']],
	['weight.manage', onBody, ['administrator', 'secretariat']],
	['mandate.manage', onBody, ['administrator', 'secretariat']],
	['invitation.send', onBody, ['administrator', 'secretariat']],
	['outbox.read', {}, ['administrator']],
	['audit.read', {}, ['administrator']],
	['demo.load', {}, ['administrator']],
	['person.view', { personId: 'someone', personBodyIds: [BODY] }, ['administrator', 'secretariat']],
	['person.view', { personId: 'me', personBodyIds: [] }, ['administrator', 'chair', 'vice_chair', 'secretariat', 'member', 'ppv', 'observer', 'secretariat_elsewhere']]
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
