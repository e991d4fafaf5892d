/** Where sign-in goes when `next` is missing or refused. */
export const HOME = '/';

// Control characters (browsers drop tab and newline from a URL, so "/\t/evil.example" becomes "//evil.example"),
// and backslashes (read as slashes).
const UNSAFE = /[\u0000-\u001f\u007f\\]/;
const BASE = 'http://portal.invalid';

/**
 * The path to go to after signing in: `next` when it is a path on this portal, else HOME. Refused: anything not
 * starting with one "/", control characters, backslashes, "//", and the same hidden in percent-encoding (decoded
 * once more, since a redirect may be decoded again on its way).
 */
export function safeNextPath(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || UNSAFE.test(next)) return HOME;
	let decoded: string;
	try {
		decoded = decodeURIComponent(next);
	} catch {
		return HOME; // a malformed %-escape
	}
	if (decoded.startsWith('//') || UNSAFE.test(decoded) || /^\/\s*\//.test(decoded)) return HOME;
	const url = new URL(next, BASE);
	if (url.origin !== BASE) return HOME;
	return url.pathname + url.search + url.hash;
}
