import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as passwordReset from '../../src/lib/server/password-reset';
import * as user from '../../src/lib/server/user';
import { newPortal, sessionCookieOf, type TestPortal } from '../helpers/portal';

const EMAIL = 'chair@example.nhs.uk';
const PASSWORD = 'correct horse battery staple';

describe('account limits and the return path after sign-in, through the real server', () => {
	let portal: TestPortal;

	beforeAll(async () => {
		portal = await newPortal();
		const first = await user.createFirstAdministrator(portal.services.sql, { email: EMAIL, name: 'Chris Chair', password: PASSWORD });
		if (!first.ok) throw new Error(first.reason);
	});
	afterAll(async () => portal?.close());

	it('checks 40 wrong passwords sent at once to one account at most 5 times', async () => {
		const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => portal.post('/sign-in', { email: EMAIL, password: `wrong guess ${i}` })));
		const statuses = answers.map((a) => a.status);
		expect(statuses.filter((s) => s === 400)).toHaveLength(5);
		expect(statuses.filter((s) => s === 429)).toHaveLength(35);
		const [recorded] = await portal.services.sql<{ n: number }[]>`select count(*)::int as n from sign_in_failures where lower(email) = ${EMAIL}`;
		expect(recorded!.n).toBe(5);
		// Past the limit even the right password is refused, until the window passes.
		expect((await portal.post('/sign-in', { email: EMAIL, password: PASSWORD })).status).toBe(429);
		await portal.services.sql`delete from sign_in_failures`;
	});

	it('a right password is not counted as a failed attempt', async () => {
		for (let i = 0; i < 7; i++) expect((await portal.post('/sign-in', { email: EMAIL, password: PASSWORD })).status).toBe(303);
		const [recorded] = await portal.services.sql<{ n: number }[]>`select count(*)::int as n from sign_in_failures`;
		expect(recorded!.n).toBe(0);
	});

	it('sends at most 3 reset emails to an account, however many requests arrive at once, and says why it stopped', async () => {
		const outbox = async () => (await portal.services.sql<{ n: number }[]>`select count(*)::int as n from outbox where recipient = ${EMAIL}`)[0]!.n;
		const before = await outbox();
		const answers = await Promise.all(Array.from({ length: 30 }, () => portal.post('/forgot-password', { email: EMAIL })));
		const bodies = await Promise.all(answers.map((a) => a.text()));
		expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
		expect(answers.filter((a) => a.status === 429)).toHaveLength(27);
		for (const [i, body] of bodies.entries()) {
			if (answers[i]!.status === 429) expect(body).toContain('You have asked for several reset links in the last 60 minutes');
			else expect(body).toContain('Check your email');
		}
		expect((await outbox()) - before).toBe(3);
	});

	it('limits requests for an email no account has in just the same way, and limits each address across emails', async () => {
		const sql = portal.services.sql;
		const ask = (email: string, address: string) => sql.begin((tx) => passwordReset.request(tx, email, address));
		const known: unknown[] = [];
		const unknown: unknown[] = [];
		for (let i = 0; i < 5; i++) {
			known.push((await ask('someone.known@example.nhs.uk', `10.1.0.${i}`)).limited);
			unknown.push((await ask('nobody.here@example.nhs.uk', `10.2.0.${i}`)).limited);
		}
		expect(known).toEqual([false, false, false, true, true]);
		expect(unknown).toEqual(known);
		const fromOneAddress = [];
		for (let i = 0; i < 12; i++) fromOneAddress.push((await ask(`person${i}@example.nhs.uk`, '10.3.0.1')).limited);
		expect(fromOneAddress).toEqual([...Array(10).fill(false), true, true]);
	});

	it('returns after sign-in only to a path on this portal: never elsewhere, and never a 500', async () => {
		const refused = ['/\t/evil.example', '/%09/evil.example', '/\n/evil.example', '/%0A', '//evil.example', '/\\evil.example', '/%2F%2Fevil.example', 'https://evil.example'];
		for (const next of refused) {
			const answer = await portal.post('/sign-in', { email: EMAIL, password: PASSWORD, next });
			expect(answer.status, next).toBe(303);
			expect(answer.headers.get('location'), next).toBe('/');
		}
		const signedIn = await portal.post('/sign-in', { email: EMAIL, password: PASSWORD, next: '/decisions?view=all' });
		expect(signedIn.headers.get('location')).toBe('/decisions?view=all');
		const cookie = sessionCookieOf(signedIn);
		for (const query of ['next=%2F%0A', 'next=%2F%09%2Fevil.example', 'next=%2F%250A', 'next=%2F%5Cevil.example']) {
			const answer = await fetch(`${portal.url}/sign-in?${query}`, { redirect: 'manual', headers: { cookie } });
			expect(answer.status, query).toBe(303);
			expect(answer.headers.get('location'), query).toBe('/');
		}
	});
});
