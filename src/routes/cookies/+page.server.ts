import { SESSION_COOKIE, SESSION_DAYS } from '$lib/server/session';
import type { PageServerLoad } from './$types';

// The cookie's name and lifetime come from where the session sets them, so the statement cannot drift from the code.
export const load: PageServerLoad = ({ locals }) => ({
	cookie: { name: SESSION_COOKIE, days: SESSION_DAYS, secure: locals.services.secureCookies }
});
