/**
 * How a comment names a person: `@[Name](user:<uuid>)`, written by the mention autocomplete. The name is what the
 * writer saw; the id is what counts, and pages show the person's name as the portal knows it, not the written one.
 */

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** A mention anywhere in a text (global: use with matchAll or a fresh RegExp each time). */
export const MENTION_PATTERN = new RegExp(`@\\[([^\\[\\]\\n]{1,120})\\]\\(user:(${UUID})\\)`, 'g');

/** The same, anchored at the start: for a parser reading at a position. */
export const MENTION_AT_START = new RegExp(`^@\\[([^\\[\\]\\n]{1,120})\\]\\(user:(${UUID})\\)`);

/** The token for mentioning `person`; brackets in a name would end the token early, so they are left out. */
export function mentionToken(person: { id: string; name: string }): string {
	const name = person.name.replace(/[[\]\n]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120) || 'someone';
	return `@[${name}](user:${person.id})`;
}

/** The ids a text mentions, each once, in the order written, lower-cased. */
export function mentionedIds(text: string): string[] {
	return [...new Set([...text.matchAll(MENTION_PATTERN)].map((match) => match[2]!.toLowerCase()))];
}

/** A text with each mention as "@Name", for places that show plain text (a consultation pack's files). */
export function mentionsAsNames(text: string, nameOf: (userId: string) => string | undefined = () => undefined): string {
	return text.replace(MENTION_PATTERN, (_token, written: string, id: string) => `@${nameOf(id.toLowerCase()) ?? written}`);
}
