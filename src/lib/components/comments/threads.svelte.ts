/**
 * The comment threads a page shows (a document's, a meeting's, a decision's), fetched from /comments/threads and
 * fetched again when the server says they changed (/comments/threads/events), after each act of the reader's, and
 * now and then in case a notice was lost (Redis away between instances). Types mirror comment-thread.ts `Thread` as
 * JSON carries it.
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
/** Only in case a notice of a change was lost: the live stream says when the threads change. */
const FALLBACK_REFRESH_MS = 3 * 60 * 1000;
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

	private refreshing: Promise<void> | null = null;
	private again = false;

	/** Fetches the threads; asked during a fetch, fetches once more after it, so the last answer is never stale. */
	refresh(): Promise<void> {
		if (this.refreshing) {
			this.again = true;
			return this.refreshing;
		}
		this.refreshing = (async () => {
			try {
				do {
					this.again = false;
					const response = await fetch(`${ENDPOINT}?${this.query}`).catch(() => null);
					if (response?.ok) {
						this.threads = await response.json();
						this.loaded = true;
					}
				} while (this.again);
			} finally {
				this.refreshing = null;
			}
		})();
		return this.refreshing;
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

	/**
	 * Fetches the threads and follows their changes while the page is in view; returns the stop. A hidden tab lets
	 * its stream go and fetches once on being shown again: a browser allows only 6 connections to one site over
	 * HTTP/1.1, and each tab already holds the inbox's stream.
	 */
	start(): () => void {
		void this.refresh();
		let source: EventSource | null = null;
		const follow = () => {
			if (source) return;
			const opened = new EventSource(`${ENDPOINT}/events?${this.query}`);
			opened.addEventListener('changed', () => void this.refresh());
			// Connected again (a restart, a dropped connection, the stream's half hour): what changed meanwhile went unsaid.
			let connected = false;
			opened.addEventListener('open', () => {
				if (connected) void this.refresh();
				connected = true;
			});
			source = opened;
		};
		const visibility = () => {
			if (document.visibilityState === 'hidden') {
				source?.close();
				source = null;
			} else if (!source) {
				follow();
				void this.refresh();
			}
		};
		document.addEventListener('visibilitychange', visibility);
		if (document.visibilityState !== 'hidden') follow();
		const timer = setInterval(() => void (document.visibilityState !== 'hidden' && this.refresh()), FALLBACK_REFRESH_MS);
		return () => {
			clearInterval(timer);
			document.removeEventListener('visibilitychange', visibility);
			source?.close();
		};
	}
}

export const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' });
