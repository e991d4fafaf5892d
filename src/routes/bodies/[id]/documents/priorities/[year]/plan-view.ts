import { RAG_STATUSES } from '$lib/domain/documents/layout';
import { rankPriorities, type RankedPriority } from '$lib/domain/documents/priorities';
import type { Milestone, PrioritySnapshot } from '$lib/domain/documents/snapshots';

/**
 * How the plan is looked at: ranked, sorted, filtered, and monitored against its milestones. Pure; none of it is
 * stored in the document.
 */

export type SortKey = 'rank' | 'title' | 'rag';
export interface Filters {
	programme: string;
	category: string;
	/** A RAG status, 'none' for not yet set, or '' for any. */
	rag: string;
}

export type RankedPrioritySnapshot = PrioritySnapshot & Pick<RankedPriority, 'rank' | 'total'>;

/** Each priority with its total score and rank (rankPriorities), in the plan's own order. */
export function withRanks(priorities: PrioritySnapshot[]): RankedPrioritySnapshot[] {
	const ranks = new Map(rankPriorities(priorities).map((r) => [r.id, r]));
	return priorities.map((p) => ({ ...p, rank: ranks.get(p.id)!.rank, total: ranks.get(p.id)!.total }));
}

export function matches(priority: PrioritySnapshot, filters: Filters): boolean {
	if (filters.programme && priority.programme !== filters.programme) return false;
	if (filters.category && priority.category !== filters.category) return false;
	if (filters.rag === 'none') return priority.rag === null;
	return !filters.rag || priority.rag === filters.rag;
}

/** Red first: what most needs the group's attention. Not set last. */
const ragOrder = (p: PrioritySnapshot) => (p.rag === null ? RAG_STATUSES.length : RAG_STATUSES.indexOf(p.rag));

export function sortPriorities(priorities: RankedPrioritySnapshot[], by: SortKey): RankedPrioritySnapshot[] {
	const byRank = (a: RankedPrioritySnapshot, b: RankedPrioritySnapshot) => a.rank - b.rank;
	const byTitle = (a: RankedPrioritySnapshot, b: RankedPrioritySnapshot) => a.title.localeCompare(b.title, 'en-GB', { sensitivity: 'base' });
	return [...priorities].sort((a, b) =>
		by === 'title' ? byTitle(a, b) || byRank(a, b) : by === 'rag' ? ragOrder(a) - ragOrder(b) || byRank(a, b) : byRank(a, b) || byTitle(a, b)
	);
}

export type MilestoneStatus = 'done' | 'overdue' | 'upcoming';

/** Done when ticked; overdue when its date has passed (London date `today`); otherwise upcoming, dated or not. */
export function milestoneStatus(milestone: Milestone, today: string): MilestoneStatus {
	if (milestone.done) return 'done';
	return milestone.due && milestone.due < today ? 'overdue' : 'upcoming';
}

export interface Progress {
	done: Milestone[];
	overdue: Milestone[];
	/** Soonest first; undated last. */
	upcoming: Milestone[];
}

export function progressOf(priority: PrioritySnapshot, today: string): Progress {
	const progress: Progress = { done: [], overdue: [], upcoming: [] };
	for (const m of priority.milestones) progress[milestoneStatus(m, today)].push(m);
	const byDue = (a: Milestone, b: Milestone) => (a.due || '9999').localeCompare(b.due || '9999');
	progress.overdue.sort(byDue);
	progress.upcoming.sort(byDue);
	return progress;
}
