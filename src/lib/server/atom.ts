import { Feed } from 'feed';
import { formatLondon } from '$lib/domain/london-time';
import type { Body } from './body';
import type { Tx } from './db';
import * as decision from './decision';
import * as publication from './publication';

/**
 * A body's Atom feed (RFC 4287) of its public record as it grows: each Part A decision, with its outcome and the
 * plain-English explanation the register gives, and each published paper. Read through the public record
 * (publication.ts), so it holds only what a visitor may read on the public pages.
 *
 * Written with `feed`, which types every title and content as HTML: the texts here are plain, so they are escaped as
 * HTML before it wraps them.
 */

export interface AtomOptions {
	/** The portal's public origin (`services.origin`): the feed's links and ids. */
	origin: string;
	/** The feed's `updated` when it has no entries yet; now unless given. */
	now?: Date;
}

/** A body's Atom feed; null when there is no such body. */
export async function bodyFeed(tx: Tx, bodyId: string, options: AtomOptions): Promise<string | null> {
	const found = await publication.bodyOf(tx, bodyId);
	if (!found) return null;
	const [decisions, papers] = await Promise.all([publication.register(tx, { bodyId }), publication.publishedPapers(tx, bodyId)]);
	return atomFeed(found, decisions, papers, options);
}

interface Entry {
	title: string;
	link: string;
	updated: Date;
	published: Date;
	summary: string;
	content: string;
}

/** The feed's text from what the public record gives: newest change first. */
export function atomFeed(body: Pick<Body, 'id' | 'name'>, decisions: decision.Decision[], papers: publication.PublishedPaper[], options: AtomOptions): string {
	const page = `${options.origin}/public/bodies/${body.id}`;
	const entries = [...decisions.map((d) => decisionEntry(d, options.origin)), ...papers.map((p) => paperEntry(p, options.origin))].sort(
		(a, b) => b.updated.getTime() - a.updated.getTime() || a.link.localeCompare(b.link)
	);
	const feed = new Feed({
		id: page,
		title: `${body.name}: decisions and papers`,
		description: `Decisions and published papers of ${body.name}`,
		link: page,
		feedLinks: { atom: `${page}/feed.atom` },
		updated: entries[0]?.updated ?? options.now ?? new Date(),
		author: { name: body.name },
		generator: false,
		language: 'en-GB'
	});
	for (const entry of entries) {
		feed.addItem({
			id: entry.link,
			link: entry.link,
			title: html(entry.title),
			date: entry.updated,
			published: entry.published,
			description: html(entry.summary),
			content: entry.content
		});
	}
	return feed.atom1();
}

function decisionEntry(d: decision.Decision, origin: string): Entry {
	const label = decision.STATE_LABELS[d.state];
	// A ratification, appeal or lapse changes what the entry says, so a reader sees it again.
	const lastEvent = d.events.reduce<Date | null>((latest, e) => {
		const at = new Date(e.at);
		return !latest || at > latest ? at : latest;
	}, null);
	return {
		title: `Decision on ${d.itemTitle}: ${label}`,
		link: `${origin}/public/decisions/${d.id}`,
		updated: lastEvent && lastEvent > d.decidedAt ? lastEvent : d.decidedAt,
		published: d.decidedAt,
		summary: `${label}. ${d.motionText}`,
		content: [
			`<p>${html(d.motionText)}</p>`,
			`<p><strong>${html(label)}</strong></p>`,
			d.explanation.length ? `<ul>${d.explanation.map((line) => `<li>${html(line)}</li>`).join('')}</ul>` : '',
			`<p>${html(`${d.meetingTitle}, item “${d.itemTitle}”. Decided ${formatLondon(d.decidedAt)}.`)}</p>`
		].join('')
	};
}

function paperEntry(p: publication.PublishedPaper, origin: string): Entry {
	const about = `For “${p.itemTitle}” at ${p.meetingTitle}.`;
	return {
		title: `Paper: ${p.filename}`,
		link: `${origin}/public/papers/${p.id}`,
		updated: p.createdAt,
		published: p.createdAt,
		summary: about,
		content: `<p>${html(about)}</p><p><a href="${html(`${origin}/public/meetings/${p.meetingId}`)}">${html(p.meetingTitle)}</a></p>`
	};
}

// Characters XML 1.0 cannot carry at all, even escaped: a control character pasted into a motion would otherwise
// leave the whole feed unreadable.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Plain text as HTML text. */
function html(text: string): string {
	return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
