import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MATCH_START as S, MATCH_STOP as E, snippetParts } from './search';

describe('a snippet as parts', () => {
	it('splits the marked words from the words around them', () => {
		expect(snippetParts(`The services were ${S}commissioned${E} in 2015 by the ${S}group${E}`)).toEqual([
			{ text: 'The services were ', match: false },
			{ text: 'commissioned', match: true },
			{ text: ' in 2015 by the ', match: false },
			{ text: 'group', match: true }
		]);
	});

	it('keeps markup as the text it is, for the page to show as text', () => {
		expect(snippetParts(`${S}budget${E} <img src=x onerror=alert(1)> <script>alert(1)</script>`)).toEqual([
			{ text: 'budget', match: true },
			{ text: ' <img src=x onerror=alert(1)> <script>alert(1)</script>', match: false }
		]);
	});

	it('reads runs of white space, as ts_headline leaves them where it drops a tag, as one space', () => {
		expect(snippetParts(`  ${S}budget${E}  \n\t alert(1)   done  `)).toEqual([
			{ text: 'budget', match: true },
			{ text: ' alert(1) done', match: false }
		]);
	});

	it('ignores a marker without its pair rather than marking what follows', () => {
		expect(snippetParts(`a ${S}b`)).toEqual([{ text: 'a b', match: false }]);
		expect(snippetParts(`a ${E}b ${S}c${E}`)).toEqual([
			{ text: 'a b ', match: false },
			{ text: 'c', match: true }
		]);
		expect(snippetParts(`${S}${S}a${E}`)).toEqual([{ text: 'a', match: true }]);
	});

	it('gives nothing for an empty headline, and no empty parts', () => {
		expect(snippetParts('')).toEqual([]);
		expect(snippetParts(`${S}${E}`)).toEqual([]);
	});

	it('never loses a word, never keeps a marker, and never puts two parts of one kind side by side', () => {
		const piece = fc.oneof(fc.string({ maxLength: 8 }), fc.constant(S), fc.constant(E), fc.constant(' '));
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
				const headline = pieces.join('');
				const parts = snippetParts(headline);
				const joined = parts.map((p) => p.text).join('');
				expect(joined).not.toMatch(/[\u0001\u0002]/);
				expect(joined.replace(/\s/g, '')).toBe(headline.replace(/[\s\u0000-\u001f\u007f]/g, ''));
				for (let i = 1; i < parts.length; i++) expect(parts[i]!.match).not.toBe(parts[i - 1]!.match);
				for (const part of parts) expect(part.text).not.toBe('');
			})
		);
	});
});
