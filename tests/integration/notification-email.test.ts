import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config';
import { startPortal } from '../../server/portal';
import type { NotificationInput } from '../../src/lib/server/notification';
import * as notification from '../../src/lib/server/notification';
import * as notificationEmail from '../../src/lib/server/notification-email';
import * as jobs from '../../src/lib/server/jobs';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as notice from '../../src/lib/server/notice';
import { jobHandlers } from '../../src/lib/server/scheduled-work';
import { seedBody, type SeededBody } from '../helpers/collab';
import { quietLog } from '../helpers/database';
import { newPortal, type TestPortal } from '../helpers/portal';
import { decodeBody, newSmtpServer, type ReceivedMail } from '../helpers/smtp';

/**
 * Notifications by email through a real SMTP server: immediate ones once each, the daily digest once per person
 * with only what it should hold, one-click unsubscribe from a mail client (no cookie, no Origin) stopping that kind
 * only, and no digest lost or doubled across a crash or two instances.
 */
describe('notification email', () => {
	let smtp: Awaited<ReturnType<typeof newSmtpServer>>;
	let portal: TestPortal;
	let seeded: SeededBody;
	let ppv: string;
	let member: string;
	const EMAIL = { ppv: 'ppv_representative@example.nhs.uk', member: 'voting_member@example.nhs.uk' };

	beforeAll(async () => {
		smtp = await newSmtpServer();
		portal = await newPortal({ smtpUrl: smtp.url });
		seeded = await seedBody(portal.services.sql);
		ppv = seeded.userIds.ppv_representative;
		member = seeded.userIds.voting_member;
	});
	afterAll(async () => {
		await portal?.close();
		await smtp?.close();
	});

	const note = (kind: NotificationInput['kind'], key: string, title = `${kind} ${key}`): NotificationInput => ({ kind, bodyId: seeded.bodyId, title, link: `/bodies/${seeded.bodyId}`, key });
	const tell = (userIds: string[], input: NotificationInput) => portal.services.transaction((tx) => notification.notify(tx, userIds, input, seeded.userIds.secretariat));
	const to = (email: string) => smtp.received.filter((m) => m.to.includes(email));
	const withSubject = (subject: string) => smtp.received.filter((m) => decodeBody(m.raw).includes(`Subject: ${subject}`));
	const header = (mail: ReceivedMail, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(mail.raw.replace(/\r\n[ \t]+/g, ' '))?.[1]?.trim();
	/**
	 * Runs the next digest as the clock will at 07:00 (jobs due by its time, on `sql`, with an instance's handlers),
	 * and says how many digest jobs this call completed. The instances' own runners, polling by the real clock, leave
	 * it alone.
	 */
	const runDigest = async (handlers = jobHandlers(portal.services), sql = portal.services.sql) => {
		const [due] = await portal.services.sql<{ runAt: Date }[]>`select run_at from jobs where kind = ${notificationEmail.DIGEST_JOB} and done_at is null`;
		if (!due) return 0;
		let ran = 0;
		const digest = handlers[notificationEmail.DIGEST_JOB]!;
		const counting: jobs.JobHandlers = { ...handlers, [notificationEmail.DIGEST_JOB]: async (tx, job) => void (await digest(tx, job), ran++) };
		await jobs.runDue(sql, counting, quietLog, { now: due.runAt });
		// The clock does not move in a test: forget the day that ran early, as tomorrow's notifications, keyed for
		// the day after, would not meet it.
		await portal.services.sql`delete from jobs where kind = ${notificationEmail.DIGEST_JOB} and done_at is not null`;
		return ran;
	};
	const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

	it('emails an immediate kind once, linking straight to the thing, with a one-click unsubscribe for it', async () => {
		await tell([ppv, member], note('mention', 'm1', 'The secretariat mentioned you on the priorities plan'));
		await expect.poll(() => withSubject('The secretariat mentioned you on the priorities plan').length, { timeout: 10_000 }).toBe(2);
		await portal.services.mailer.deliverPending();
		await settle();
		expect(withSubject('The secretariat mentioned you on the priorities plan')).toHaveLength(2);
		const mail = to(EMAIL.ppv)[0]!;
		const text = decodeBody(mail.raw);
		expect(text).toContain(`${portal.services.origin}/bodies/${seeded.bodyId}`);
		expect(header(mail, 'List-Unsubscribe')).toMatch(new RegExp(`^<${portal.services.origin}/unsubscribe/[a-z0-9]+>$`));
		expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
		expect(header(mail, 'Message-ID')).toMatch(/^<[0-9a-f-]{36}@localhost>$/);
		// A digest kind is not emailed at once, and the person who acted is not told.
		await tell([ppv], note('paper_issued', 'p0'));
		await portal.services.mailer.deliverPending();
		await settle();
		expect(withSubject('paper_issued p0')).toHaveLength(0);
		expect(to('secretariat@example.nhs.uk')).toHaveLength(0);
	});

	it('collects in one digest per person what they get by digest, and not what is off or immediate', async () => {
		await portal.services.transaction((tx) => notification.setPreferences(tx, ppv, { decision_reached: 'off', vote_opened: 'digest' }));
		await tell([ppv, member], note('decision_reached', 'd1', 'Decision reached: consolidate cardiac surgery'));
		await tell([ppv], note('vote_opened', 'v1', 'A vote opened on item 4'));
		await tell([ppv], note('action_assigned', 'a1', 'You have an action: review the pathway'));
		await expect.poll(() => withSubject('You have an action: review the pathway').length, { timeout: 10_000 }).toBe(1);
		const before = smtp.received.length;
		expect(await runDigest()).toBe(1);
		await portal.services.mailer.deliverPending();
		await expect.poll(() => smtp.received.length - before, { timeout: 10_000 }).toBe(2);
		const ppvDigest = decodeBody(to(EMAIL.ppv).at(-1)!.raw);
		expect(ppvDigest).toContain('Subject: Your daily digest');
		expect(ppvDigest).toContain('paper_issued p0');
		expect(ppvDigest).toContain('A vote opened on item 4');
		expect(ppvDigest).not.toContain('consolidate cardiac surgery');
		expect(ppvDigest).not.toContain('review the pathway');
		expect(ppvDigest).not.toContain('mentioned you');
		expect(header(to(EMAIL.ppv).at(-1)!, 'List-Unsubscribe')).toMatch(/\/unsubscribe\/[a-z0-9]+>$/);
		const memberDigest = decodeBody(to(EMAIL.member).at(-1)!.raw);
		expect(memberDigest).toContain('consolidate cardiac surgery');
		// Nothing waits for a digest now, so none is scheduled until something is owed again.
		expect(await portal.services.sql`select 1 from jobs where kind = ${notificationEmail.DIGEST_JOB} and done_at is null`).toHaveLength(0);
		expect(await runDigest()).toBe(0);
		await portal.services.mailer.deliverPending();
		await settle();
		expect(smtp.received.length - before).toBe(2);
	});

	it('unsubscribes by a one-click POST with no cookie, from that kind only; a GET changes nothing', async () => {
		const mention = to(EMAIL.ppv).find((m) => decodeBody(m.raw).includes('mentioned you'))!;
		const link = header(mention, 'List-Unsubscribe')!.slice(1, -1).replace(portal.services.origin, portal.url);
		const page = await fetch(link);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Stop emails when someone mentions you in a comment?');
		expect((await notification.preferences(portal.services.sql, ppv)).mention).toBe('immediate');

		// As a mail client sends it (RFC 8058): a form post from elsewhere, no cookie, no Origin.
		const oneClick = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
		expect(oneClick.status).toBe(200);
		const after = await notification.preferences(portal.services.sql, ppv);
		expect(after).toMatchObject({ mention: 'off', action_assigned: 'immediate', paper_issued: 'digest', vote_opened: 'digest' });
		expect((await notification.preferences(portal.services.sql, member)).mention).toBe('immediate');
		// The page's own button posts the same form from a browser, which is sent back to the page to be told.
		const fromThePage = await fetch(link, { method: 'POST', redirect: 'manual', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
		expect(fromThePage.status).toBe(303);
		const told = await fetch(new URL(fromThePage.headers.get('location')!, portal.url));
		expect(await told.text()).toContain('You will no longer get emails when someone mentions you in a comment.');

		await tell([ppv], note('mention', 'm2', 'Mentioned again after unsubscribing'));
		await tell([ppv], note('action_assigned', 'a2', 'Another action after unsubscribing'));
		await expect.poll(() => withSubject('Another action after unsubscribing').length, { timeout: 10_000 }).toBe(1);
		await portal.services.mailer.deliverPending();
		await settle();
		expect(withSubject('Mentioned again after unsubscribing')).toHaveLength(0);
		// Still in the inbox.
		expect((await notification.list(portal.services.sql, ppv)).map((n) => n.title)).toContain('Mentioned again after unsubscribing');

		const unknown = await fetch(`${portal.url}/unsubscribe/notavalidtoken`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
		expect(unknown.status).toBe(404);
	});

	it('loses nothing and doubles nothing when the digest fails between claiming and committing', async () => {
		await tell([member], note('reply', 'r1', 'A reply before the crash'));
		const handlers = jobHandlers(portal.services);
		let crashes = 1;
		const crashing: jobs.JobHandlers = {
			[notificationEmail.DIGEST_JOB]: async (tx, job) => {
				await handlers[notificationEmail.DIGEST_JOB]!(tx, job);
				if (crashes-- > 0) throw new Error('the instance died before committing');
			}
		};
		expect(await runDigest(crashing)).toBe(0);
		expect(await portal.services.sql`select 1 from outbox where body_text like ${'%A reply before the crash%'}`).toHaveLength(0);
		// Tried again after its delay.
		expect(await runDigest(crashing)).toBe(1);
		await portal.services.mailer.deliverPending();
		await expect.poll(() => smtp.received.filter((m) => decodeBody(m.raw).includes('A reply before the crash')).length, { timeout: 10_000 }).toBe(1);
		expect(await runDigest()).toBe(0);
		await portal.services.mailer.deliverPending();
		await settle();
		expect(smtp.received.filter((m) => decodeBody(m.raw).includes('A reply before the crash'))).toHaveLength(1);
	});

	it.skipIf(!process.env.DATABASE_URL)('two instances on one database send each digest and each email once', async () => {
		const second = await startPortal({ ...readConfig({ LOG_LEVEL: 'silent' }), port: 0, host: '127.0.0.1', databaseUrl: portal.databaseUrl, smtpUrl: smtp.url }, { log: quietLog });
		try {
			const people = [ppv, member, seeded.userIds.observer];
			for (let i = 0; i < 10; i++) await tell(people, note('paper_issued', `race-${i}`, `Race paper ${i}`));
			for (let i = 0; i < 10; i++) await tell(people, note('action_assigned', `race-a${i}`, `Race action ${i}`));
			const before = smtp.received.length;
			const runs = await Promise.all([
				runDigest(jobHandlers(portal.services), portal.services.sql),
				runDigest(jobHandlers(second.services), second.services.sql),
				notificationEmail.sendOwed(portal.services),
				notificationEmail.sendOwed(second.services)
			]);
			expect(runs[0]! + runs[1]!).toBe(1);
			await Promise.all([portal.services.mailer.deliverPending(), second.services.mailer.deliverPending(), portal.services.mailer.deliverPending(), second.services.mailer.deliverPending()]);
			// 3 digests and 30 action emails.
			await expect.poll(() => smtp.received.length - before, { timeout: 15_000 }).toBe(33);
			await settle();
			await Promise.all([notificationEmail.sendOwed(portal.services), notificationEmail.sendOwed(second.services)]);
			await settle();
			const arrived = smtp.received.slice(before).map((m) => header(m, 'Message-ID'));
			expect(new Set(arrived).size).toBe(33);
			expect(arrived).toHaveLength(33);
			for (const email of [EMAIL.ppv, EMAIL.member]) {
				const digests = smtp.received.slice(before).filter((m) => m.to.includes(email) && decodeBody(m.raw).includes('Race paper 9'));
				expect(digests).toHaveLength(1);
			}
		} finally {
			await second.close();
		}
	});

	it('does not tell of papers twice: those sent the formal notice have it as the papers’ email, the rest get them in the digest', async () => {
		const secretariat = await membership.actorFor(portal.services.sql, { id: seeded.userIds.secretariat, isAdministrator: false });
		const schedule = (title: string) =>
			portal.services.transaction(async (tx) => {
				const made = await meeting.schedule(tx, seeded.bodyId, { title, startsAt: new Date(Date.now() + 20 * 86_400_000), endsAt: new Date(Date.now() + 20 * 86_400_000 + 7_200_000), place: 'Room 4', videoLink: '' }, seeded.userIds.secretariat);
				if (!made.ok) throw new Error(made.reason);
				return made.value;
			});
		// One who asked for papers at once, one by digest (the default): each hears of the papers by the notice alone.
		await portal.services.transaction((tx) => notification.setPreferences(tx, member, { paper_issued: 'immediate' }));
		const noticed = await schedule('Papers by notice');
		const issued = await notice.issueNotice(portal.services, noticed.id, secretariat);
		expect(issued).toMatchObject({ ok: true });
		await notificationEmail.sendOwed(portal.services);
		const papers = (email: string, title: string) => to(email).filter((m) => decodeBody(m.raw).includes(title));
		for (const email of [EMAIL.ppv, EMAIL.member]) {
			await expect.poll(() => papers(email, 'Papers by notice').length, { timeout: 10_000 }).toBe(1);
			expect(decodeBody(papers(email, 'Papers by notice')[0]!.raw)).toContain('Subject: Notice of meeting: ');
		}
		// The inbox still has it, paid by the notice's own outbox row.
		for (const userId of [ppv, member]) {
			const [told] = await portal.services.sql<{ emailedAt: Date | null; subject: string | null }[]>`
				select n.emailed_at, o.subject from notifications n left join outbox o on o.id = n.outbox_id
				where n.user_id = ${userId} and n.kind = 'paper_issued' and n.link = ${`/meetings/${noticed.id}`}`;
			expect(told!.emailedAt).toBeInstanceOf(Date);
			expect(told!.subject).toMatch(/^Notice of meeting: /);
		}

		// Papers whose notice is recorded without the formal notice being sent: the digest is how they hear.
		const unnoticed = await schedule('Papers without notice');
		await portal.services.transaction((tx) => meeting.recordNoticeIssued(tx, unnoticed.id, seeded.userIds.secretariat));
		expect(await runDigest()).toBe(1);
		await portal.services.mailer.deliverPending();
		await notificationEmail.sendOwed(portal.services);
		await expect.poll(() => papers(EMAIL.ppv, 'Papers without notice').length, { timeout: 10_000 }).toBe(1);
		await expect.poll(() => papers(EMAIL.member, 'Papers without notice').length, { timeout: 10_000 }).toBe(1);
		await settle();
		expect(decodeBody(papers(EMAIL.ppv, 'Papers without notice')[0]!.raw)).toContain('Subject: Your daily digest');
		for (const email of [EMAIL.ppv, EMAIL.member]) expect(papers(email, 'Papers by notice')).toHaveLength(1);
		await portal.services.transaction((tx) => notification.setPreferences(tx, member, { paper_issued: 'digest' }));
	});
});
