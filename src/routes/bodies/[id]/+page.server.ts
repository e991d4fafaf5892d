import { error } from '@sveltejs/kit';
import { MEMBERSHIP_ROLES } from '$lib/domain/roles';
import * as body from '$lib/server/body';
import { actorOf, authorise, may } from '$lib/server/guard';
import * as invitation from '$lib/server/invitation';
import * as membership from '$lib/server/membership';
import { uuidParam } from '$lib/server/params';
import * as weight from '$lib/server/weight';
import type { PageServerLoad } from './$types';

const NOTICES = {
	created: 'The body has been set up.',
	saved: 'Your changes have been saved.',
	ended: 'The body has been ended.',
	added: 'The member has been added.',
	weights: 'The organisation weights have been saved.'
} as const;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const id = uuidParam(params.id);
	const actor = await actorOf(locals);
	authorise(actor, 'body.view', { bodyId: id });
	const { sql } = locals.services;
	const found = await body.get(sql, id);
	if (!found) error(404, 'Page not found');
	const canInvite = may(actor, 'invitation.send', { bodyId: id });
	const [subGroups, members, weights, pending] = await Promise.all([
		body.children(sql, id),
		membership.listForBody(sql, id),
		weight.listForBody(sql, id),
		canInvite ? invitation.listPending(sql, id) : Promise.resolve([])
	]);
	// Link a member's name only when the viewer may open their page.
	const bodiesOf = await membership.currentBodyIds(sql, members.map((m) => m.userId));
	const viewable = new Set(
		members.filter((m) => may(actor, 'person.view', { personId: m.userId, personBodyIds: bodiesOf.get(m.userId) ?? [] })).map((m) => m.userId)
	);
	const invited = url.searchParams.get('invited');
	const notice = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find((key) => url.searchParams.has(key));
	const open = !found.endedOn;
	return {
		body: found,
		subGroups,
		// Chair first, then down the roles as DOMAIN.md lists them; by name within a role.
		members: members
			.map((m) => ({ ...m, viewable: viewable.has(m.userId) }))
			.sort((a, b) => MEMBERSHIP_ROLES.indexOf(a.role) - MEMBERSHIP_ROLES.indexOf(b.role) || a.personName.localeCompare(b.personName, 'en-GB')),
		weights,
		pending: pending.map((p) => ({ id: p.id, name: p.name, email: p.email, role: p.role, expiresAt: p.expiresAt })),
		// Only an address-like value is echoed back, and never more than an email can hold.
		invited: invited && invited.length <= 254 && invited.includes('@') ? invited : null,
		delivers: locals.services.mailer.delivers,
		notice: notice ? NOTICES[notice] : null,
		can: {
			edit: may(actor, 'body.edit', { bodyId: id }),
			invite: canInvite && open,
			seeInvitations: canInvite,
			manageMembers: may(actor, 'membership.manage', { bodyId: id }),
			addMembers: open && may(actor, 'membership.manage', { bodyId: id }),
			manageWeights: may(actor, 'weight.manage', { bodyId: id }),
			createSubGroup: open && (may(actor, 'body.create') || may(actor, 'body.create_sub_group', { bodyId: id })),
			readOutbox: may(actor, 'outbox.read'),
			followMeetings: may(actor, 'meeting.follow', { bodyId: id })
		}
	};
};
