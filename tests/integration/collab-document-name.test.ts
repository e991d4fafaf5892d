import { describe, expect, it } from 'vitest';
import { parseDocumentName } from '../../src/lib/domain/documents/document-name';

const BODY = '5f0c3b9e-8a51-4c43-9d0b-2f7a7c0e1a44';

describe('document names', () => {
	it.each([
		[`terms-of-reference:${BODY}`, { kind: 'terms-of-reference', bodyId: BODY, financialYear: null }],
		[`raci:${BODY}`, { kind: 'raci', bodyId: BODY, financialYear: null }],
		[`priorities:${BODY}:2015-16`, { kind: 'priorities', bodyId: BODY, financialYear: '2015-16' }],
		[`priorities:${BODY}:2099-00`, { kind: 'priorities', bodyId: BODY, financialYear: '2099-00' }]
	])('reads %s', (name, expected) => {
		expect(parseDocumentName(name)).toEqual({ name, ...expected });
	});

	it.each([
		'',
		`minutes:${BODY}`,
		`raci:${BODY.toUpperCase()}`,
		`raci:${BODY}:2015-16`,
		`terms-of-reference:${BODY}/x`,
		`priorities:${BODY}`,
		`priorities:${BODY}:2015-17`,
		`priorities:${BODY}:2015/16`,
		`priorities:${BODY}:15-16`,
		'raci:not-a-uuid',
		` raci:${BODY}`
	])('refuses %j', (name) => {
		expect(parseDocumentName(name)).toBeNull();
	});
});
