import MarkdownIt from 'markdown-it';
import type { StateInline } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { MENTION_AT_START } from '$lib/domain/mention';

/**
 * Comment text as the page shows it: Markdown, rendered by markdown-it with raw HTML off (so a typed tag is text),
 * then put through sanitize-html's allow-list in case any rule lets something through. Links go only to http,
 * https and mailto; a mention is a styled span with the person's name, never a link. Rendered on the server, where
 * sanitize-html needs no DOM, and sent to the page as HTML that it inserts as it is.
 */

const ALLOWED_SCHEMES = ['http', 'https', 'mailto'];

/** The person a mention names, as the portal knows them; a mention of anyone else shows as written, unstyled. */
export type NameOf = (userId: string) => string | undefined;

function mentionRule(state: StateInline, silent: boolean): boolean {
	if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
	const match = MENTION_AT_START.exec(state.src.slice(state.pos));
	if (!match) return false;
	if (!silent) {
		const token = state.push('mention', '', 0);
		token.content = match[1]!;
		token.meta = { userId: match[2]!.toLowerCase() };
	}
	state.pos += match[0].length;
	return true;
}

function newRenderer(nameOf: NameOf): MarkdownIt {
	const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
	// Tables and images are not for comments; headings would break the page's outline, so they are plain paragraphs.
	md.disable(['table', 'image', 'heading', 'lheading']);
	// markdown-it refuses javascript:, vbscript:, file: and most data: itself; the allow-list is narrower still.
	md.validateLink = (url) => {
		const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase();
		return scheme !== undefined && ALLOWED_SCHEMES.includes(scheme);
	};
	md.inline.ruler.before('link', 'mention', mentionRule);
	md.renderer.rules.mention = (tokens, index) => {
		const token = tokens[index]!;
		const name = nameOf(token.meta.userId);
		if (name === undefined) return md.utils.escapeHtml(`@${token.content}`);
		return `<span class="comment-mention">@${md.utils.escapeHtml(name)}</span>`;
	};
	return md;
}

const SANITIZE: sanitizeHtml.IOptions = {
	allowedTags: ['p', 'br', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'span', 'hr'],
	allowedAttributes: { a: ['href', 'rel'], span: ['class'], ol: ['start'] },
	allowedClasses: { span: ['comment-mention'] },
	allowedSchemes: ALLOWED_SCHEMES,
	allowedSchemesByTag: {},
	allowedSchemesAppliedToAttributes: ['href'],
	allowProtocolRelative: false,
	disallowedTagsMode: 'discard',
	transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }) }
};

/** The HTML of a comment's Markdown `text`, safe to insert into any page. */
export function renderCommentText(text: string, nameOf: NameOf = () => undefined): string {
	return sanitizeHtml(newRenderer(nameOf).render(text), SANITIZE);
}
