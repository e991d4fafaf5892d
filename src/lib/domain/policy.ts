import type { MembershipRole } from './roles';

/**
 * Who may do what. Every route and handler asks `decide` and nothing else, so the rules live in one place
 * and are tested as a table (policy.test.ts).
 */

/** The person acting, with their current (not ended) roles. */
export interface Actor {
	userId: string;
	isAdministrator: boolean;
	roles: { bodyId: string; role: MembershipRole }[];
}

export type Action =
	| 'organisation.create'
	| 'organisation.edit'
	| 'body.create'
	| 'body.create_sub_group'
	| 'body.edit'
	| 'body.view'
	| 'membership.manage'
	| 'weight.manage'
	| 'mandate.manage'
	| 'invitation.send'
	| 'person.view'
	| 'person.deactivate'
	| 'person.grant_admin'
	| 'person.send_sign_in_link'
	| 'outbox.read'
	| 'audit.read'
	| 'demo.load'
	| 'document.edit'
	| 'document.comment'
	| 'document.view'
	| 'meeting.schedule'
	| 'meeting.steer'
	| 'meeting.follow'
	| 'meeting.participate'
	| 'meeting.read_part_b'
	| 'decision.record_event'
	| 'minutes.edit'
	| 'thread.comment'
	| 'thread.moderate'
	| 'consultation.manage'
	| 'resolution.propose'
	| 'resolution.vote'
	| 'urgent_action.take';

