import { dev } from '$app/environment';
import { redirect, type Handle, type HandleServerError } from '@sveltejs/kit';
import { DEV_SERVICES, type Services } from '$lib/server/services';
import { randomUUID } from 'node:crypto';
import { clearSessionCookie, setSessionCookie } from '$lib/server/cookies';
import * as session from '$lib/server/session';

/** Pages a visitor may reach before the first administrator exists, and without signing in. */
const STATEMENTS = ['/accessibility', '/privacy', '/cookies'];
const OPEN_BEFORE_SETUP = ['/setup', '/healthz', ...STATEMENTS];
/**
 * Exact paths, or prefixes where they end in "/": the public record, a member's private calendar feed, and an
 * email's unsubscribe link (in both, the token is the key).
 */
const OPEN_SIGNED_OUT = ['/sign-in', '/sign-in-link/', '/setup', '/forgot-password', '/reset-password/', '/invitations/', '/healthz', '/public', '/public/', '/calendar/', '/unsubscribe/', ...STATEMENTS];

const isPublicRecord = (path: string) => path === '/public' || path.startsWith('/public/');

export const handle: Handle = async ({ event, resolve }) => {
	// Built: adapter-node hands over the request the portal's server decorated. In development Vite's middleware has
	// no platform, so the composition root leaves the same object under a well-known symbol instead.
	const services = event.platform?.req?.services ?? (dev ? (globalThis as Record<symbol, Services | undefined>)[DEV_SERVICES] : undefined);
	if (!services) throw new Error('The portal must be started through server/index.ts (npm start), which provides its services');
	event.locals.services = services;
	event.locals.user = null;
	event.locals.sessionId = null;

	const token = event.cookies.get(session.SESSION_COOKIE);
	if (token) {
		const found = await session.validate(services.sql, token);
		if (found) {
			event.locals.user = found.user;
			event.locals.sessionId = found.session.id;
			setSessionCookie(event.cookies, token, found.session.expiresAt, services.secureCookies);
		} else {
			clearSessionCookie(event.cookies);
		}
	}

	const path = event.url.pathname;
	if (!event.locals.user && !path.startsWith('/_app/')) {
		const [setUp] = await services.sql<{ done: boolean }[]>`select exists (select 1 from users) as done`;
		if (!setUp?.done && !OPEN_BEFORE_SETUP.includes(path)) redirect(303, '/setup');
		if (setUp?.done && !OPEN_SIGNED_OUT.some((open) => path === open || (open.endsWith('/') && path.startsWith(open)))) {
			redirect(303, `/sign-in?next=${encodeURIComponent(path + event.url.search)}`);
		}
	}

	const response = await resolve(event);
	if (isPublicRecord(path) && response.status === 200 && !response.headers.has('Cache-Control')) {
		// The public record is the same for everyone, so shared caches may keep it for a few minutes; but a signed-in
		// visitor's page carries their name in the header, so theirs stays private.
		response.headers.set('Cache-Control', event.locals.user ? 'private, no-cache' : 'public, max-age=300');
		response.headers.set('Vary', 'Cookie');
	}
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: 'Page not found' };
	const reference = randomUUID().slice(0, 8);
	event.locals.services?.log.error({ err: error, reference, path: event.url.pathname }, 'unexpected error');
	return { message: status >= 500 ? 'Sorry, there is a problem with the service' : message, reference };
};
