import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import * as body from '$lib/server/body';
import * as commentThread from '$lib/server/comment-thread';
import type { Tx } from '$lib/server/db';
import { endDated, isoDate, parseForm, refuseForm, today } from '$lib/server/forms';
import { actorOf, authorise } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import { bodyForm, selfAndBelow } from '../../body-form';
import type { Actions, PageServerLoad } from './$types';

const endForm = z.object({ endedOn: isoDate('Enter the date the body ended as a real date, like 31 March 2016') });

const refuse = refuseForm<'update' | 'end'>;

/** Bodies that can be this body's parent: not itself or below it, and not ended (unless already its parent). */
async function parentOptions(tx: Tx, id: string, currentParentId: string | null) {
	const bodies = await body.list(tx);
	const excluded = selfAndBelow(bodies, id);
	return bodies.filter((b) => !excluded.has(b.id) && (!b.endedOn || b.id === currentParentId)).map((b) => ({ value: b.id, label: b.name }));
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const id = uuidParam(params.id);
	const actor = await actorOf(locals);
	const found = await body.get(locals.services.sql, id);
	if (!found) error(404, 'Page not found');
	authorise(actor, 'body.edit', { bodyId: id });
	return {
		body: found,
		parents: await parentOptions(locals.services.sql, id, found.parentId),
		today: today(),
		observersMayComment: await commentThread.observersMayComment(locals.services.sql, id)
	};
};

export const actions: Actions = {
	update: async ({ request, locals, params }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		authorise(actor, 'body.edit', { bodyId: id });
		const parsed = parseForm(bodyForm, await request.formData());
		if (!parsed.ok) return refuse(400, 'update', parsed.errors, parsed.values);
		const input = parsed.data;
		const values = { ...input, parentId: input.parentId ?? '' };
		const outcome = await locals.services.sql.begin(async (tx) => {
			const before = await body.get(tx, id);
			if (!before) return null;
			if (input.parentId && !(await parentOptions(tx, id, before.parentId)).some((o) => o.value === input.parentId)) {
				return { ok: false as const, reason: 'Choose a parent body from the list: not this body, one of its own sub-groups, or an ended body', field: 'parentId' };
			}
			const updated = await body.update(tx, id, input, actor.userId);
			return updated.ok ? updated : { ...updated, field: /itself|sub-group/.test(updated.reason) ? 'parentId' : 'name' };
		});
		if (!outcome) error(404, 'Page not found');
		if (!outcome.ok) return refuse(409, 'update', { [outcome.field]: outcome.reason }, values);
		redirect(303, `/bodies/${id}?saved`);
	},
	observers: async ({ request, locals, params }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		const allowed = (await request.formData()).get('observersMayComment') === 'yes';
		const outcome = await locals.services.sql.begin((tx) => commentThread.setObserversMayComment(tx, actor, id, allowed));
		if (!outcome.ok) error(outcome.refused ? 403 : 404, outcome.reason);
		redirect(303, `/bodies/${id}?saved`);
	},
	end: async ({ request, locals, params }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		authorise(actor, 'body.edit', { bodyId: id });
		const refused = await endDated(await request.formData(), 'end', endForm, (data) => locals.services.sql.begin((tx) => body.end(tx, id, data.endedOn, actor.userId)));
		if (refused) return refused;
		redirect(303, `/bodies/${id}?ended`);
	}
};