/** What the action is done to: the body it concerns, or the person it concerns. */
export interface Target {
	bodyId?: string;
	/** For person.view: the person being looked at. */
	personId?: string;
	/** For person.view: the bodies that person sits on, so their secretariats may look. */
	personBodyIds?: string[];
	/** For thread.comment: whether the body lets its observers comment (its terms of reference say so). */
	observersMayComment?: boolean;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

function rolesIn(actor: Actor, bodyId: string | undefined): MembershipRole[] {
	if (!bodyId) return [];
	return actor.roles.filter((r) => r.bodyId === bodyId).map((r) => r.role);
}

/** Roles whose holders write a body's co-edited documents (terms of reference, priorities plan, RACI matrix). */
const DOCUMENT_EDITORS: MembershipRole[] = ['chair', 'vice_chair', 'voting_member', 'deputy', 'adviser', 'secretariat'];

/** Roles that run a meeting: the chair, the vice-chair (acting as chair when needed) and the secretariat. */
const STEERING: MembershipRole[] = ['chair', 'vice_chair', 'secretariat'];

/** Decides whether `actor` may do `action` to `target`, with the reason when not. */
export function decide(actor: Actor | null, action: Action, target: Target = {}): Decision {
	if (!actor) return deny('Sign in first.');
	if (actor.isAdministrator) return ALLOW;
	const roles = rolesIn(actor, target.bodyId);
	const isSecretariat = roles.includes('secretariat');
	const chairs = roles.includes('chair') || roles.includes('vice_chair');

	switch (action) {
		case 'organisation.create':
		case 'organisation.edit':
		case 'body.create':
		case 'outbox.read':
		case 'audit.read':
		case 'demo.load':
			return deny('Only an administrator can do this.');
		// Powers over someone's account: whether the act suits that account is `checkAccountAct`'s to say.
		case 'person.deactivate':
		case 'person.grant_admin':
			return deny('Only an administrator can deactivate or reactivate accounts, or grant and revoke administrator.');
		case 'person.send_sign_in_link':
			return deny('Only an administrator can send a sign-in link: it is a key to someone else’s account.');
		case 'body.create_sub_group':
			// target.bodyId is the parent: its secretariat sets sub-groups up once the body has decided to.
			return isSecretariat ? ALLOW : deny("Only an administrator or the parent body's secretariat can set up a sub-group.");
		case 'body.edit':
			return isSecretariat || chairs ? ALLOW : deny("Only an administrator, the body's chair, vice-chair or secretariat can edit it.");
		case 'membership.manage':
		case 'weight.manage':
		case 'mandate.manage':
		case 'invitation.send':
			return isSecretariat ? ALLOW : deny("Only an administrator or the body's secretariat can do this.");
		case 'body.view':
			// Who sits on which body, and in what role, is public governance information for every signed-in person.
			return ALLOW;
		case 'person.view': {
			if (target.personId === actor.userId) return ALLOW;
			const secretariatOf = new Set(actor.roles.filter((r) => r.role === 'secretariat').map((r) => r.bodyId));
			return (target.personBodyIds ?? []).some((id) => secretariatOf.has(id))
				? ALLOW
				: deny("Only the person, an administrator, or the secretariat of a body they sit on can see this page.");
		}
		// A body's co-edited documents: its members write them, PPV representatives comment, observers read.
		case 'document.edit':
			return roles.some((role) => DOCUMENT_EDITORS.includes(role))
				? ALLOW
				: deny("Only the body's members, deputies, advisers and secretariat can edit its documents; ask the secretariat if you need to.");
		case 'document.comment':
			return roles.some((role) => DOCUMENT_EDITORS.includes(role) || role === 'ppv_representative')
				? ALLOW
				: deny("Only the body's members and PPV representatives can comment on its documents.");
		case 'document.view':
			return roles.length > 0 ? ALLOW : deny("Only people who sit on this body, in any role, can open its documents.");
		// Meetings. The rules engine, not this policy, decides who may vote on an item; this decides who may act at all.
		case 'meeting.schedule':
		case 'meeting.steer':
		case 'minutes.edit':
			return roles.some((role) => STEERING.includes(role))
				? ALLOW
				: deny("Only the body's chair, vice-chair or secretariat can do this.");
		case 'meeting.follow':
		case 'meeting.read_part_b':
			return roles.length > 0 ? ALLOW : deny('Only people who sit on this body can follow its meetings and read its confidential (Part B) business.');
		case 'meeting.participate':
			return roles.some((role) => role !== 'observer')
				? ALLOW
				: deny('Observers follow the meeting but do not take part: ask the chair if you wish to speak.');
		case 'decision.record_event':
			return roles.includes('secretariat') ? ALLOW : deny("Only the body's secretariat or an administrator records ratifications, appeals and implementation.");
		// Comment threads on anything of a body's (a passage, a priority, a RACI cell, an item, a paper, a motion, a
		// decision): everyone who may comment on its documents, and observers where the body allows it.
		case 'thread.comment':
			if (roles.some((role) => DOCUMENT_EDITORS.includes(role) || role === 'ppv_representative')) return ALLOW;
			if (roles.includes('observer') && target.observersMayComment) return ALLOW;
			return deny(
				roles.includes('observer')
					? 'Observers of this body do not comment: its terms of reference do not provide for it.'
					: "Only the body's members, PPV representatives and secretariat can comment on its work."
			);
		// Resolving or reopening someone else's thread; an author may always resolve and reopen their own.
		case 'thread.moderate':
			return roles.some((role) => DOCUMENT_EDITORS.includes(role))
				? ALLOW
				: deny("Only the thread's author or the body's members and secretariat can resolve or reopen it.");
		case 'consultation.manage':
		case 'resolution.propose':
			return roles.includes('chair') || roles.includes('vice_chair') || isSecretariat
				? ALLOW
				: deny("Only the body's chair, vice-chair or secretariat can do this.");
		// Whether the person may cast on a given resolution is the rules engine's to say; this decides who may try.
		case 'resolution.vote':
			return roles.some((role) => role !== 'observer' && role !== 'secretariat' && role !== 'adviser')
				? ALLOW
				: deny('Only members of the body can vote on its written resolutions.');
		case 'urgent_action.take':
			return chairs ? ALLOW : deny("Only the body's chair, or the vice-chair acting as chair, can take urgent action.");
	}
}

/** An administrator's act on one account. */
export type AccountAct = 'deactivate' | 'reactivate' | 'grant_admin' | 'revoke_admin' | 'send_sign_in_link';

/** The account an act is on, as it stands, and how many active administrators the portal has now. */
export interface AccountActTarget {
	userId: string;
	name: string;
	isAdministrator: boolean;
	deactivated: boolean;
	/** Active (not deactivated) administrators, this account included if it is one. */
	activeAdministrators: number;
}

/**
 * Whether an administrator may do this act to this account, with the rule that refuses it. The portal is never left
 * without an active administrator, and an administrator does not deactivate themself (they would lock themself out
 * mid-act). A sign-in link is never sent for an administrator's account, their own included: it would let one
 * administrator act as another, and the audit trail could not tell them apart; an administrator who cannot sign in
 * resets their password. Nor for a deactivated account, which no link may open.
 */
export function checkAccountAct(actorUserId: string, act: AccountAct, target: AccountActTarget): Decision {
	const lastAdministrator = target.isAdministrator && !target.deactivated && target.activeAdministrators <= 1;
	switch (act) {
		case 'deactivate':
			if (target.deactivated) return deny(`${target.name}'s account is already deactivated.`);
			if (target.userId === actorUserId) return deny('You cannot deactivate your own account: ask another administrator to do it.');
			if (lastAdministrator) return deny(`${target.name} is the only active administrator: make someone else an administrator first, so the portal always has one.`);
			return ALLOW;
		case 'reactivate':
			return target.deactivated ? ALLOW : deny(`${target.name}'s account is active already.`);
		case 'grant_admin':
			if (target.deactivated) return deny(`${target.name}'s account is deactivated: reactivate it before making them an administrator.`);
			return target.isAdministrator ? deny(`${target.name} is an administrator already.`) : ALLOW;
		case 'revoke_admin':
			if (!target.isAdministrator) return deny(`${target.name} is not an administrator.`);
			if (lastAdministrator) return deny(`${target.name} is the only active administrator: make someone else an administrator first, so the portal always has one.`);
			return ALLOW;
		case 'send_sign_in_link':
			if (target.deactivated) return deny(`${target.name}'s account is deactivated: no link can sign them in. Reactivate it first.`);
			if (target.isAdministrator) {
				return deny(`${target.name} is an administrator: a sign-in link is never sent for an administrator's account, so no administrator can act as another. They sign in with their password, or reset it.`);
			}
			return ALLOW;
	}
}

/** A part of a meeting's business: A is public, B confidential (the public excluded). */
export type Part = 'A' | 'B';

/** Who reads: a signed-in person, or the public (null), who read only what is published. */
export type Reader = Actor | null;

/**
 * The parts of a body's business the reader may see: the one visibility rule. Part A is published, so everyone
 * may; Part B only those the policy lets read the body's confidential business. Reading services take the reader
 * and filter with this, so no page decides it for itself.
 */
export function visibleParts(reader: Reader, bodyId: string): readonly Part[] {
	return decide(reader, 'meeting.read_part_b', { bodyId }).allowed ? ['A', 'B'] : ['A'];
}

/** Whether the reader may see something of a part of a body's business. */
export function mayRead(reader: Reader, bodyId: string, part: Part): boolean {
	return visibleParts(reader, bodyId).includes(part);
}

/**
 * Whether the reader may see a decision: its body's rule, or, for a recommendation made in confidence, the rule
 * of the body that must decide it, whose members read it as a matter before them.
 */
export function mayReadDecision(reader: Reader, decision: { part: Part; bodyId: string; recommendationToBodyId: string | null }): boolean {
	return mayRead(reader, decision.bodyId, decision.part) || (decision.recommendationToBodyId !== null && mayRead(reader, decision.recommendationToBodyId, decision.part));
}
