import * as audit from './audit';
import type { Tx } from './db';
import type { Result } from './result';

export interface DocumentComment {
	id: string;
	anchor: string;
	text: string;
	authorName: string;
	createdAt: Date;
	resolvedAt: Date | null;
	resolvedByName: string | null;
}

export const MAX_COMMENT_LENGTH = 4000;

/** A document's comments, oldest first, open ones and resolved ones alike. */
export async function list(tx: Tx, docName: string): Promise<DocumentComment[]> {
	return tx<DocumentComment[]>`
		select c.id, c.anchor, c.text, a.name as author_name, c.created_at, c.resolved_at, r.name as resolved_by_name
		from document_comments c join users a on a.id = c.author_id left join users r on r.id = c.resolved_by
		where c.doc_name = ${docName} order by c.created_at, c.id`;
}

export async function add(
	tx: Tx,
	input: { docName: string; bodyId: string; anchor: string; text: string },
	authorId: string
): Promise<Result<{ id: string }>> {
	const text = input.text.trim();
	if (text === '') return { ok: false, reason: 'Enter your comment' };
	if (text.length > MAX_COMMENT_LENGTH) return { ok: false, reason: `Enter a comment of at most ${MAX_COMMENT_LENGTH} characters` };
	const [row] = await tx<{ id: string }[]>`
		insert into document_comments (doc_name, body_id, anchor, text, author_id)
		values (${input.docName}, ${input.bodyId}, ${input.anchor.trim().slice(0, 200)}, ${text}, ${authorId})
		returning id`;
	await audit.record(tx, { actorId: authorId, action: 'document_comment.add', entity: 'document_comment', entityId: row!.id, after: { docName: input.docName, anchor: input.anchor, text } });
	return { ok: true, value: row! };
}

/** Marks a comment dealt with; it stays on the record. */
export async function resolve(tx: Tx, id: string, docName: string, actorId: string): Promise<Result<null>> {
	const [row] = await tx<{ id: string }[]>`
		update document_comments set resolved_at = now(), resolved_by = ${actorId}
		where id = ${id} and doc_name = ${docName} and resolved_at is null returning id`;
	if (!row) return { ok: false, reason: 'That comment is not open on this document' };
	await audit.record(tx, { actorId, action: 'document_comment.resolve', entity: 'document_comment', entityId: id });
	return { ok: true, value: null };
}
