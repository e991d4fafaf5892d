import { describe, expect, it } from 'vitest';
import { pageHref, pageLinks, pageParam, pageWindow } from './pagination';

describe('pages of a long list', () => {
	it('shows 51 to 100 of 215 on page 2, and the last page when asked for one past it', () => {
		expect(pageWindow(215, 2, 50)).toMatchObject({ page: 2, pages: 5, from: 51, to: 100, offset: 50, limit: 50 });
		expect(pageWindow(215, 5, 50)).toMatchObject({ page: 5, from: 201, to: 215 });
		expect(pageWindow(215, 99, 50)).toMatchObject({ page: 5, from: 201, to: 215 });
		expect(pageWindow(0, 3, 50)).toMatchObject({ page: 1, pages: 1, from: 0, to: 0, offset: 0 });
	});

	it('reads the page from the address, and page 1 from anything that is not a page number', () => {
		expect(pageParam('3')).toBe(3);
		for (const bad of [null, '', '0', '-2', '1.5', 'two', '1e9', '9999999']) expect(pageParam(bad)).toBe(1);
	});

	it('links the first, last and neighbouring pages with ellipses between', () => {
		expect(pageLinks(1, 1)).toEqual([1]);
		expect(pageLinks(1, 5)).toEqual([1, 2, 'ellipsis', 5]);
		expect(pageLinks(3, 5)).toEqual([1, 2, 3, 4, 5]);
		expect(pageLinks(5, 10)).toEqual([1, 'ellipsis', 4, 5, 6, 'ellipsis', 10]);
		expect(pageLinks(10, 10)).toEqual([1, 'ellipsis', 9, 10]);
	});

	it('keeps the search in the address of another page', () => {
		const url = new URL('https://portal.example/organisations?q=ccg&kind=ccg&page=2');
		expect(pageHref(url, 3)).toBe('/organisations?q=ccg&kind=ccg&page=3');
		expect(pageHref(url, 1)).toBe('/organisations?q=ccg&kind=ccg');
		expect(pageHref(new URL('https://portal.example/people'), 1)).toBe('/people');
	});
});
