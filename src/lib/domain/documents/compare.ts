import { PRIORITY_CRITERIA } from './layout';
import { rankPriorities } from './priorities';
import type { RaciSnapshot } from './raci';
import type { DocumentSnapshot, PrioritiesSnapshot, PrioritySnapshot, TermsOfReferenceSnapshot, TextBlock } from './snapshots';

/** One difference between two snapshots of a document, in plain English. */
export interface DocumentChange {
	kind: 'added' | 'removed' | 'changed';
	text: string;
}

/** What changed from `before` to `after`, two snapshots of the same kind of document; nothing when they are equal. */
export function compareSnapshots(before: DocumentSnapshot, after: DocumentSnapshot): DocumentChange[] {
	if (before.kind === 'terms-of-reference' && after.kind === 'terms-of-reference') return compareTermsOfReference(before.content, after.content);
	if (before.kind === 'priorities' && after.kind === 'priorities') return comparePriorities(before.content, after.content);
	if (before.kind === 'raci' && after.kind === 'raci') return compareRaci(before.content, after.content);
	throw new Error(`Cannot compare a ${before.kind} document with a ${after.kind} document`);
}

const added = (text: string): DocumentChange => ({ kind: 'added', text });
const removed = (text: string): DocumentChange => ({ kind: 'removed', text });
const changed = (text: string): DocumentChange => ({ kind: 'changed', text });

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const quote = (text: string) => `“${text}”`;
/** Short text quoted whole; long text only said to have changed. */
const SHORT = 80;

// Terms of reference

export function compareTermsOfReference(before: TermsOfReferenceSnapshot, after: TermsOfReferenceSnapshot): DocumentChange[] {
	const changes: DocumentChange[] = [];
	const beforeSections = new Map(before.sections.map((s) => [s.key, s]));
	for (const section of after.sections) {
		const old = beforeSections.get(section.key);
		beforeSections.delete(section.key);
		const was = nonEmpty(old?.blocks ?? []);
		const now = nonEmpty(section.blocks);
		if (was.length === 0 && now.length === 0) continue;
		if (was.length === 0) {
			changes.push(added(`Section ${quote(section.heading)} added (${plural(now.length, 'block')})`));
		} else if (now.length === 0) {
			changes.push(removed(`Section ${quote(section.heading)} removed (now empty)`));
		} else {
			const diff = blockDiff(was, now);
			if (diff.added + diff.removed + diff.reworded > 0) changes.push(changed(`Section ${quote(section.heading)} changed: ${describeBlockDiff(diff)}`));
		}
	}
	// Sections a later layout no longer has.
	for (const old of beforeSections.values()) {
		if (nonEmpty(old.blocks).length > 0) changes.push(removed(`Section ${quote(old.heading)} removed`));
	}
	changes.push(...compareRulesText(before.rulesText, after.rulesText));
	return changes;
}

function nonEmpty(blocks: TextBlock[]): TextBlock[] {
	return blocks.filter((b) => b.text.trim() !== '');
}

const blockKey = (b: TextBlock) => `${b.type}:${b.level ?? ''}:${b.text.trim()}`;

/** How many blocks were added and removed, by a longest common subsequence of the blocks. */
function blockDiff(before: TextBlock[], after: TextBlock[]): { added: number; removed: number; reworded: number } {
	const a = before.map(blockKey);
	const b = after.map(blockKey);
	const common = lcsLength(a, b);
	const removedCount = a.length - common;
	const addedCount = b.length - common;
	// A block removed and one added in its place read best as one block reworded.
	const reworded = Math.min(removedCount, addedCount);
	return { added: addedCount - reworded, removed: removedCount - reworded, reworded };
}

function describeBlockDiff(diff: { added: number; removed: number; reworded: number }): string {
	const parts: string[] = [];
	if (diff.reworded > 0) parts.push(`${plural(diff.reworded, 'block')} reworded`);
	if (diff.added > 0) parts.push(`${plural(diff.added, 'block')} added`);
	if (diff.removed > 0) parts.push(`${plural(diff.removed, 'block')} removed`);
	return parts.join(', ');
}

function lcsLength(a: string[], b: string[]): number {
	let previous = new Array<number>(b.length + 1).fill(0);
	for (let i = 1; i <= a.length; i++) {
		const current = new Array<number>(b.length + 1).fill(0);
		for (let j = 1; j <= b.length; j++) {
			current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
		}
		previous = current;
	}
	return previous[b.length]!;
}

