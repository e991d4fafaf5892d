import { ROLE_LABELS, type MembershipRole } from '$lib/domain/roles';
import * as audit from './audit';
import type { Tx } from './db';
import type { Transaction } from './events';
import * as membership from './membership';
import type { Result } from './result';
import * as session from './session';
import { generateToken, hashToken } from './tokens';
import * as user from './user';

const DAY = 24 * 60 * 60 * 1000;
export const INVITATION_DAYS = 7;

export interface InvitationInput {
	email: string;
	name: string;
	role: MembershipRole;
	deputyFor: string | null;
	organisationIds: string[];
}

export interface Invitation extends InvitationInput {
	id: string;
	bodyId: string;
	bodyName: string;
	expiresAt: Date;
	usedAt: Date | null;
	createdAt: Date;
}

const select = (tx: Tx) => tx`
	select i.id, i.email, i.name, i.role, i.deputy_for, i.organisation_ids, i.body_id, b.name as body_name,
		i.expires_at, i.used_at, i.created_at
	from invitations i join bodies b on b.id = i.body_id`;

/** Records an invitation and returns the one-off token for the emailed link; only its hash is kept. */
export async function create(tx: Tx, bodyId: string, input: InvitationInput, actorId: string): Promise<{ token: string; invitation: Invitation }> {
	const token = generateToken();
	const expiresAt = new Date(Date.now() + INVITATION_DAYS * DAY);
	const [row] = await tx<{ id: string }[]>`
		insert into invitations (token_hash, email, name, body_id, role, deputy_for, organisation_ids, invited_by, expires_at)
		values (${hashToken(token)}, ${input.email}, ${input.name}, ${bodyId}, ${input.role}, ${input.deputyFor},
			${input.organisationIds}::uuid[], ${actorId}, ${expiresAt})
		returning id`;
	const [invitation] = await tx<Invitation[]>`${select(tx)} where i.id = ${row!.id}`;
	await audit.record(tx, { actorId, action: 'invitation.create', entity: 'invitation', entityId: row!.id, after: { ...input, bodyId, expiresAt } });
	return { token, invitation: invitation! };
}

/** Invitations not yet accepted and not expired, for the body page. */
export async function listPending(tx: Tx, bodyId: string): Promise<Invitation[]> {
	return tx<Invitation[]>`${select(tx)} where i.body_id = ${bodyId} and i.used_at is null and i.expires_at > now() order by i.created_at desc`;
}

/**
 * The invitations to this email address not yet accepted, expired ones included (they are the ones most worth
 * sending again), newest first: for the person's page.
 */
export async function listUnaccepted(tx: Tx, email: string): Promise<Invitation[]> {
	return tx<Invitation[]>`${select(tx)} where lower(i.email) = lower(${email}) and i.used_at is null order by i.created_at desc`;
}

export async function get(tx: Tx, id: string): Promise<Invitation | null> {
	const [row] = await tx<Invitation[]>`${select(tx)} where i.id = ${id}`;
	return row ?? null;
}

/**
 * Sends an invitation not yet accepted again: a fresh token and a fresh 7 days, so the link in the earlier email no
 * longer works. Returns the token for the new email; refused once the invitation has been accepted, or when the
 * person's account has been deactivated.
 */
export async function renew(tx: Tx, id: string, actorId: string): Promise<Result<{ token: string; invitation: Invitation }>> {
	const [locked] = await tx<{ usedAt: Date | null; email: string }[]>`select used_at, email from invitations where id = ${id} for update`;
	if (!locked) return { ok: false, reason: 'No such invitation' };
	if (locked.usedAt) return { ok: false, reason: 'This invitation has already been accepted: there is nothing to send again.' };
	const existing = await user.findByEmail(tx, locked.email);
	if (existing?.deactivatedAt) return { ok: false, reason: `${existing.name}'s account is deactivated: reactivate it before sending the invitation again.` };
	const token = generateToken();
	const expiresAt = new Date(Date.now() + INVITATION_DAYS * DAY);
	await tx`update invitations set token_hash = ${hashToken(token)}, expires_at = ${expiresAt} where id = ${id}`;
	await audit.record(tx, { actorId, action: 'invitation.resend', entity: 'invitation', entityId: id, after: { expiresAt } });
	return { ok: true, value: { token, invitation: (await get(tx, id))! } };
}

