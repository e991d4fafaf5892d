import { pounds } from '$lib/domain/documents/compare';
import { PRIORITY_CRITERIA } from '$lib/domain/documents/layout';
import { rankPriorities } from '$lib/domain/documents/priorities';
import { checkRaci, type RowBreach } from '$lib/domain/documents/raci';
import type { PrioritiesSnapshot, PrioritySnapshot, RaciSnapshot, TextBlock } from '$lib/domain/documents/snapshots';

/**
 * How a document snapshot is laid out for reading, worked out once for the version pages and both exports (PDF
 * and Word): the same numbering, ranks and breaches everywhere. Pure: no Yjs, no I/O.
 */

/** A list block with its number when it is in an ordered list: consecutive items of one list count 1, 2, 3... */
export interface NumberedBlock extends TextBlock {
	number?: number;
}

/** Blocks with ordered-list items numbered as they read; numbering restarts after anything that ends the list. */
export function numberBlocks(blocks: TextBlock[]): NumberedBlock[] {
	const counters: number[] = [];
	return blocks.map((block) => {
		if (block.type !== 'bullet' && block.type !== 'ordered') {
			counters.length = 0;
			return block;
		}
		const depth = block.level ?? 1;
		// Deeper levels count afresh each time their parent item moves on.
		counters.length = Math.min(counters.length, depth);
		if (block.type === 'bullet') {
			counters[depth - 1] = 0;
			return block;
		}
		counters[depth - 1] = (counters[depth - 1] ?? 0) + 1;
		return { ...block, number: counters[depth - 1] };
	});
}

export interface ListNode {
	kind: 'list';
	ordered: boolean;
	items: { text: string; lists: ListNode[] }[];
}
export type BlockNode = { kind: 'heading'; text: string; level: number } | { kind: 'paragraph'; text: string } | ListNode;

/** Flat blocks as a tree for HTML: consecutive list items gathered into lists, deeper items into the item before them. */
export function groupBlocks(blocks: TextBlock[]): BlockNode[] {
	const out: BlockNode[] = [];
	const open: ListNode[] = [];
	for (const block of blocks) {
		if (block.type === 'heading') {
			open.length = 0;
			out.push({ kind: 'heading', text: block.text, level: block.level ?? 2 });
			continue;
		}
		if (block.type === 'paragraph') {
			open.length = 0;
			out.push({ kind: 'paragraph', text: block.text });
			continue;
		}
		const ordered = block.type === 'ordered';
		const depth = Math.max(1, Math.min(block.level ?? 1, open.length + 1));
		open.length = Math.min(open.length, depth);
		if (open[depth - 1] && open[depth - 1]!.ordered !== ordered) open.length = depth - 1;
		let list = open[depth - 1];
		if (!list) {
			list = { kind: 'list', ordered, items: [] };
			if (depth === 1) out.push(list);
			else {
				const parent = open[depth - 2]!;
				if (parent.items.length === 0) parent.items.push({ text: '', lists: [] });
				parent.items.at(-1)!.lists.push(list);
			}
			open[depth - 1] = list;
		}
		list.items.push({ text: block.text, lists: [] });
	}
	return out;
}

/** The rules text as it is best read: pretty-printed when it is JSON, as typed when not. */
export function readableRules(rulesText: string): { text: string; valid: boolean } {
	try {
		return { text: JSON.stringify(JSON.parse(rulesText), null, 2), valid: true };
	} catch {
		return { text: rulesText, valid: false };
	}
}

export interface PriorityRow {
	priority: PrioritySnapshot;
	rank: number;
	total: number;
}

/** The priorities in rank order (highest total first; equal totals share a rank). */
export function rankedPriorities(plan: PrioritiesSnapshot): PriorityRow[] {
	const byId = new Map(plan.priorities.map((p) => [p.id, p]));
	return rankPriorities(plan.priorities).map((r) => ({ priority: byId.get(r.id)!, rank: r.rank, total: r.total }));
}

export const CRITERIA = PRIORITY_CRITERIA;

export const RAG_LABELS = { red: 'Red', amber: 'Amber', green: 'Green' } as const;

/** A QIPP target in pounds, or '' when not set. */
export function qipp(pence: string): string {
	return pence === '' ? '' : pounds(pence);
}

export interface RaciTable {
	matrix: RaciSnapshot;
	breaches: RowBreach[];
	breachByRow: Map<string, RowBreach>;
}

export function raciTable(matrix: RaciSnapshot): RaciTable {
	const breaches = checkRaci(matrix);
	return { matrix, breaches, breachByRow: new Map(breaches.map((b) => [b.rowId, b])) };
}

export const RACI_LEGEND = 'R responsible, A accountable (exactly one per activity), C consulted, I informed; every activity needs at least one R.';