/** The structured rules: when both sides are JSON, each setting that changed; otherwise that the text changed. */
function compareRulesText(before: string, after: string): DocumentChange[] {
	if (before.trim() === after.trim()) return [];
	if (before.trim() === '') return [added('Structured rules added')];
	if (after.trim() === '') return [removed('Structured rules removed')];
	const a = parseJson(before);
	const b = parseJson(after);
	if (a === undefined || b === undefined) return [changed('Structured rules text changed')];
	const differences: string[] = [];
	jsonDiff(a, b, '', differences);
	if (differences.length === 0) return [changed('Structured rules reformatted (no setting changed)')];
	const LIMIT = 12;
	const shown = differences.slice(0, LIMIT).map((d) => changed(`Structured rules: ${d}`));
	if (differences.length > LIMIT) shown.push(changed(`Structured rules: ${plural(differences.length - LIMIT, 'more setting')} changed`));
	return shown;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function jsonDiff(a: unknown, b: unknown, path: string, out: string[]): void {
	const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
	if (isObject(a) && isObject(b)) {
		for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
			const at = path ? `${path}.${key}` : key;
			if (!(key in a)) out.push(`${at} set to ${show(b[key])}`);
			else if (!(key in b)) out.push(`${at} (was ${show(a[key])}) removed`);
			else jsonDiff(a[key], b[key], at, out);
		}
		return;
	}
	if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
		a.forEach((item, i) => jsonDiff(item, b[i], `${path}[${i}]`, out));
		return;
	}
	if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path || 'the rules'} changed from ${show(a)} to ${show(b)}`);
}

function show(value: unknown): string {
	const text = JSON.stringify(value) ?? 'nothing';
	return text.length > SHORT ? `${text.slice(0, SHORT - 1)}…` : text;
}

// Priorities plan

const FIELDS: { key: 'programme' | 'services' | 'why' | 'category' | 'lead' | 'subGroup'; label: string }[] = [
	{ key: 'programme', label: 'programme of care' },
	{ key: 'services', label: 'services' },
	{ key: 'why', label: 'why it is a priority' },
	{ key: 'category', label: 'category' },
	{ key: 'lead', label: 'lead' },
	{ key: 'subGroup', label: 'sub-group' }
];

export function comparePriorities(before: PrioritiesSnapshot, after: PrioritiesSnapshot): DocumentChange[] {
	const changes: DocumentChange[] = [];
	const old = new Map(before.priorities.map((p) => [p.id, p]));
	const now = new Map(after.priorities.map((p) => [p.id, p]));
	const oldRanks = new Map(rankPriorities(before.priorities).map((r) => [r.id, r]));
	const newRanks = new Map(rankPriorities(after.priorities).map((r) => [r.id, r]));
	for (const p of before.priorities) if (!now.has(p.id)) changes.push(removed(`Priority ${quote(titleOf(p))} removed`));
	for (const p of after.priorities) {
		const was = old.get(p.id);
		if (!was) {
			changes.push(added(`Priority ${quote(titleOf(p))} added (total score ${newRanks.get(p.id)!.total}, ranked ${newRanks.get(p.id)!.rank})`));
			continue;
		}
		const name = quote(titleOf(p));
		if (was.title !== p.title) changes.push(changed(`Priority ${quote(titleOf(was))} renamed to ${name}`));
		for (const { key, label } of FIELDS) {
			if (was[key] === p[key]) continue;
			changes.push(changed(`Priority ${name}: ${label} ${fieldChange(was[key], p[key])}`));
		}
		for (const { key, label } of PRIORITY_CRITERIA) {
			const a = was.scores[key];
			const b = p.scores[key];
			if (a === b) continue;
			changes.push(changed(`Priority ${name}: score for ${label} ${a === undefined ? `set to ${b}` : b === undefined ? `cleared (was ${a})` : `changed from ${a} to ${b}`}`));
		}
		const totalBefore = oldRanks.get(p.id)!;
		const totalAfter = newRanks.get(p.id)!;
		if (totalBefore.total !== totalAfter.total) changes.push(changed(`Priority ${name}: total score ${totalBefore.total} → ${totalAfter.total}`));
		if (totalBefore.rank !== totalAfter.rank) changes.push(changed(`Priority ${name}: rank ${totalBefore.rank} → ${totalAfter.rank}`));
		if (was.rag !== p.rag) changes.push(changed(`Priority ${name}: RAG status ${was.rag ?? 'not set'} → ${p.rag ?? 'not set'}`));
		if (was.qippSavingPence !== p.qippSavingPence) {
			changes.push(changed(`Priority ${name}: QIPP savings target ${pounds(was.qippSavingPence)} → ${pounds(p.qippSavingPence)}`));
		}
		if (p.ragHistory.length > was.ragHistory.length) {
			changes.push(added(`Priority ${name}: ${plural(p.ragHistory.length - was.ragHistory.length, 'RAG history entry', 'RAG history entries')} added`));
		} else if (p.ragHistory.length < was.ragHistory.length) {
			changes.push(removed(`Priority ${name}: ${plural(was.ragHistory.length - p.ragHistory.length, 'RAG history entry', 'RAG history entries')} removed`));
		}
		changes.push(...compareMilestones(name, was, p));
	}
	return changes;
}

function compareMilestones(name: string, before: PrioritySnapshot, after: PrioritySnapshot): DocumentChange[] {
	const changes: DocumentChange[] = [];
	const old = new Map(before.milestones.map((m) => [m.id, m]));
	const now = new Set(after.milestones.map((m) => m.id));
	for (const m of before.milestones) if (!now.has(m.id)) changes.push(removed(`Priority ${name}: milestone ${quote(m.title || 'untitled')} removed`));
	for (const m of after.milestones) {
		const was = old.get(m.id);
		const label = `Priority ${name}: milestone ${quote(m.title || 'untitled')}`;
		if (!was) {
			changes.push(added(`${label} added${m.due ? ` (due ${m.due})` : ''}`));
			continue;
		}
		if (was.title !== m.title) changes.push(changed(`Priority ${name}: milestone ${quote(was.title || 'untitled')} renamed to ${quote(m.title || 'untitled')}`));
		if (was.due !== m.due) changes.push(changed(`${label}: due date ${was.due || 'not set'} → ${m.due || 'not set'}`));
		if (was.done !== m.done) changes.push(changed(`${label} marked ${m.done ? 'done' : 'not done'}`));
	}
	return changes;
}

function titleOf(p: PrioritySnapshot): string {
	return p.title.trim() || 'Untitled priority';
}

function fieldChange(before: string, after: string): string {
	if (before === '') return after.length <= SHORT ? `set to ${quote(after)}` : 'set';
	if (after === '') return 'cleared';
	return before.length <= SHORT && after.length <= SHORT ? `changed from ${quote(before)} to ${quote(after)}` : 'changed';
}

/** Whole pence as pounds, exactly: "12345" → "£123.45", "100000" → "£1,000". */
export function pounds(pence: string): string {
	if (pence === '') return 'not set';
	const whole = pence.length > 2 ? pence.slice(0, -2) : '0';
	const fraction = pence.padStart(3, '0').slice(-2);
	const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return `£${grouped}${fraction === '00' ? '' : `.${fraction}`}`;
}

// RACI matrix

export function compareRaci(before: RaciSnapshot, after: RaciSnapshot): DocumentChange[] {
	const changes: DocumentChange[] = [];
	const oldRows = new Map(before.rows.map((r) => [r.id, r]));
	const newRows = new Set(after.rows.map((r) => r.id));
	const oldColumns = new Map(before.columns.map((c) => [c.id, c]));
	const newColumns = new Set(after.columns.map((c) => c.id));

	for (const row of before.rows) if (!newRows.has(row.id)) changes.push(removed(`Activity ${quote(row.activity)} removed`));
	for (const row of after.rows) {
		const was = oldRows.get(row.id);
		if (!was) changes.push(added(`Activity ${quote(row.activity)} added${row.stage ? ` (${row.stage})` : ''}`));
		else {
			if (was.activity !== row.activity) changes.push(changed(`Activity ${quote(was.activity)} renamed to ${quote(row.activity)}`));
			if (was.stage !== row.stage) changes.push(changed(`Activity ${quote(row.activity)} moved from stage ${quote(was.stage)} to ${quote(row.stage)}`));
		}
	}
	for (const column of before.columns) if (!newColumns.has(column.id)) changes.push(removed(`Stakeholder ${quote(column.name)} removed`));
	for (const column of after.columns) {
		const was = oldColumns.get(column.id);
		if (!was) changes.push(added(`Stakeholder ${quote(column.name)} added`));
		else if (was.name !== column.name) changes.push(changed(`Stakeholder ${quote(was.name)} renamed to ${quote(column.name)}`));
	}
	// Cells of the rows and columns on both sides, named as they are now.
	for (const row of after.rows) {
		if (!oldRows.has(row.id)) continue;
		for (const column of after.columns) {
			if (!oldColumns.has(column.id)) continue;
			const key = `${row.id}:${column.id}`;
			const a = before.cells[key];
			const b = after.cells[key];
			if (a !== b) changes.push(changed(`${row.activity} × ${column.name}: ${a ?? 'empty'} → ${b ?? 'empty'}`));
		}
	}
	return changes;
}