/** The invitation behind a link, if it can still be used. */
export async function findUsable(tx: Tx, token: string): Promise<Result<Invitation & { hasPassword: boolean }>> {
	const [row] = await tx<Invitation[]>`${select(tx)} where i.token_hash = ${hashToken(token)}`;
	if (!row) return { ok: false, reason: 'This invitation link is not valid. Check you copied the whole link from the email.' };
	if (row.usedAt) return { ok: false, reason: 'This invitation has already been used. Sign in, or reset your password if you have forgotten it.' };
	if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'This invitation has expired. Ask the secretariat to invite you again.' };
	const existing = await user.findByEmail(tx, row.email);
	if (existing?.deactivatedAt) return { ok: false, reason: user.DEACTIVATED_MESSAGE };
	return { ok: true, value: { ...row, hasPassword: existing?.hasPassword ?? false } };
}

/**
 * Accepts an invitation: marks it used (once, even if two requests race), makes or finds the person,
 * sets their password when they have none, adds the membership and starts a session.
 */
export async function accept(
	transaction: Transaction,
	token: string,
	input: { password: string | null }
): Promise<Result<{ sessionToken: string; sessionExpiresAt: Date; userId: string; bodyId: string }>> {
	return transaction(async (tx) => {
		const [claimed] = await tx<{ id: string }[]>`
			update invitations set used_at = now()
			where token_hash = ${hashToken(token)} and used_at is null and expires_at > now()
			returning id`;
		if (!claimed) {
			const usable = await findUsable(tx, token);
			return { ok: false as const, reason: usable.ok ? 'This invitation could not be used. Try again.' : usable.reason };
		}
		const [invitation] = await tx<Invitation[]>`${select(tx)} where i.id = ${claimed.id}`;
		const invite = invitation!;
		const person = await user.ensurePerson(tx, { email: invite.email, name: invite.name }, null);
		if (person.deactivatedAt) throw new Refusal(user.DEACTIVATED_MESSAGE);
		if (!person.hasPassword) {
			if (!input.password) throw new Refusal('Choose a password to finish accepting the invitation');
			await user.setPassword(tx, person.id, input.password, null, person.id);
		}
		const created = await membership.create(
			tx,
			invite.bodyId,
			person.id,
			{
				role: invite.role,
				deputyFor: invite.deputyFor,
				organisationIds: invite.organisationIds,
				startsOn: new Date().toISOString().slice(0, 10),
				endsOn: null
			},
			person.id
		);
		if (!created.ok) throw new Refusal(`The invitation could not be accepted: ${created.reason}. Ask the secretariat to invite you again.`);
		await audit.record(tx, { actorId: person.id, action: 'invitation.accept', entity: 'invitation', entityId: invite.id });
		const started = await session.create(tx, person.id);
		return { ok: true as const, value: { sessionToken: started.token, sessionExpiresAt: started.session.expiresAt, userId: person.id, bodyId: invite.bodyId } };
	}).catch((error: unknown) => {
		if (error instanceof Refusal) return { ok: false as const, reason: error.message };
		throw error;
	});
}

/** Thrown inside the transaction to undo it (the invitation stays usable); caught and handed back as a reason. */
class Refusal extends Error {}

/**
 * The invitation email: the one wording whether it is the first invitation or one sent again (whose earlier link no
 * longer works), for the outbox to send.
 */
export function invitationEmail(input: { email: string; name: string; bodyName: string; role: MembershipRole; deputyFor?: string | null; link: string; again?: boolean }) {
	return {
		to: input.email,
		subject: `You are invited to join ${input.bodyName}`,
		text: [
			`Dear ${input.name},`,
			'',
			`You are invited to join ${input.bodyName} in the role of ${ROLE_LABELS[input.role]}${input.deputyFor ? `, as deputy for ${input.deputyFor}` : ''}.` +
				(input.again ? ' This is the invitation sent again: the link in any earlier email no longer works.' : ''),
			'',
			'To accept, open this link:',
			input.link,
			'',
			`The link works once and expires in ${INVITATION_DAYS} days. If it expires, ask the secretariat to invite you again.`,
			'If you did not expect this invitation, you can ignore this email.',
			'',
			'Oversight portal'
		].join('\n')
	};
}
