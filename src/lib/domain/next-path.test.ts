import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path';

describe('the path sign-in returns to', () => {
	it('keeps a path on this portal, with its query and fragment', () => {
		expect(safeNextPath('/meetings/123/live')).toBe('/meetings/123/live');
		expect(safeNextPath('/decisions?body=abc#latest')).toBe('/decisions?body=abc#latest');
		expect(safeNextPath('/invitations/token%20with%20space')).toBe('/invitations/token%20with%20space');
	});

	it('refuses anything that could leave the portal, and sends the person home instead', () => {
		for (const next of [
			null,
			undefined,
			'',
			'https://evil.example/',
			'evil.example',
			'//evil.example',
			'/\\evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'/%09/evil.example',
			'/%0A/evil.example',
			'/%0d%0aSet-Cookie:x=1',
			'/%2F/evil.example',
			'/%5Cevil.example',
			'/%2f%2fevil.example',
			'/%zz',
			'/\u0000'
		]) {
			expect(safeNextPath(next), String(next)).toBe('/');
		}
	});
});
