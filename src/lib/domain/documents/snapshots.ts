import type { CriterionKey, RagStatus, SectionKey } from './layout';
import type { RaciSnapshot } from './raci';

/**
 * The three co-edited documents as plain data, read from their Yjs documents (src/lib/documents/snapshot.ts):
 * what versions are shown, compared and exported as. Pure types, so domain code can use them without Yjs.
 */

/** A stretch of a block's text in one formatting; marks other than bold and italic (links, strike...) are dropped. */
export interface MarkedText {
	text: string;
	bold?: boolean;
	italic?: boolean;
}

/** A block of a section's rich text: the words, and where any of them are bold or italic. */
export interface TextBlock {
	type: 'heading' | 'paragraph' | 'bullet' | 'ordered';
	/** All of the block's words, marks dropped: the `runs` joined, when there are runs. */
	text: string;
	/** A heading's level (1–6); a list item's depth (1 for the outer list, 2 for a list inside it...). */
	level?: number;
	/** The text in stretches of one formatting; present only when some of it is bold or italic. */
	runs?: MarkedText[];
}

export interface TermsOfReferenceSection {
	key: SectionKey;
	heading: string;
	blocks: TextBlock[];
}

export interface TermsOfReferenceSnapshot {
	/** Every section of the layout, in its order, empty ones included. */
	sections: TermsOfReferenceSection[];
	/** The structured rules as typed: JSON text, valid or not. */
	rulesText: string;
}

export interface Milestone {
	id: string;
	title: string;
	/** YYYY-MM-DD, or '' when not set. */
	due: string;
	done: boolean;
}

export interface RagHistoryEntry {
	status: RagStatus;
	/** YYYY-MM-DD */
	on: string;
	note: string;
}

export interface PrioritySnapshot {
	id: string;
	title: string;
	programme: string;
	services: string;
	why: string;
	/** Each criterion scored 0–3; a criterion not scored (or scored with something else) is absent. */
	scores: Partial<Record<CriterionKey, number>>;
	category: string;
	lead: string;
	subGroup: string;
	/** The QIPP savings target in whole pence, as digits; '' when not set. */
	qippSavingPence: string;
	rag: RagStatus | null;
	ragHistory: RagHistoryEntry[];
	milestones: Milestone[];
}

export interface PrioritiesSnapshot {
	priorities: PrioritySnapshot[];
}

export type { RaciSnapshot };

/** The minutes of a meeting: what is published (Part A), and the confidential business kept apart (Part B). */
export interface MinutesSnapshot {
	partA: TextBlock[];
	partB: TextBlock[];
}

/** Any of the documents, tagged with the kind of document (the kind in its name: $lib/domain/documents/document-name.ts). */
export type DocumentSnapshot =
	| { kind: 'terms-of-reference'; content: TermsOfReferenceSnapshot }
	| { kind: 'priorities'; content: PrioritiesSnapshot }
	| { kind: 'raci'; content: RaciSnapshot }
	| { kind: 'minutes'; content: MinutesSnapshot };
