import { fail, redirect } from '@sveltejs/kit';
import type { Actor } from '$lib/domain/policy';
import * as body from '$lib/server/body';
import type { Tx } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import { isUuid } from '$lib/server/params';
import { bodyForm } from '../body-form';
import type { Actions, PageServerLoad } from './$types';

/**
 * The bodies the actor may set a new body up under: any (and none, for a top-level body) for an administrator,
 * otherwise those whose secretariat they are. Ended bodies take no new sub-groups.
 */
async function parentsFor(tx: Tx, actor: Actor) {
	const open = (await body.list(tx)).filter((b) => !b.endedOn);
	const any = may(actor, 'body.create');
	return { any, parents: any ? open : open.filter((b) => may(actor, 'body.create_sub_group', { bodyId: b.id })) };
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = await actorOf(locals);
	const { any, parents } = await parentsFor(locals.services.sql, actor);
	// Nothing to set up under: the policy gives the reason.
	if (!any && parents.length === 0) authorise(actor, 'body.create');
	const asked = url.searchParams.get('parent');
	const parent = asked ? parents.find((b) => isUuid(asked) && b.id === asked.toLowerCase()) : undefined;
	return {
		parents: parents.map((b) => ({ value: b.id, label: b.name })),
		topLevelAllowed: any,
		parentId: parent?.id ?? null,
		parentProblem: asked && !parent ? 'The parent body in the link was not found, or you cannot set up a sub-group under it. Choose a parent from the list.' : null
	};
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const actor = await actorOf(locals);
		const parsed = parseForm(bodyForm, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null });
		const input = parsed.data;
		if (!may(actor, 'body.create')) {
			// Not an administrator: only a sub-group, under a body whose secretariat they are.
			if (!input.parentId) {
				return fail(400, { errors: { parentId: 'Choose the parent body the sub-group reports to' }, values: { name: input.name, kind: input.kind, parentId: '' }, message: null });
			}
			authorise(actor, 'body.create_sub_group', { bodyId: input.parentId });
		}
		const created = await locals.services.sql.begin(async (tx) => {
			const parent = input.parentId ? await body.get(tx, input.parentId) : null;
			if (input.parentId && (!parent || parent.endedOn)) return { ok: false as const, reason: 'Choose a parent body that exists and has not ended', field: 'parentId' };
			const made = await body.create(tx, input, actor.userId);
			return made.ok ? made : { ...made, field: 'name' };
		});
		if (!created.ok) {
			const values = { name: input.name, kind: input.kind, parentId: input.parentId ?? '' };
			return fail(409, { errors: { [created.field]: created.reason }, values, message: null });
		}
		redirect(303, `/bodies/${created.value.id}?created`);
	}
};
