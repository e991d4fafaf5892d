import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { formatDate } from '$lib/domain/governance';
import type { Actor } from '$lib/domain/policy';
import { parseActionFilter, type ActionFilter, type FilterErrors, type FilterValues } from '$lib/domain/register-filter';
import * as action from '$lib/server/action';
import * as body from '$lib/server/body';
import { parseForm } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import { withBody } from '../decisions/register.server';
import type { ActionRow } from './action-row';

/** The action log read for a page or its export: the filter asked for, and the actions that answer it. */
export interface LogRead {
	/** Null when the filter was refused: the log is then read unfiltered, and an export refuses. */
	filter: ActionFilter | null;
	values: FilterValues;
	errors: FilterErrors;
	/** The query string of the filter in force ('' for none). */
	query: string;
	/** The query string the export takes for the same actions: with the body, on one body's page. */
	exportQuery: string;
	items: action.ActionItem[];
	/** The bodies the filter chooses among, those whose meetings the actor follows; empty on one body's own page. */
	bodies: { value: string; label: string }[];
}

/**
 * Reads the action log as the actor may see it, filtered by the query (register-filter.ts). The page and its
 * export call this alike, so the file holds exactly the actions the page lists. On one body's page (`bodyId`) the
 * body comes from the path.
 */
export async function readLog(locals: App.Locals, actor: Actor, params: URLSearchParams, bodyId: string | null = null): Promise<LogRead> {
	const { sql } = locals.services;
	const bodies = bodyId ? [] : (await body.list(sql)).filter((b) => may(actor, 'meeting.follow', { bodyId: b.id }));
	const parsed = parseActionFilter(params, { bodyIds: bodyId ? null : bodies.map((b) => b.id) });
	const filter = { ...(parsed.ok ? parsed.filter : {}), ...(bodyId ? { bodyId } : {}) };
	return {
		filter: parsed.ok ? filter : null,
		values: parsed.values,
		errors: parsed.ok ? {} : parsed.errors,
		query: parsed.ok ? parsed.query : '',
		exportQuery: withBody(parsed.ok ? parsed.query : '', bodyId),
		items: await action.log(sql, actor, filter),
		bodies: bodies.map((b) => ({ value: b.id, label: b.endedOn ? `${b.name} (ended)` : b.name }))
	};
}

/** The action log's lines as the pages show them, with whether the actor may change each. */
export function toRows(items: action.ActionItem[], actor: Actor): ActionRow[] {
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
