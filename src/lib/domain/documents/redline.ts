import { diffArrays, diffWords } from 'diff';
import { PRIORITY_CRITERIA, type CriterionKey, type RagStatus, type RaciValue } from './layout';
import { rankPriorities } from './priorities';
import type { RaciSnapshot } from './raci';
import type {
	DocumentSnapshot,
	Milestone,
	MinutesSnapshot,
	PrioritiesSnapshot,
	PrioritySnapshot,
	RagHistoryEntry,
	TermsOfReferenceSnapshot,
	TextBlock
} from './snapshots';

/**
 * A redline between two snapshots of one document: every part of it (a block of prose, a priority, an activity of
 * the RACI matrix) matched with its counterpart, words inserted and deleted marked inside it, and whole parts added
 * or removed marked as such. Pure: the word and sequence diffs are jsdiff's (Myers), so the same two snapshots
 * always give the same redline.
 */

/** A run of text that both sides have, or that only the later one has (inserted), or only the earlier (deleted). */
export interface Segment {
	kind: 'same' | 'inserted' | 'deleted';
	text: string;
}

/** Where a part stands: only in the later snapshot, only in the earlier, in both with differences, or in both alike. */
export type PartStatus = 'same' | 'inserted' | 'deleted' | 'changed';

/** A value that is not prose (a score, a date, a RACI letter): null on the side that does not have it. */
export interface ValueChange<T> {
	before: T | null;
	after: T | null;
	changed: boolean;
}

export interface RedlineSummary {
	/** True when the two read the same: nothing inserted, deleted, changed or moved. */
	same: boolean;
	wordsInserted: number;
	wordsDeleted: number;
	/** The other differences, counted: "2 cells changed", "1 activity added". */
	others: string[];
	/** Where the differences are: "3 sections", "the structured rules", "2 activities". */
	places: string[];
	/** All of it in a sentence: "12 words inserted and 4 deleted, in 3 sections." or "No differences." */
	text: string;
}

// Terms of reference

export interface BlockRedline {
	status: PartStatus;
	type: TextBlock['type'];
	level?: number;
	/** What the block was, when only its kind or level changed with it (a paragraph made a heading). */
	was?: { type: TextBlock['type']; level?: number };
	segments: Segment[];
}

export interface SectionRedline {
	key: string;
	heading: string;
	status: PartStatus;
	blocks: BlockRedline[];
}

export interface TermsRedline {
	kind: 'terms-of-reference';
	sections: SectionRedline[];
	/** The structured rules, pretty-printed when they are JSON, diffed word by word. */
	rules: { status: PartStatus; segments: Segment[] };
	summary: RedlineSummary;
}

// Priorities plan

export type PriorityField = 'programme' | 'services' | 'why' | 'category' | 'lead' | 'subGroup';

export const PRIORITY_FIELDS: readonly { key: PriorityField; label: string }[] = [
	{ key: 'programme', label: 'Programme of care' },
	{ key: 'services', label: 'Services' },
	{ key: 'why', label: 'Why it is a priority' },
	{ key: 'category', label: 'Category' },
	{ key: 'lead', label: 'Lead' },
	{ key: 'subGroup', label: 'Sub-group' }
];

export interface MilestoneRedline {
	id: string;
	status: PartStatus;
	title: Segment[];
	/** YYYY-MM-DD, or '' when not set. */
	due: ValueChange<string>;
	done: ValueChange<boolean>;
}

export interface PriorityRedline {
	id: string;
	status: PartStatus;
	title: Segment[];
	fields: { key: PriorityField; label: string; segments: Segment[]; changed: boolean }[];
	scores: ({ key: CriterionKey; label: string } & ValueChange<number>)[];
	/** Derived from the scores and the other priorities: shown, but not counted as differences of their own. */
	total: ValueChange<number>;
	rank: ValueChange<number>;
	rag: ValueChange<RagStatus>;
	/** Whole pence as digits, '' when not set. */
	qippSavingPence: ValueChange<string>;
	milestones: MilestoneRedline[];
	ragHistory: { status: 'same' | 'inserted' | 'deleted'; entry: RagHistoryEntry }[];
}

