// Who may open a co-edited document over the collaboration websocket, and do what: the portal's answer to the
// collaboration server's authenticate and recheck hooks (server/collab), wired in the composition root.
import type http from 'node:http';
import { decide } from '$lib/domain/policy';
import * as body from './body';
import type { Sql } from './db';
import * as membership from './membership';
import * as session from './session';
import { cookieFrom, sameOrigin } from './handshake';
import { parseDocumentName, parseMinutesName } from '$lib/domain/documents/document-name';
import * as meeting from './meeting';
import * as minutes from './minutes';

/**
 * What a connection may do to its document: edit it, comment on it, or read it. Comments are kept beside the
 * document (comment threads, migrations/018, through the page), so over the websocket a comment connection
 * reads, as a view connection does.
 */
export type Permission = 'edit' | 'comment' | 'view';

/**
 * The document a connection opened: one of a body's documents, or the minutes of one of its meetings (whose
 * name carries the meeting, the body being the meeting's).
 */
export interface AdmittedDocument {
	name: string;
	bodyId: string;
	meetingId: string | null;
}

export type Admission =
	| { ok: true; document: AdmittedDocument; user: session.SessionUser; permission: Permission; token: string; expiresAt: Date }
	| { ok: false; status: 401 | 403 | 404; reason: string };

export type Recheck = { ok: true; permission: Permission; expiresAt?: Date } | { ok: false; status: 401 | 403; reason: string };

export const COLLAB_PATH = '/collab/';

/**
 * Decides, from the upgrade request alone, whether this websocket may open: the document name in the path,
 * the session cookie, the origin, the body (or the meeting, for minutes), and the person's role in it. Nothing of the document is read here.
 */
export async function admit(sql: Sql, req: http.IncomingMessage, publicOrigin: string): Promise<Admission> {
	const name = nameOf(req.url ?? '');
	if (name === null) return { ok: false, status: 404, reason: 'No such document' };
	const token = cookieFrom(req.headers.cookie, session.SESSION_COOKIE);
	if (!token) return { ok: false, status: 401, reason: 'Sign in first.' };
	// A page on another site may open a websocket here, and the browser would send the cookie along with it.
	if (!sameOrigin(req, publicOrigin)) return { ok: false, status: 403, reason: 'Cross-origin connections are refused.' };
	const valid = await session.lookup(sql, token);
	if (!valid) return { ok: false, status: 401, reason: 'Your session has ended. Sign in again.' };
	const document = await locate(sql, name);
	if (!document) return { ok: false, status: 404, reason: 'No such document' };
	const access = await permissionFor(sql, valid.user, document);
	if (!access.ok) return access;
	return { ok: true, document, user: valid.user, permission: access.permission, token, expiresAt: valid.session.expiresAt };
}

/**
 * Checks an open connection again: a session ended (sign-out, password change) or a membership ended or changed
 * since the upgrade takes effect on connections already open, not only on the next one.
 */
export async function recheck(sql: Sql, token: string, document: AdmittedDocument): Promise<Recheck> {
	const valid = await session.lookup(sql, token);
	if (!valid) return { ok: false, status: 401, reason: 'Your session has ended. Sign in again.' };
	const access = await permissionFor(sql, valid.user, document);
	return access.ok ? { ...access, expiresAt: valid.session.expiresAt } : access;
}

/** The body's document, or the meeting's minutes, a name stands for; null when there is no such body or meeting. */
async function locate(sql: Sql, name: string): Promise<AdmittedDocument | null> {
	const bodyDocument = parseDocumentName(name);
	if (bodyDocument) return (await body.get(sql, bodyDocument.bodyId)) ? { name, bodyId: bodyDocument.bodyId, meetingId: null } : null;
	const minutesName = parseMinutesName(name);
	const minuted = minutesName ? await meeting.get(sql, minutesName.meetingId) : null;
	return minuted ? { name, bodyId: minuted.bodyId, meetingId: minuted.id } : null;
}

/**
 * The most a person may do to the document, from the policy. A body's documents: its members edit, PPV
 * representatives comment, anyone on the body reads. Minutes: the chair and secretariat edit them until they are
 * approved; they hold Part B business, so only those who may read it open them live (others read the published
 * minutes on their page).
 */
async function permissionFor(sql: Sql, user: session.SessionUser, document: AdmittedDocument): Promise<Recheck> {
	const actor = await membership.actorFor(sql, user);
	const target = { bodyId: document.bodyId };
	if (document.meetingId) {
		const read = decide(actor, 'meeting.read_part_b', target);
		if (!read.allowed) return { ok: false, status: 403, reason: read.reason };
		if (!decide(actor, 'minutes.edit', target).allowed) return { ok: true, permission: 'view' };
		return (await minutes.get(sql, document.meetingId))?.approvedAt ? { ok: true, permission: 'view' } : { ok: true, permission: 'edit' };
	}
	if (decide(actor, 'document.edit', target).allowed) return { ok: true, permission: 'edit' };
	if (decide(actor, 'document.comment', target).allowed) return { ok: true, permission: 'comment' };
	const view = decide(actor, 'document.view', target);
	return view.allowed ? { ok: true, permission: 'view' } : { ok: false, status: 403, reason: view.reason };
}

function nameOf(url: string): string | null {
	const path = url.split('?')[0]!;
	if (!path.startsWith(COLLAB_PATH)) return null;
	try {
		return decodeURIComponent(path.slice(COLLAB_PATH.length));
	} catch {
		return null; // a malformed %-escape
	}
}
