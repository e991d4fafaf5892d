import type { DocumentSnapshot, TextBlock } from './documents/snapshots';

/**
 * The words of a co-edited document, as the search indexes them (search_texts, migrations/011_search.sql): one text
 * per part, Part B only for minutes, which keep their confidential business apart. What is written, not how:
 * structure and formatting are dropped, and the layout's fixed labels (section headings) kept as the page shows them.
 */
export interface SearchableText {
	A: string;
	B: string;
}

const lines = (values: (string | undefined | null)[]) =>
	values
		.map((value) => (value ?? '').trim())
		.filter((value) => value !== '')
		.join('\n');

const blockText = (blocks: TextBlock[]) => lines(blocks.map((block) => block.text));

/** Flattens a document's plain data (read from its Yjs state) into the text the search finds it by. */
export function searchableText(snapshot: DocumentSnapshot): SearchableText {
	switch (snapshot.kind) {
		case 'terms-of-reference':
			return {
				A: lines(snapshot.content.sections.flatMap((section) => (section.blocks.length > 0 ? [section.heading, blockText(section.blocks)] : []))),
				B: ''
			};
		case 'priorities':
			return {
				A: lines(
					snapshot.content.priorities.flatMap((p) => [
						p.title,
						p.programme,
						p.services,
						p.why,
						p.category,
						p.lead,
						p.subGroup,
						...p.milestones.map((m) => m.title),
						...p.ragHistory.map((entry) => entry.note)
					])
				),
				B: ''
			};
		case 'raci':
			return {
				A: lines([...snapshot.content.rows.flatMap((row) => [row.stage, row.activity]), ...snapshot.content.columns.map((column) => column.name)]),
				B: ''
			};
		case 'minutes':
			return { A: blockText(snapshot.content.partA), B: blockText(snapshot.content.partB) };
	}
}