export interface PrioritiesRedline {
	kind: 'priorities';
	/** In the later plan's rank order, priorities removed where they ranked in the earlier one. */
	priorities: PriorityRedline[];
	summary: RedlineSummary;
}

// RACI matrix

export interface RaciColumnRedline {
	id: string;
	status: PartStatus;
	/** In both, but no longer in the same order relative to the others. */
	moved: boolean;
	name: Segment[];
}

export interface RaciCellRedline extends ValueChange<RaciValue> {
	columnId: string;
}

export interface RaciRowRedline {
	id: string;
	status: PartStatus;
	moved: boolean;
	stage: Segment[];
	activity: Segment[];
	/** One per column of the redline, in its order. */
	cells: RaciCellRedline[];
}

export interface RaciRedline {
	kind: 'raci';
	columns: RaciColumnRedline[];
	rows: RaciRowRedline[];
	summary: RedlineSummary;
}

export type DocumentRedline = TermsRedline | PrioritiesRedline | RaciRedline | MinutesRedline;

/** The redline from `before` to `after`, two snapshots of the same kind of document. */
export function redlineSnapshots(before: DocumentSnapshot, after: DocumentSnapshot): DocumentRedline {
	if (before.kind === 'terms-of-reference' && after.kind === 'terms-of-reference') return redlineTermsOfReference(before.content, after.content);
	if (before.kind === 'priorities' && after.kind === 'priorities') return redlinePriorities(before.content, after.content);
	if (before.kind === 'raci' && after.kind === 'raci') return redlineRaci(before.content, after.content);
	if (before.kind === 'minutes' && after.kind === 'minutes') return redlineMinutes(before.content, after.content);
	throw new Error(`Cannot redline a ${before.kind} document against a ${after.kind} document`);
}

// Words

/**
 * Beyond this many words inserted and deleted, two texts are shown as one deleted whole and the other inserted:
 * the diff's cost grows with the edits, and text rewritten through and through reads no better word by word.
 * A count of edits, not a timeout, so the redline does not depend on how busy the machine is.
 */
const MAX_EDIT_LENGTH = 1_000;

/** The word diff of two texts, or null when they differ by too much to diff (MAX_EDIT_LENGTH). */
function wordChanges(before: string, after: string) {
	return diffWords(before, after, { maxEditLength: MAX_EDIT_LENGTH }) ?? null;
}

/** The word diff of two texts; whitespace alone is no difference (jsdiff's diffWords ignores it). */
export function diffText(before: string, after: string): Segment[] {
	if (before === after) return whole('same', after);
	const changes = wordChanges(before, after);
	if (!changes) return [...whole('deleted', before), ...whole('inserted', after)];
	return changes.map((change) => ({
		kind: change.added ? 'inserted' : change.removed ? 'deleted' : 'same',
		text: change.value
	}));
}

/**
 * A value that changed (a score, a date, a RACI letter), as text to mark: the old struck out, the new after it.
 * '' is a value not set, shown as nothing on its side.
 */
export function changeSegments(before: string, after: string): Segment[] {
	if (before === after) return whole('same', after);
	return [...whole('deleted', before), ...(before !== '' && after !== '' ? [{ kind: 'same' as const, text: ' ' }] : []), ...whole('inserted', after)];
}

/** The whole of a text as inserted or deleted (a part only one side has). */
function whole(kind: 'same' | 'inserted' | 'deleted', text: string): Segment[] {
	return text === '' ? [] : [{ kind, text }];
}

