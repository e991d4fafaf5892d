/**
 * The comment threads a page shows (a document's, a meeting's, a decision's), fetched from /comments/threads and refreshed
 * every 15 seconds and after each act. Types mirror comment-thread.ts `Thread` as JSON carries it.
 */

import type { ThreadAnchor } from '$lib/domain/thread-anchor';

export interface ThreadCommentView {
	id: string;
	authorId: string;
	authorName: string;
	text: string;
	/** Rendered and sanitised on the server (comment-text.ts): the only HTML a page inserts as it is. */
	html: string;
	createdAt: string;
	editedAt: string | null;
	deletedAt: string | null;
	history: { html: string; writtenAt: string }[];
}

export interface ThreadView {
	id: string;
	bodyId: string;
	bodyName: string;
	anchor: ThreadAnchor;
	label: string;
	link: string;
	startedById: string;
	startedByName: string;
	startedAt: string;
	resolvedAt: string | null;
	resolvedByName: string | null;
	comments: ThreadCommentView[];
}

export interface Person {
	id: string;
	name: string;
}

export type ActResult = { ok: true; value: unknown } | { ok: false; reason: string };

const ENDPOINT = '/comments/threads';
const TROUBLE = 'Sorry, there is a problem with the service: try again';

export class ThreadStore {
	threads: ThreadView[] = $state.raw([]);
	people: Person[] = $state.raw([]);
	loaded = $state(false);
	/** What the last act did, for the page's polite live region. */
	status = $state('');

	constructor(
		/** `doc=<name>`, `meeting=<id>` or `decision=<id>`. */
		private readonly query: string,
		private readonly bodyId: string
	) {}

	async refresh(): Promise<void> {
		const response = await fetch(`${ENDPOINT}?${this.query}`);
		if (response.ok) {
			this.threads = await response.json();
			this.loaded = true;
		}
	}

	async loadPeople(): Promise<void> {
		if (this.people.length > 0) return;
		const response = await fetch(`${ENDPOINT}?mentionable=${encodeURIComponent(this.bodyId)}`);
		if (response.ok) this.people = await response.json();
	}

	/** Does one act; refreshes on success. */
	async act(payload: Record<string, unknown>, done: string): Promise<ActResult> {
		const response = await fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }).catch(() => null);
		const answer: ActResult = response ? await response.json().catch(() => ({ ok: false, reason: TROUBLE })) : { ok: false, reason: TROUBLE };
		if (!answer.ok && response && !('reason' in answer)) return { ok: false, reason: (answer as { message?: string }).message ?? TROUBLE };
		if (answer.ok) {
			this.status = done;
			await this.refresh();
		}
		return answer;
	}

	/** Starts polling; returns the stop. */
	start(): () => void {
		void this.refresh();
		const timer = setInterval(() => void this.refresh(), 15_000);
		return () => clearInterval(timer);
	}
}

export const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' });
