import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { checkAccountAct, type AccountAct } from '$lib/domain/policy';
import { ROLE_LABELS } from '$lib/domain/roles';
import * as accountAdmin from '$lib/server/account-admin';
import { parseForm, uuid } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import * as invitation from '$lib/server/invitation';
import * as membership from '$lib/server/membership';
import { uuidParam } from '$lib/server/params';
import type { Result } from '$lib/server/result';
import * as user from '$lib/server/user';
import type { Actions, PageServerLoad } from './$types';

/** The acts that ask "are you sure?" first, on the page itself (`?confirm=`). */
const CONFIRMED = ['deactivate', 'revoke_admin', 'grant_admin'] as const;
type Confirmed = (typeof CONFIRMED)[number];

/** What the page says once an act is done (`?done=`). */
const DONE: Record<string, (name: string) => string> = {
	link: (name) => `A sign-in link for ${name} is in the outbox. It works once, for ${accountAdmin.SIGN_IN_LINK_MINUTES} minutes.`,
	invitation: (name) => `The invitation has been sent to ${name} again. The link in the earlier email no longer works.`,
	deactivated: (name) => `${name}'s account is deactivated: they have been signed out everywhere and cannot sign in.`,
	reactivated: (name) => `${name}'s account is active again.`,
	granted: (name) => `${name} is now an administrator.`,
	revoked: (name) => `${name} is no longer an administrator.`
};

async function openPerson(locals: App.Locals, id: string) {
	const person = await user.get(locals.services.sql, id);
	if (!person) error(404, 'Page not found');
	return person;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const id = uuidParam(params.id);
	const actor = await actorOf(locals);
	const { sql } = locals.services;
	const person = await openPerson(locals, id);
	const unaccepted = await invitation.listUnaccepted(sql, person.email);
	const bodyIds = (await membership.currentBodyIds(sql, [id])).get(id) ?? [];
	// The secretariat that invited someone may see their page before they accept.
	authorise(actor, 'person.view', { personId: id, personBodyIds: [...bodyIds, ...unaccepted.map((i) => i.bodyId)] });
	const memberships = await membership.listForPerson(sql, id);

	const administers = may(actor, 'person.deactivate', { personId: id });
	const [admins] = administers ? await sql<{ n: number }[]>`select count(*)::int as n from users where is_administrator and deactivated_at is null` : [];
	const target = { userId: id, name: person.name, isAdministrator: person.isAdministrator, deactivated: person.deactivatedAt !== null, activeAdministrators: admins?.n ?? 0 };
	/** For each act, whether it can be done to this account now, or the rule that stops it: the page offers or explains. */
	const acts = administers
		? Object.fromEntries(
				(['deactivate', 'reactivate', 'grant_admin', 'revoke_admin', 'send_sign_in_link'] as const).map((act) => {
					const decision = checkAccountAct(actor.userId, act, target);
					return [act, decision.allowed ? null : decision.reason];
				})
			) as Record<AccountAct, string | null>
		: null;
	const confirm = url.searchParams.get('confirm');
	const done = url.searchParams.get('done');
	return {
		person: {
			id: person.id,
			name: person.name,
			email: person.email,
			hasPassword: person.hasPassword,
			isAdministrator: person.isAdministrator,
			deactivatedAt: person.deactivatedAt
		},
		isSelf: actor.userId === id,
		memberships: memberships.map((m) => ({ ...m, manageable: may(actor, 'membership.manage', { bodyId: m.bodyId }) })),
		invitations: person.deactivatedAt
			? []
			: unaccepted
					.filter((i) => may(actor, 'invitation.send', { bodyId: i.bodyId }))
					.map((i) => ({ id: i.id, bodyId: i.bodyId, bodyName: i.bodyName, role: ROLE_LABELS[i.role], expiresAt: i.expiresAt, expired: i.expiresAt.getTime() <= Date.now() })),
		acts,
		confirm: acts && CONFIRMED.includes(confirm as Confirmed) && acts[confirm as Confirmed] === null ? (confirm as Confirmed) : null,
		notice: done && DONE[done] ? DONE[done](person.name) : null,
		linkMinutes: accountAdmin.SIGN_IN_LINK_MINUTES,
		invitationDays: invitation.INVITATION_DAYS
	};
};

/** Refuses an act as the page's form `which`, with the rule that refused it. */
const refused = (which: string, reason: string) => fail(409, { which, errors: {} as Record<string, string>, message: reason });

async function after(id: string, done: string, result: Result<unknown>, which: string) {
	if (!result.ok) return refused(which, result.reason);
	redirect(303, `/people/${id}?done=${done}`);
}

export const actions: Actions = {
	sendSignInLink: async ({ locals, params }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		authorise(actor, 'person.send_sign_in_link', { personId: id });
		return after(id, 'link', await accountAdmin.sendSignInLink(locals.services, actor, id), 'sendSignInLink');
	},
	resendInvitation: async ({ locals, params, request }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		const person = await openPerson(locals, id);
		const parsed = parseForm(z.object({ invitationId: uuid('Invitation: choose an invitation to send again') }), await request.formData());
		if (!parsed.ok) return fail(400, { which: 'resendInvitation', errors: parsed.errors, message: null });
		const { sql, mailer, origin } = locals.services;
		const found = await invitation.get(sql, parsed.data.invitationId);
		if (!found || found.email.toLowerCase() !== person.email.toLowerCase()) error(404, 'Page not found');
		authorise(actor, 'invitation.send', { bodyId: found.bodyId });
		const renewed = await locals.services.transaction((tx) => invitation.renew(tx, found.id, actor.userId));
		if (!renewed.ok) return refused('resendInvitation', renewed.reason);
		const invite = renewed.value.invitation;
		await mailer.send(
			invitation.invitationEmail({ email: invite.email, name: invite.name, bodyName: invite.bodyName, role: invite.role, link: `${origin}/invitations/${renewed.value.token}`, again: true })
		);
		redirect(303, `/people/${id}?done=invitation`);
	},
	deactivate: async ({ locals, params, request }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		authorise(actor, 'person.deactivate', { personId: id });
		const parsed = parseForm(
			z.object({
				reason: z
					.string()
					.trim()
					.min(1, 'Reason for deactivating: enter why this account is being deactivated; it is kept in the audit trail')
					.max(500, 'Reason for deactivating: enter at most 500 characters')
			}),
			await request.formData()
		);
		if (!parsed.ok) return fail(400, { which: 'deactivate', errors: parsed.errors, message: null, values: parsed.values });
		return after(id, 'deactivated', await accountAdmin.deactivate(locals.services, actor, id, parsed.data.reason), 'deactivate');
	},
	reactivate: async ({ locals, params }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		authorise(actor, 'person.deactivate', { personId: id });
		return after(id, 'reactivated', await accountAdmin.reactivate(locals.services, actor, id), 'reactivate');
	},
	grantAdmin: async ({ locals, params }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		authorise(actor, 'person.grant_admin', { personId: id });
		return after(id, 'granted', await accountAdmin.setAdministrator(locals.services, actor, id, true), 'grantAdmin');
	},
	revokeAdmin: async ({ locals, params }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		authorise(actor, 'person.grant_admin', { personId: id });
		// Their own included: their page stays theirs to see.
		return after(id, 'revoked', await accountAdmin.setAdministrator(locals.services, actor, id, false), 'revokeAdmin');
	}
};
