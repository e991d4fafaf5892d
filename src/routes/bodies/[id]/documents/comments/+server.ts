import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import * as body from '$lib/server/body';
import * as documentComment from '$lib/server/document-comment';
import { actorOf, authorise } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import { parseDocumentName } from '$lib/domain/documents/document-name';
import type { RequestHandler } from './$types';

/** The document named in the request, which must be one of this body's. */
async function documentOf(locals: App.Locals, bodyIdParam: string, docName: string | null) {
	const found = await body.get(locals.services.sql, uuidParam(bodyIdParam));
	if (!found) error(404, 'Page not found');
	const document = docName ? parseDocumentName(docName) : null;
	if (!document || document.bodyId !== found.id) error(404, 'No such document for this body');
	return { bodyId: found.id, docName: document.name };
}

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const actor = await actorOf(locals);
	const { bodyId, docName } = await documentOf(locals, params.id, url.searchParams.get('doc'));
	authorise(actor, 'document.view', { bodyId });
	return json(await documentComment.list(locals.services.sql, docName), { headers: { 'cache-control': 'no-store' } });
};

const Request = z.discriminatedUnion('action', [
	z.object({ action: z.literal('add'), doc: z.string(), anchor: z.string().max(200).default(''), text: z.string().max(documentComment.MAX_COMMENT_LENGTH + 100) }),
	z.object({ action: z.literal('resolve'), doc: z.string(), id: z.string().uuid() })
]);

export const POST: RequestHandler = async ({ locals, params, request, url }) => {
	// JSON posts fall outside SvelteKit's form CSRF check: refuse any that do not come from this site.
	const origin = request.headers.get('origin');
	if (origin && origin !== url.origin) error(403, 'Cross-site requests are not accepted');
	const actor = await actorOf(locals);
	const parsed = Request.safeParse(await request.json().catch(() => null));
	if (!parsed.success) return json({ ok: false, reason: 'The request was not understood' }, { status: 400 });
	const { bodyId, docName } = await documentOf(locals, params.id, parsed.data.doc);
	const { sql } = locals.services;
	if (parsed.data.action === 'add') {
		authorise(actor, 'document.comment', { bodyId });
		const { anchor, text } = parsed.data;
		const added = await sql.begin((tx) => documentComment.add(tx, { docName, bodyId, anchor, text }, actor.userId));
		return json(added, { status: added.ok ? 201 : 400 });
	}
	authorise(actor, 'document.edit', { bodyId });
	const id = parsed.data.id;
	const resolved = await sql.begin((tx) => documentComment.resolve(tx, id, docName, actor.userId));
	return json(resolved, { status: resolved.ok ? 200 : 409 });
};
