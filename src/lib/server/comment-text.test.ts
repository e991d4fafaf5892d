import { describe, expect, it } from 'vitest';
import { mentionedIds, mentionToken } from '$lib/domain/mention';
import { renderCommentText } from './comment-text';

const ASHA = '0b6f2d8e-3a1c-4d5e-9f10-1234567890ab';
const names = (id: string) => (id === ASHA ? 'Asha <b>Patel</b>' : undefined);

/** Every opening tag and attribute the output holds, to check against what the renderer may emit. */
function tagsAndAttributes(html: string): { tags: string[]; attributes: string[] } {
	const tags = [...html.matchAll(/<([a-z0-9]+)([^>]*)>/gi)];
	return {
		tags: tags.map((t) => t[1]!.toLowerCase()),
		attributes: tags.flatMap((t) => [...t[2]!.matchAll(/([a-z-]+)\s*=/gi)].map((a) => a[1]!.toLowerCase()))
	};
}

describe('comment text', () => {
	it('renders Markdown emphasis, lists, quotes and http links', () => {
		const html = renderCommentText('**Bold** and _soft_\n\n- one\n- two\n\n> quoted\n\nSee [the guidance](https://www.england.nhs.uk/) or https://example.org');
		expect(html).toContain('<strong>Bold</strong>');
		expect(html).toContain('<em>soft</em>');
		expect(html).toContain('<li>one</li>');
		expect(html).toContain('<blockquote>');
		expect(html).toContain('<a href="https://www.england.nhs.uk/" rel="nofollow noopener noreferrer">the guidance</a>');
		expect(html).toContain('<a href="https://example.org" rel="nofollow noopener noreferrer">https://example.org</a>');
	});

	it('shows typed tags as text: scripts, event handlers, iframes and styles never become elements', () => {
		for (const payload of [
			'<script>alert(1)</script>',
			'<img src=x onerror=alert(1)>',
			'<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
			'<svg onload=alert(1)>',
			'<iframe src="https://evil.example"></iframe>',
			'<div style="background:url(javascript:alert(1))">x</div>',
			'<details open ontoggle=alert(1)>'
		]) {
			const html = renderCommentText(payload);
			const { tags, attributes } = tagsAndAttributes(html);
			// A web address inside the typed tag may become a link of its own, as any typed address does.
			expect(tags.every((tag) => ['p', 'br', 'a'].includes(tag)), `${payload} → ${html}`).toBe(true);
			expect(attributes.every((name) => name === 'href' || name === 'rel'), `${payload} → ${html}`).toBe(true);
			for (const href of html.matchAll(/<a href="([^"]*)"/g)) expect(href[1]).toMatch(/^https:\/\//);
			expect(html).toContain('&lt;');
		}
	});

	it('never makes a javascript:, vbscript:, data: or file: link, however it is written', () => {
		for (const payload of [
			'[click](javascript:alert(1))',
			'[click](JaVaScRiPt:alert(1))',
			'[click](  javascript:alert(1))',
			'[click](java\tscript:alert(1))',
			'[click](javascript&#58;alert(1))',
			'[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))',
			'[click](&#x6A;avascript:alert(1))',
			'[click](javascript%3Aalert(1))',
			'[click](vbscript:msgbox(1))',
			'[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
			'[click](file:///etc/passwd)',
			'<javascript:alert(1)>',
			'[click][ref]\n\n[ref]: javascript:alert(1)',
			'![x](javascript:alert(1))',
			'![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
			'javascript:alert(1)'
		]) {
			const html = renderCommentText(payload);
			expect(html, payload).not.toMatch(/<a\b/);
			expect(html, payload).not.toMatch(/<img\b/);
			expect(html.toLowerCase(), payload).not.toMatch(/<[^>]*href/);
		}
	});

	it('keeps mailto links and drops protocol-relative ones', () => {
		expect(renderCommentText('[write](mailto:secretariat@example.nhs.uk)')).toContain('href="mailto:secretariat@example.nhs.uk"');
		expect(renderCommentText('[x](//evil.example/a)')).not.toContain('href');
	});

	it('shows a mention as a styled span with the name the portal knows, escaped, never a link', () => {
		const html = renderCommentText(`Thanks ${mentionToken({ id: ASHA, name: 'Whoever' })}, agreed.`, names);
		expect(html).toBe('<p>Thanks <span class="comment-mention">@Asha &lt;b&gt;Patel&lt;/b&gt;</span>, agreed.</p>\n');
	});

	it('shows a mention of someone it does not know as the written text, unstyled and not a link', () => {
		const stranger = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
		const html = renderCommentText(`@[<img src=x onerror=alert(1)>](user:${stranger})`, names);
		expect(html).not.toMatch(/<a\b|<img|<span/);
		expect(html).toContain('&lt;img');
	});

	it('reads the people a text mentions, once each', () => {
		const text = `${mentionToken({ id: ASHA, name: 'Asha [Patel]' })} and again @[A](user:${ASHA.toUpperCase()}) and @[B](user:not-an-id)`;
		expect(mentionToken({ id: ASHA, name: 'Asha [Patel]' })).toBe(`@[Asha Patel](user:${ASHA})`);
		expect(mentionedIds(text)).toEqual([ASHA]);
	});
});
