import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import * as commentThread from '$lib/server/comment-thread';
import { actorOf } from '$lib/server/guard';
import type { RequestHandler } from './$types';

/**
 * Comment threads as JSON, for the panels beside documents, meetings and decisions: GET lists the threads of a
 * document (?doc=), a meeting (?meeting=) or a decision (?decision=), or the body's people to mention
 * (?mentionable=<body>); POST does one act. What the reader may see and do is the service's to say.
 */

const Status = z.enum(['open', 'resolved', 'all']).catch('all');
const Uuid = z.string().uuid();
const Text = z.string().max(commentThread.MAX_COMMENT_LENGTH * 2);
const Short = z.string().max(400);

export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = await actorOf(locals);
	const { sql } = locals.services;
	const status = Status.parse(url.searchParams.get('status') ?? 'all');
	const doc = url.searchParams.get('doc');
	const meeting = url.searchParams.get('meeting');
	const decision = url.searchParams.get('decision');
	const mentionable = url.searchParams.get('mentionable');
	const outcome = doc
		? await commentThread.listForDocument(sql, actor, doc, status)
		: meeting && Uuid.safeParse(meeting).success
			? await commentThread.listForMeeting(sql, actor, meeting.toLowerCase(), status)
			: decision && Uuid.safeParse(decision).success
				? await commentThread.listForDecision(sql, actor, decision.toLowerCase(), status)
				: mentionable && Uuid.safeParse(mentionable).success
					? await commentThread.mentionable(sql, actor, mentionable.toLowerCase())
					: null;
	if (!outcome) error(400, 'Name a document, a meeting, a decision or a body');
	if (!outcome.ok) error(outcome.refused ? 403 : 404, outcome.reason);
	return json(outcome.value, { headers: { 'cache-control': 'no-store' } });
};

const DocAnchor = { docName: z.string().max(200), label: Short.optional() };
const Anchor = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('text'), ...DocAnchor, field: Short, start: z.string().min(1).max(2000), end: z.string().min(1).max(2000), quote: z.string().max(20_000) }),
	z.object({ kind: z.literal('priority'), ...DocAnchor, priorityId: Short, field: Short.nullable().optional() }),
	z.object({ kind: z.literal('raci_cell'), ...DocAnchor, rowId: Short, columnId: Short }),
	z.object({ kind: z.literal('document'), ...DocAnchor }),
	z.object({ kind: z.literal('agenda_item'), agendaItemId: Uuid }),
	z.object({ kind: z.literal('paper'), paperId: Uuid }),
	z.object({ kind: z.literal('motion'), motionId: Uuid }),
	z.object({ kind: z.literal('decision'), decisionId: Uuid })
]);

const Request = z.discriminatedUnion('action', [
	z.object({ action: z.literal('start'), anchor: Anchor, text: Text }),
	z.object({ action: z.literal('reply'), threadId: Uuid, text: Text }),
	z.object({ action: z.literal('edit'), commentId: Uuid, text: Text }),
	z.object({ action: z.literal('remove'), commentId: Uuid }),
	z.object({ action: z.literal('resolve'), threadId: Uuid }),
	z.object({ action: z.literal('reopen'), threadId: Uuid })
]);

export const POST: RequestHandler = async ({ locals, request, url }) => {
	// JSON posts fall outside SvelteKit's form CSRF check: refuse any that do not come from this site.
	const origin = request.headers.get('origin');
	if (origin && origin !== url.origin) error(403, 'Cross-site requests are not accepted');
	const actor = await actorOf(locals);
	const parsed = Request.safeParse(await request.json().catch(() => null));
	if (!parsed.success) return json({ ok: false, reason: 'The request was not understood' }, { status: 400 });
	const input = parsed.data;
	// The services' transaction, so what the act announces (the lists it changed, the inboxes of those it told)
	// reaches the open pages once it commits.
	const outcome = await locals.services.transaction((tx) => commentThread.act(tx, actor, input));
	const status = outcome.ok ? (input.action === 'start' || input.action === 'reply' ? 201 : 200) : outcome.refused ? 403 : 400;
	return json(outcome.ok ? { ok: true, value: outcome.value } : { ok: false, reason: outcome.reason }, { status });
};
