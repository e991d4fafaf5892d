import * as Y from 'yjs';
import { newId } from '$lib/components/documents/ids';
import { PRIORITIES_ARRAY, type CriterionKey, type RagStatus } from '$lib/domain/documents/layout';
import type { RagHistoryEntry } from '$lib/domain/documents/snapshots';

/**
 * Writing the priorities plan in its Yjs layout (layout.ts): the Y.Array `priorities` of Y.Map. Every write is one
 * transaction, so the others get each change whole. Reading is $lib/documents/snapshot's, shared with versions.
 */

export type PriorityMap = Y.Map<unknown>;

/**
 * The free-text fields of a priority: each a Y.Text, bound to its input ($lib/components/documents/shared-text), so
 * two people typing in one field merge character by character. (Plans written before this hold plain strings
 * there; a field becomes a Y.Text on its first edit.)
 */
export const SHARED_TEXT_FIELDS = ['title', 'services', 'why', 'lead', 'subGroup'] as const;
export type PrioritySharedField = (typeof SHARED_TEXT_FIELDS)[number];

/** The fields chosen from a list or read as a whole value, where the last choice made is the one that stands. */
export type PriorityTextField = 'programme' | 'category' | 'qippSavingPence';

export const prioritiesOf = (doc: Y.Doc) => doc.getArray<PriorityMap>(PRIORITIES_ARRAY);

/** A priority's Y.Map, for binding its fields; null once it has been removed. */
export function find(doc: Y.Doc, id: string): PriorityMap | null {
	for (const map of prioritiesOf(doc)) if (map instanceof Y.Map && map.get('id') === id) return map;
	return null;
}

/** Adds a priority at the end of the plan; its id. */
export function addPriority(doc: Y.Doc, title: string): string {
	const id = newId();
	doc.transact(() => {
		const map = new Y.Map<unknown>();
		map.set('id', id);
		for (const field of ['programme', 'category', 'qippSavingPence'] as const) map.set(field, '');
		for (const field of SHARED_TEXT_FIELDS) map.set(field, new Y.Text(field === 'title' ? title : ''));
		map.set('scores', new Y.Map<number>());
		map.set('ragHistory', new Y.Array<RagHistoryEntry>());
		map.set('milestones', new Y.Array<Y.Map<unknown>>());
		prioritiesOf(doc).push([map]);
	});
	return id;
}

/** Removes a priority (every copy of it, should two people have added the same one). */
export function removePriority(doc: Y.Doc, id: string): void {
	doc.transact(() => {
		const list = prioritiesOf(doc);
		for (let i = list.length - 1; i >= 0; i--) if (list.get(i)?.get('id') === id) list.delete(i, 1);
	});
}

export function setText(doc: Y.Doc, id: string, field: PriorityTextField, value: string): void {
	doc.transact(() => {
		const map = find(doc, id);
		if (map && map.get(field) !== value) map.set(field, value);
	});
}

/** A criterion's score, 0–3, or null to clear it. */
export function setScore(doc: Y.Doc, id: string, criterion: CriterionKey, score: number | null): void {
	doc.transact(() => {
		const map = find(doc, id);
		if (!map) return;
		let scores = map.get('scores');
		if (!(scores instanceof Y.Map)) {
			scores = new Y.Map<number>();
			map.set('scores', scores);
		}
		if (score === null) (scores as Y.Map<number>).delete(criterion);
		else (scores as Y.Map<number>).set(criterion, score);
	});
}

/** Sets the RAG status and records the change in its history, with the date and why. */
export function changeRag(doc: Y.Doc, id: string, status: RagStatus, note: string, on: string): void {
	doc.transact(() => {
		const map = find(doc, id);
		if (!map) return;
		let history = map.get('ragHistory');
		if (!(history instanceof Y.Array)) {
			history = new Y.Array<RagHistoryEntry>();
			map.set('ragHistory', history);
		}
		map.set('rag', status);
		(history as Y.Array<RagHistoryEntry>).push([{ status, on, note }]);
	});
}

function milestonesOf(map: PriorityMap): Y.Array<Y.Map<unknown>> {
	let list = map.get('milestones');
	if (!(list instanceof Y.Array)) {
		list = new Y.Array<Y.Map<unknown>>();
		map.set('milestones', list);
	}
	return list as Y.Array<Y.Map<unknown>>;
}

export function addMilestone(doc: Y.Doc, id: string, title: string, due: string): void {
	doc.transact(() => {
		const map = find(doc, id);
		if (!map) return;
		const milestone = new Y.Map<unknown>();
		milestone.set('id', newId());
		milestone.set('title', new Y.Text(title));
		milestone.set('due', due);
		milestone.set('done', false);
		milestonesOf(map).push([milestone]);
	});
}

/** A milestone's Y.Map, for binding its title (a Y.Text, like the priority's own text fields). */
export function findMilestone(doc: Y.Doc, id: string, milestoneId: string): Y.Map<unknown> | null {
	const map = find(doc, id);
	if (!map) return null;
	for (const milestone of milestonesOf(map)) if (milestone instanceof Y.Map && milestone.get('id') === milestoneId) return milestone;
	return null;
}

export function setMilestone(doc: Y.Doc, id: string, milestoneId: string, field: 'due' | 'done', value: string | boolean): void {
	doc.transact(() => {
		const map = find(doc, id);
		if (!map) return;
		for (const milestone of milestonesOf(map)) {
			if (milestone instanceof Y.Map && milestone.get('id') === milestoneId && milestone.get(field) !== value) milestone.set(field, value);
		}
	});
}

export function removeMilestone(doc: Y.Doc, id: string, milestoneId: string): void {
	doc.transact(() => {
		const map = find(doc, id);
		if (!map) return;
		const list = milestonesOf(map);
		for (let i = list.length - 1; i >= 0; i--) if (list.get(i)?.get('id') === milestoneId) list.delete(i, 1);
	});
}
