/**
 * How people show up beside each other in a co-edited document: a colour of their own (for carets, avatars and
 * the field they are in) and their initials.
 */

/** NHS identity colours dark enough for white text at WCAG AA (4.5:1), six-digit hex as y-tiptap expects. */
const COLOURS = ['#005eb8', '#007f3b', '#330072', '#7c2855', '#8a1538', '#003087', '#006747', '#425563', '#9a4300', '#00546f'];

/** The same colour for a person wherever they are, from their user id. */
export function colourFor(userId: string): string {
	let hash = 0;
	for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return COLOURS[hash % COLOURS.length]!;
}

/** "Dr Ann Chair" → "AC": the first letters of the first and last words, titles left out. */
export function initials(name: string): string {
	const words = name
		.trim()
		.split(/\s+/)
		.filter((w) => w && !/^(dr|mr|mrs|ms|miss|prof|professor|sir|dame)\.?$/i.test(w));
	if (words.length === 0) return '?';
	const first = words[0]!.charAt(0);
	const last = words.length > 1 ? words[words.length - 1]!.charAt(0) : '';
	return (first + last).toUpperCase();
}

/** A colour from another client's awareness state, used in CSS only when it is plainly a six-digit hex colour. */
export function safeColour(value: unknown): string {
	return typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value) ? value : '#425563';
}

/** An element id from another client's awareness state, used in a CSS selector only when it is one of ours. */
export function safeFieldId(value: unknown): string | null {
	return typeof value === 'string' && /^[a-z][a-z0-9-]{0,120}$/.test(value) ? value : null;
}
