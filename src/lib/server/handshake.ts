// What the two websocket endpoints (socket.io for live meetings, /collab/ for Yjs) read off a handshake request.
import type http from 'node:http';

/**
 * Whether a websocket or socket.io handshake comes from one of the portal's own pages. Browsers always send Origin
 * on these (and would send the session cookie along from a page on any site); other clients (tests, tools) may
 * leave it out. The page is the portal's when it comes from the public origin (ORIGIN, behind a proxy) or from
 * the host it asked.
 */
export function sameOrigin(req: http.IncomingMessage, publicOrigin: string): boolean {
	const origin = req.headers.origin;
	if (!origin) return true;
	if (origin === publicOrigin) return true;
	try {
		return new URL(origin).host === req.headers.host;
	} catch {
		return false;
	}
}

/** One cookie's value from a Cookie header, or null. */
export function cookieFrom(header: string | undefined, name: string): string | null {
	for (const part of (header ?? '').split(';')) {
		const at = part.indexOf('=');
		if (at > 0 && part.slice(0, at).trim() === name) {
			const value = part.slice(at + 1).trim();
			try {
				return decodeURIComponent(value) || null;
			} catch {
				return null; // a malformed %-escape
			}
		}
	}
	return null;
}
