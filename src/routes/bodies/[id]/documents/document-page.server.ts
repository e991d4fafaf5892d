import { error } from '@sveltejs/kit';
import * as body from '$lib/server/body';
import * as commentThread from '$lib/server/comment-thread';
import * as consultation from '$lib/server/consultation';
import { actorOf, authorise, may } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';

/** What a person may do with a body's co-edited documents; the collaboration server decides the same way. */
export type DocumentPermission = 'edit' | 'comment' | 'view';

/**
 * What every document page loads: the body, the person (for presence), and how far they may go. The page opens
 * the document itself over the websocket, where the server checks the same policy again.
 */
export async function loadDocumentPage(locals: App.Locals, bodyIdParam: string) {
	const actor = await actorOf(locals);
	const found = await body.get(locals.services.sql, uuidParam(bodyIdParam));
	if (!found) error(404, 'Page not found');
	authorise(actor, 'document.view', { bodyId: found.id });
	const permission: DocumentPermission = may(actor, 'document.edit', { bodyId: found.id })
		? 'edit'
		: may(actor, 'document.comment', { bodyId: found.id })
			? 'comment'
			: 'view';
	return {
		body: { id: found.id, name: found.name },
		permission,
		/** What the reader may do with the comment threads: comment (observers too where the body allows), moderate. */
		threads: { mayComment: await commentThread.mayCommentOn(locals.services.sql, actor, found.id), mayModerate: may(actor, 'thread.moderate', { bodyId: found.id }) },
		person: { id: locals.user!.id, name: locals.user!.name }
	};
}

/**
 * A co-edited document's page: what every document page loads, the document's name (`docNameOf` names it from the
 * body), and the consultations that govern comments on it, for the page to say so beside them.
 */
export async function loadCoEditedPage(locals: App.Locals, bodyIdParam: string, docNameOf: (bodyId: string) => string) {
	const page = await loadDocumentPage(locals, bodyIdParam);
	const docName = docNameOf(page.body.id);
	return { ...page, docName, consultations: await consultation.noticesFor(locals.services.sql, { docName }) };
}
