import type http from 'node:http';
import { decide } from '../../src/lib/domain/policy';
import * as body from '../../src/lib/server/body';
import type { Sql } from '../../src/lib/server/db';
import * as membership from '../../src/lib/server/membership';
import * as session from '../../src/lib/server/session';
import { cookieFrom, sameOrigin } from '../handshake';
import { parseDocumentName, type DocumentName } from '../../src/lib/domain/documents/document-name';

/**
 * What a connection may do to its document: edit it, comment on it, or read it. Comments are kept beside the
 * document (document_comments, through the page), so over the websocket a comment connection reads, as a view
 * connection does.
 */
export type Permission = 'edit' | 'comment' | 'view';

export type Admission =
	| { ok: true; document: DocumentName; user: session.SessionUser; permission: Permission; token: string; expiresAt: Date }
	| { ok: false; status: 401 | 403 | 404; reason: string };

export type Recheck = { ok: true; permission: Permission; expiresAt?: Date } | { ok: false; status: 401 | 403; reason: string };

export const COLLAB_PATH = '/collab/';

/**
 * Decides, from the upgrade request alone, whether this websocket may open: the document name in the path,
 * the session cookie, the origin, the body, and the person's role in it. Nothing of the document is read here.
 */
export async function admit(sql: Sql, req: http.IncomingMessage, publicOrigin: string): Promise<Admission> {
	const document = documentOf(req.url ?? '');
	if (!document) return { ok: false, status: 404, reason: 'No such document' };
	const token = cookieFrom(req.headers.cookie, session.SESSION_COOKIE);
	if (!token) return { ok: false, status: 401, reason: 'Sign in first.' };
	// A page on another site may open a websocket here, and the browser would send the cookie along with it.
	if (!sameOrigin(req, publicOrigin)) return { ok: false, status: 403, reason: 'Cross-origin connections are refused.' };
	const valid = await session.lookup(sql, token);
	if (!valid) return { ok: false, status: 401, reason: 'Your session has ended. Sign in again.' };
	if (!(await body.get(sql, document.bodyId))) return { ok: false, status: 404, reason: 'No such body' };
	const access = await permissionFor(sql, valid.user, document.bodyId);
	if (!access.ok) return access;
	return { ok: true, document, user: valid.user, permission: access.permission, token, expiresAt: valid.session.expiresAt };
}

/**
 * Checks an open connection again: a session ended (sign-out, password change) or a membership ended or changed
 * since the upgrade takes effect on connections already open, not only on the next one.
 */
export async function recheck(sql: Sql, token: string, bodyId: string): Promise<Recheck> {
	const valid = await session.lookup(sql, token);
	if (!valid) return { ok: false, status: 401, reason: 'Your session has ended. Sign in again.' };
	const access = await permissionFor(sql, valid.user, bodyId);
	return access.ok ? { ...access, expiresAt: valid.session.expiresAt } : access;
}

/** The most a person may do to a body's documents, from the policy. */
async function permissionFor(sql: Sql, user: session.SessionUser, bodyId: string): Promise<Recheck> {
	const actor = await membership.actorFor(sql, user);
	const target = { bodyId };
	if (decide(actor, 'document.edit', target).allowed) return { ok: true, permission: 'edit' };
	if (decide(actor, 'document.comment', target).allowed) return { ok: true, permission: 'comment' };
	const view = decide(actor, 'document.view', target);
	return view.allowed ? { ok: true, permission: 'view' } : { ok: false, status: 403, reason: view.reason };
}

function documentOf(url: string): DocumentName | null {
	const path = url.split('?')[0]!;
	if (!path.startsWith(COLLAB_PATH)) return null;
	try {
		return parseDocumentName(decodeURIComponent(path.slice(COLLAB_PATH.length)));
	} catch {
		return null; // a malformed %-escape
	}
}