const WORD = /[\p{L}\p{N}]+(?:['’.,:/-][\p{L}\p{N}]+)*/gu;

/** Words in a text, for the summary: "vice-chair", "£1,250,000" and "2015-06-30" are one each; a lone punctuation mark is one. */
export function countWords(text: string): number {
	const words = text.match(WORD)?.length ?? 0;
	return words === 0 && text.trim() !== '' ? 1 : words;
}

const differs = (segments: Segment[]) => segments.some((s) => s.kind !== 'same');

/** Tallies the differences of a redline while it is built, then says them in a sentence. */
class Tally {
	wordsInserted = 0;
	wordsDeleted = 0;
	private readonly others = new Map<string, { count: number; one: string; many: string }>();
	private readonly places: string[] = [];

	words(segments: Segment[]): void {
		for (const s of segments) {
			if (s.kind === 'inserted') this.wordsInserted += countWords(s.text);
			if (s.kind === 'deleted') this.wordsDeleted += countWords(s.text);
		}
	}

	/** One more difference of a kind that is not words: `one`/`many` read after the number ("cell changed"). */
	other(one: string, many: string, count = 1): void {
		if (count === 0) return;
		const entry = this.others.get(one) ?? { count: 0, one, many };
		entry.count += count;
		this.others.set(one, entry);
	}

	/** Where differences were found: "3 sections"; a `count` of 0 adds nothing. */
	place(count: number, one: string, many: string): void {
		if (count > 0) this.places.push(plural(count, one, many));
	}

	/** A place there is one of, named: "the structured rules". */
	placeNamed(name: string): void {
		this.places.push(name);
	}

	summary(): RedlineSummary {
		const others = [...this.others.values()].map((o) => plural(o.count, o.one, o.many));
		const places = [...this.places];
		const words: string[] = [];
		if (this.wordsInserted > 0) words.push(`${plural(this.wordsInserted, 'word')} inserted`);
		if (this.wordsDeleted > 0) words.push(this.wordsInserted > 0 ? `${this.wordsDeleted} deleted` : `${plural(this.wordsDeleted, 'word')} deleted`);
		const all = [...words, ...others];
		const same = all.length === 0;
		const text = same ? 'No differences.' : `${capitalise(listOf(all))}${places.length > 0 ? `, in ${listOf(places)}` : ''}.`;
		return { same, wordsInserted: this.wordsInserted, wordsDeleted: this.wordsDeleted, others, places, text };
	}
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "a", "a and b", "a, b and c". */
function listOf(items: string[]): string {
	return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

// Matching by id

interface Aligned<T> {
	before?: T;
	after?: T;
	/** In both, but out of order relative to the parts both have. */
	moved: boolean;
}

/**
 * Parts of both sides matched by id, in the later side's order, parts only the earlier side has where they stood
 * in it. The longest run in the same order (jsdiff's diffArrays on the ids) stays put; a part of both outside it
 * moved, and is placed where it is now.
 */
function alignById<T extends { id: string }>(before: T[], after: T[]): Aligned<T>[] {
	const a = uniqueById(before);
	const b = uniqueById(after);
	const inAfter = new Set(b.map((x) => x.id));
	const inBefore = new Map(a.map((x) => [x.id, x]));
	const out: Aligned<T>[] = [];
	let i = 0;
	let j = 0;
	for (const change of diffArrays(
		a.map((x) => x.id),
		b.map((x) => x.id)
	)) {
		const n = change.value.length;
		if (change.removed) {
			for (const x of a.slice(i, i + n)) if (!inAfter.has(x.id)) out.push({ before: x, moved: false });
			i += n;
		} else if (change.added) {
			for (const y of b.slice(j, j + n)) {
				const was = inBefore.get(y.id);
				out.push({ before: was, after: y, moved: was !== undefined });
			}
			j += n;
		} else {
			for (let k = 0; k < n; k++) out.push({ before: a[i + k], after: b[j + k], moved: false });
			i += n;
			j += n;
		}
	}
	return out;
}

/** The first of each id: ids are meant to be unique, and a repeated one must not match twice. */
function uniqueById<T extends { id: string }>(items: T[]): T[] {
	const seen = new Set<string>();
	return items.filter((x) => {
		if (seen.has(x.id)) return false;
		seen.add(x.id);
		return true;
	});
}

function statusOf(hasBefore: boolean, hasAfter: boolean, changed: boolean): PartStatus {
	if (!hasBefore) return 'inserted';
	if (!hasAfter) return 'deleted';
	return changed ? 'changed' : 'same';
}

function valueChange<T>(before: T | null, after: T | null): ValueChange<T> {
	return { before, after, changed: before !== after };
}

// Terms of reference

/** The redline of two terms of reference: sections matched by key, blocks by their text, the rules text word by word. */
export function redlineTermsOfReference(before: TermsOfReferenceSnapshot, after: TermsOfReferenceSnapshot): TermsRedline {
	const tally = new Tally();
	const sections = redlineSections(before.sections, after.sections, tally);
	const rulesBefore = before.rulesText.trim() === '' ? '' : readableJson(before.rulesText);
	const rulesAfter = after.rulesText.trim() === '' ? '' : readableJson(after.rulesText);
	const segments = rulesBefore === '' ? whole('inserted', rulesAfter) : rulesAfter === '' ? whole('deleted', rulesBefore) : diffText(rulesBefore, rulesAfter);
	const rules = { status: rulesBefore === '' && rulesAfter === '' ? ('same' as const) : statusOf(rulesBefore !== '', rulesAfter !== '', differs(segments)), segments };
	tally.words(segments);
	if (rules.status !== 'same') tally.placeNamed('the structured rules');

	return { kind: 'terms-of-reference', sections, rules, summary: tally.summary() };
}

/** A section of prose: its key, heading and blocks (a terms-of-reference section, a part of the minutes). */
type ProseSection = { key: string; heading: string; blocks: TextBlock[] };

/** Sections matched by key, each block redlined; sections only one side has come after the others. */
function redlineSections(before: ProseSection[], after: ProseSection[], tally: Tally): SectionRedline[] {
	const old = new Map(before.map((s) => [s.key, s]));
	const pairs: [ProseSection | undefined, ProseSection | undefined][] = after.map((s) => [old.get(s.key), s]);
	const kept = new Set(after.map((s) => s.key));
	for (const s of before) if (!kept.has(s.key)) pairs.push([s, undefined]);

	const sections = pairs.map(([was, now]): SectionRedline => {
		const a = nonEmpty(was?.blocks ?? []);
		const b = nonEmpty(now?.blocks ?? []);
		const blocks = alignBlocks(a, b);
		for (const block of blocks) {
			tally.words(block.segments);
			if (block.was) tally.other('block restyled', 'blocks restyled');
		}
		// A section empty on both sides (or in the layout of one only) has nothing to differ in.
		const status = a.length === 0 && b.length === 0 ? 'same' : statusOf(a.length > 0, b.length > 0, blocks.some((x) => x.status !== 'same'));
		return { key: (now ?? was)!.key, heading: (now ?? was)!.heading, status, blocks };
	});
	tally.place(sections.filter((s) => s.status !== 'same').length, 'section', 'sections');
	return sections;
}

// Minutes

export interface MinutesRedline {
	kind: 'minutes';
	/** Part A ("Minutes") and Part B ("Part B: confidential business"). */
	sections: SectionRedline[];
	summary: RedlineSummary;
}

/** The parts of the minutes as sections; Part B only when the reader may have it (the caller leaves it empty otherwise). */
export const MINUTES_SECTIONS = [
	{ key: 'partA', heading: 'Minutes' },
	{ key: 'partB', heading: 'Part B: confidential business' }
] as const;

export function redlineMinutes(before: MinutesSnapshot, after: MinutesSnapshot): MinutesRedline {
	const tally = new Tally();
	const sectionsOf = (minutes: MinutesSnapshot) => MINUTES_SECTIONS.map(({ key, heading }) => ({ key, heading, blocks: minutes[key] }));
	const sections = redlineSections(sectionsOf(before), sectionsOf(after), tally);
	return { kind: 'minutes', sections, summary: tally.summary() };
}

/** JSON pretty-printed, so rules typed on one line and on many read alike; text that is not JSON as it is. */
function readableJson(text: string): string {
	try {
		return JSON.stringify(JSON.parse(text), null, 2);
	} catch {
		return text;
	}
}

function nonEmpty(blocks: TextBlock[]): TextBlock[] {
	return blocks.filter((b) => b.text.trim() !== '');
}

const blockKey = (b: TextBlock) => `${b.type}:${b.level ?? ''}:${b.text.trim()}`;

/**
 * Blocks matched: the longest run of identical blocks (diffArrays) stays as it is; between two such, the blocks
 * removed and added are paired where they read alike (see `pairBlocks`) and word-diffed, the rest marked whole.
 */
function alignBlocks(before: TextBlock[], after: TextBlock[]): BlockRedline[] {
	const out: BlockRedline[] = [];
	let removed: TextBlock[] = [];
	let added: TextBlock[] = [];
	const flush = () => {
		out.push(...pairBlocks(removed, added));
		removed = [];
		added = [];
	};
	let i = 0;
	let j = 0;
	for (const change of diffArrays(before.map(blockKey), after.map(blockKey))) {
		const n = change.value.length;
		if (change.removed) {
			removed.push(...before.slice(i, i + n));
			i += n;
		} else if (change.added) {
			added.push(...after.slice(j, j + n));
			j += n;
		} else {
			flush();
			for (const block of after.slice(j, j + n)) out.push(blockOf(block, 'same', [{ kind: 'same', text: block.text }]));
			i += n;
			j += n;
		}
	}
	flush();
	return out;
}

/** Above this many pairs to weigh, blocks are paired in order: a whole section pasted over another need not be weighed pair by pair. */
const MAX_PAIRS_WEIGHED = 400;
/** How alike two blocks must be to read as one block reworded rather than one removed and another added. */
const ALIKE = 0.4;

/**
 * Blocks removed and added between the same two unchanged ones. One of each reads best as one block reworded;
 * otherwise each removed block is paired with the next added block that shares enough of its words, keeping both
 * orders, and whatever is left over is marked as removed or added whole.
 */
function pairBlocks(removed: TextBlock[], added: TextBlock[]): BlockRedline[] {
	const deleted = (b: TextBlock) => blockOf(b, 'deleted', whole('deleted', b.text));
	const inserted = (b: TextBlock) => blockOf(b, 'inserted', whole('inserted', b.text));
	if ((removed.length === 1 && added.length === 1) || removed.length * added.length > MAX_PAIRS_WEIGHED) {
		const n = Math.min(removed.length, added.length);
		return [...removed.slice(0, n).map((old, k) => reworded(old, added[k]!)), ...removed.slice(n).map(deleted), ...added.slice(n).map(inserted)];
	}
	const out: BlockRedline[] = [];
	let next = 0;
	for (const old of removed) {
		let match = -1;
		for (let j = next; j < added.length && match < 0; j++) if (likeness(old, added[j]!) >= ALIKE) match = j;
		if (match < 0) {
			out.push(deleted(old));
			continue;
		}
		for (; next < match; next++) out.push(inserted(added[next]!));
		out.push(reworded(old, added[match]!));
		next = match + 1;
	}
	for (; next < added.length; next++) out.push(inserted(added[next]!));
	return out;
}

/** The share of two blocks' words they have in common (Dice's coefficient over jsdiff's word diff): 0 to 1. */
function likeness(a: TextBlock, b: TextBlock): number {
	const total = countWords(a.text) + countWords(b.text);
	if (total === 0) return 1;
	const common = (wordChanges(a.text, b.text) ?? []).filter((c) => !c.added && !c.removed).reduce((sum, c) => sum + countWords(c.value), 0);
	return (2 * common) / total;
}

function reworded(old: TextBlock, now: TextBlock): BlockRedline {
	const segments = diffText(old.text, now.text);
	const restyled = old.type !== now.type || (old.level ?? null) !== (now.level ?? null);
	const block = blockOf(now, restyled || differs(segments) ? 'changed' : 'same', segments);
	if (restyled) block.was = old.level === undefined ? { type: old.type } : { type: old.type, level: old.level };
	return block;
}

function blockOf(block: TextBlock, status: PartStatus, segments: Segment[]): BlockRedline {
	return block.level === undefined ? { status, type: block.type, segments } : { status, type: block.type, level: block.level, segments };
}

// Priorities plan

/** The redline of two priorities plans: priorities and milestones matched by id, each field word by word. */
export function redlinePriorities(before: PrioritiesSnapshot, after: PrioritiesSnapshot): PrioritiesRedline {
	const tally = new Tally();
	const ranked = (plan: PrioritiesSnapshot) => {
		const byId = new Map(plan.priorities.map((p) => [p.id, p]));
		return rankPriorities(plan.priorities).map((r) => ({ id: r.id, priority: byId.get(r.id)!, total: r.total, rank: r.rank }));
	};
	const priorities = alignById(ranked(before), ranked(after)).map(({ before: was, after: now }) => priorityRedline(was, now, tally));
	tally.other('priority added', 'priorities added', priorities.filter((p) => p.status === 'inserted').length);
	tally.other('priority removed', 'priorities removed', priorities.filter((p) => p.status === 'deleted').length);
	tally.place(priorities.filter((p) => p.status !== 'same').length, 'priority', 'priorities');
	return { kind: 'priorities', priorities, summary: tally.summary() };
}

type Ranked = { priority: PrioritySnapshot; total: number; rank: number };

function priorityRedline(was: Ranked | undefined, now: Ranked | undefined, tally: Tally): PriorityRedline {
	const a = was?.priority;
	const b = now?.priority;
	// A priority only one side has is counted as one added or removed, not word by word.
	const counted = a !== undefined && b !== undefined;
	const text = (x: string | undefined, y: string | undefined): Segment[] =>
		x === undefined ? whole('inserted', y ?? '') : y === undefined ? whole('deleted', x) : diffText(x, y);

	const title = text(a?.title, b?.title);
	const fields = PRIORITY_FIELDS.map(({ key, label }) => {
		const segments = text(a?.[key], b?.[key]);
		return { key, label, segments, changed: differs(segments) };
	});
	const scores = PRIORITY_CRITERIA.map(({ key, label }) => ({ key, label, ...valueChange(a ? (a.scores[key] ?? null) : null, b ? (b.scores[key] ?? null) : null) }));
	const rag = valueChange(a?.rag ?? null, b?.rag ?? null);
	const qippSavingPence = valueChange(a?.qippSavingPence ?? null, b?.qippSavingPence ?? null);
	const milestones = alignById(a?.milestones ?? [], b?.milestones ?? []).map(({ before: m, after: n }) => milestoneRedline(m, n));
	const ragHistory = ragHistoryRedline(a?.ragHistory ?? [], b?.ragHistory ?? []);

	const changed =
		differs(title) ||
		fields.some((f) => f.changed) ||
		scores.some((s) => s.changed) ||
		rag.changed ||
		qippSavingPence.changed ||
		milestones.some((m) => m.status !== 'same') ||
		ragHistory.some((h) => h.status !== 'same');
	if (counted) {
		tally.words(title);
		for (const f of fields) tally.words(f.segments);
		tally.other('score changed', 'scores changed', scores.filter((s) => s.changed).length);
		if (rag.changed) tally.other('RAG status changed', 'RAG statuses changed');
		if (qippSavingPence.changed) tally.other('QIPP target changed', 'QIPP targets changed');
		for (const m of milestones) {
			if (m.status === 'inserted') tally.other('milestone added', 'milestones added');
			else if (m.status === 'deleted') tally.other('milestone removed', 'milestones removed');
			else {
				tally.words(m.title);
				if (m.due.changed) tally.other('due date changed', 'due dates changed');
				if (m.done.changed) tally.other(m.done.after ? 'milestone marked done' : 'milestone marked not done', m.done.after ? 'milestones marked done' : 'milestones marked not done');
			}
		}
		tally.other('RAG history entry added', 'RAG history entries added', ragHistory.filter((h) => h.status === 'inserted').length);
		tally.other('RAG history entry removed', 'RAG history entries removed', ragHistory.filter((h) => h.status === 'deleted').length);
	}
	return {
		id: (b ?? a)!.id,
		status: statusOf(a !== undefined, b !== undefined, changed),
		title,
		fields,
		scores,
		total: valueChange(was?.total ?? null, now?.total ?? null),
		rank: valueChange(was?.rank ?? null, now?.rank ?? null),
		rag,
		qippSavingPence,
		milestones,
		ragHistory
	};
}

function milestoneRedline(a: Milestone | undefined, b: Milestone | undefined): MilestoneRedline {
	const title = a === undefined ? whole('inserted', b!.title) : b === undefined ? whole('deleted', a.title) : diffText(a.title, b.title);
	const due = valueChange(a?.due ?? null, b?.due ?? null);
	const done = valueChange(a?.done ?? null, b?.done ?? null);
	return { id: (b ?? a)!.id, status: statusOf(a !== undefined, b !== undefined, differs(title) || due.changed || done.changed), title, due, done };
}

/** The RAG history is a log: entries are matched whole, in order. */
function ragHistoryRedline(before: RagHistoryEntry[], after: RagHistoryEntry[]): PriorityRedline['ragHistory'] {
	const same = (x: RagHistoryEntry, y: RagHistoryEntry) => x.status === y.status && x.on === y.on && x.note === y.note;
	return diffArrays(before, after, { comparator: same }).flatMap((change) =>
		change.value.map((entry) => ({ status: change.added ? ('inserted' as const) : change.removed ? ('deleted' as const) : ('same' as const), entry }))
	);
}

// RACI matrix

/** The redline of two RACI matrices: activities and stakeholders matched by id, each cell's letter before and after. */
export function redlineRaci(before: RaciSnapshot, after: RaciSnapshot): RaciRedline {
	const tally = new Tally();
	const columns = alignById(before.columns, after.columns).map(({ before: a, after: b, moved }): RaciColumnRedline => {
		const name = a === undefined ? whole('inserted', b!.name) : b === undefined ? whole('deleted', a.name) : diffText(a.name, b.name);
		if (a && b) tally.words(name);
		return { id: (b ?? a)!.id, status: statusOf(a !== undefined, b !== undefined, differs(name)), moved, name };
	});
	const rows = alignById(before.rows, after.rows).map(({ before: a, after: b, moved }): RaciRowRedline => {
		const text = (x: string | undefined, y: string | undefined) => (x === undefined ? whole('inserted', y!) : y === undefined ? whole('deleted', x) : diffText(x, y));
		const stage = text(a?.stage, b?.stage);
		const activity = text(a?.activity, b?.activity);
		const cells = columns.map((column): RaciCellRedline => {
			const key = `${(b ?? a)!.id}:${column.id}`;
			const was = a && column.status !== 'inserted' ? (before.cells[key] ?? null) : null;
			const now = b && column.status !== 'deleted' ? (after.cells[key] ?? null) : null;
			return { columnId: column.id, ...valueChange(was, now) };
		});
		// Cells of a stakeholder added or removed belong to that column's difference, not to each activity's.
		const cellsChanged = cells.filter((cell, i) => cell.changed && columns[i]!.status !== 'inserted' && columns[i]!.status !== 'deleted').length;
		if (a && b) {
			tally.words(stage);
			tally.words(activity);
			tally.other('cell changed', 'cells changed', cellsChanged);
		}
		return { id: (b ?? a)!.id, status: statusOf(a !== undefined, b !== undefined, differs(stage) || differs(activity) || cellsChanged > 0), moved, stage, activity, cells };
	});
	tally.other('activity added', 'activities added', rows.filter((r) => r.status === 'inserted').length);
	tally.other('activity removed', 'activities removed', rows.filter((r) => r.status === 'deleted').length);
	tally.other('activity moved', 'activities moved', rows.filter((r) => r.moved).length);
	tally.other('stakeholder added', 'stakeholders added', columns.filter((c) => c.status === 'inserted').length);
	tally.other('stakeholder removed', 'stakeholders removed', columns.filter((c) => c.status === 'deleted').length);
	tally.other('stakeholder moved', 'stakeholders moved', columns.filter((c) => c.moved).length);
	tally.place(rows.filter((r) => r.status !== 'same' || r.moved).length, 'activity', 'activities');
	tally.place(columns.filter((c) => c.status !== 'same' || c.moved).length, 'stakeholder', 'stakeholders');
	return { kind: 'raci', columns, rows, summary: tally.summary() };
}
