import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { formatDate } from '$lib/domain/governance';
import type { Actor } from '$lib/domain/policy';
import * as action from '$lib/server/action';
import { parseForm } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import type { ActionRow } from './action-row';

/** The action log as the actor may see it: bodies whose meetings they follow; Part B actions to those who may read Part B. */
export async function actionLog(locals: App.Locals, actor: Actor, filter: { bodyId?: string } = {}): Promise<ActionRow[]> {
	const items = await action.log(locals.services.sql, actor, filter);
	return items.map((a) => ({
			id: a.id,
			description: a.description,
			ownerName: a.ownerName,
			dueOn: a.dueOn ? formatDate(a.dueOn) : null,
			status: a.status,
			overdue: a.overdue,
			bodyId: a.bodyId,
			bodyName: a.bodyName,
			meetingId: a.meetingId,
			meetingTitle: a.meetingTitle,
			itemTitle: a.itemTitle,
			canChange: may(actor, 'meeting.steer', { bodyId: a.bodyId })
		}));
}

/** The form action that marks an action done, cancelled or open again, for the chair, vice-chair or secretariat. */
export async function setActionStatus({ request, locals }: { request: Request; locals: App.Locals }, returnTo: string) {
	const actor = await actorOf(locals);
	const parsed = parseForm(
		z.object({
			actionId: z.string().uuid('Choose an action from the log'),
			status: z.enum(['open', 'done', 'cancelled'], { error: 'Choose done, cancelled or open' })
		}),
		await request.formData()
	);
	if (!parsed.ok) return fail(400, { message: Object.values(parsed.errors)[0] ?? 'Choose an action from the log' });
	const found = await action.get(locals.services.sql, parsed.data.actionId);
	if (!found) return fail(404, { message: 'That action is no longer in the log' });
	authorise(actor, 'meeting.steer', { bodyId: found.bodyId });
	const changed = await locals.services.transaction((tx) => action.setStatus(tx, found.id, parsed.data.status, actor.userId));
	if (!changed.ok) return fail(409, { message: changed.reason });
	redirect(303, `${returnTo}?changed`);
}
