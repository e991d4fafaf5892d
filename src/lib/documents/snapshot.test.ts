import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_RACI_ACTIVITIES, DEFAULT_RACI_STAKEHOLDERS, TERMS_OF_REFERENCE_SECTIONS } from '$lib/domain/documents/layout';
import { restoreInto, restoreUpdate } from './restore';
import { initialiseRaci, readPriorities, readRaci, readSnapshot, readTermsOfReference } from './snapshot';

/** An element as y-prosemirror writes one: node name, attributes, children. */
function element(name: string, children: (Y.XmlElement | Y.XmlText)[] = [], attributes: Record<string, unknown> = {}): Y.XmlElement {
	const node = new Y.XmlElement(name);
	for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value as string);
	node.insert(0, children);
	return node;
}

/** Text with marks as formatting attributes, as y-prosemirror writes them. */
function text(...runs: [string, Record<string, unknown>?][]): Y.XmlText {
	const node = new Y.XmlText();
	node.applyDelta(runs.map(([insert, attributes]) => (attributes ? { insert, attributes } : { insert })));
	return node;
}

const paragraph = (...runs: [string, Record<string, unknown>?][]) => element('paragraph', [text(...runs)]);
const item = (...children: Y.XmlElement[]) => element('listItem', children);

describe('reading the terms of reference', () => {
	it('reads every section in the layout order, with headings, paragraphs and nested lists, bold and italic kept as runs', () => {
		const doc = new Y.Doc();
		doc.getXmlFragment('section:quorum').insert(0, [
			element('heading', [text(['Quorum'])], { level: 3 }),
			paragraph(['The group is quorate when ', {}], ['half', { bold: {} }], [' its voting members are present.']),
			element('bulletList', [
				item(paragraph(['the chair or vice-chair']), element('bulletList', [item(paragraph(['acting as chair']))])),
				item(paragraph(['one NHS England member']))
			]),
			element('orderedList', [item(paragraph(['first'])), item(paragraph(['second']))]),
			element('paragraph', [text(['line one']), element('hardBreak'), text(['line two'])])
		]);
		doc.getText('rules').insert(0, '{"schemaVersion":1}');

		const read = readTermsOfReference(doc);
		expect(read.sections.map((s) => s.key)).toEqual(TERMS_OF_REFERENCE_SECTIONS.map((s) => s.key));
		expect(read.sections.find((s) => s.key === 'purpose')).toEqual({ key: 'purpose', heading: 'Purpose and functions', blocks: [] });
		expect(read.sections.find((s) => s.key === 'quorum')!.blocks).toEqual([
			{ type: 'heading', text: 'Quorum', level: 3 },
			{
				type: 'paragraph',
				text: 'The group is quorate when half its voting members are present.',
				runs: [{ text: 'The group is quorate when ' }, { text: 'half', bold: true }, { text: ' its voting members are present.' }]
			},
			{ type: 'bullet', text: 'the chair or vice-chair', level: 1 },
			{ type: 'bullet', text: 'acting as chair', level: 2 },
			{ type: 'bullet', text: 'one NHS England member', level: 1 },
			{ type: 'ordered', text: 'first', level: 1 },
			{ type: 'ordered', text: 'second', level: 1 },
			{ type: 'paragraph', text: 'line one\nline two' }
		]);
		expect(read.rulesText).toBe('{"schemaVersion":1}');
	});

	it('reads what the Tiptap StarterKit schema writes through the y-prosemirror binding', () => {
		const schema = getSchema([StarterKit]);
		const doc = new Y.Doc();
		prosemirrorJSONToYXmlFragment(
			schema,
			{
				type: 'doc',
				content: [
					{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Voting' }] },
					{ type: 'paragraph', content: [{ type: 'text', text: 'Decisions by ' }, { type: 'text', marks: [{ type: 'italic' }], text: 'consensus' }, { type: 'text', text: ' first.' }] },
					{ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one vote per CCG' }] }] }] },
					{ type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Carter App. 7' }] }] }
				]
			},
			doc.getXmlFragment('section:decision_making')
		);
		expect(readTermsOfReference(doc).sections.find((s) => s.key === 'decision_making')!.blocks).toEqual([
			{ type: 'heading', text: 'Voting', level: 2 },
			{ type: 'paragraph', text: 'Decisions by consensus first.', runs: [{ text: 'Decisions by ' }, { text: 'consensus', italic: true }, { text: ' first.' }] },
			{ type: 'bullet', text: 'one vote per CCG', level: 1 },
			{ type: 'paragraph', text: 'Carter App. 7' }
		]);
	});
});

function priority(fields: Record<string, unknown>, scores: Record<string, unknown> = {}, milestones: Record<string, unknown>[] = []): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(fields)) map.set(key, value);
	const scoreMap = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(scores)) scoreMap.set(key, value);
	map.set('scores', scoreMap);
	const history = new Y.Array<unknown>();
	history.push([{ status: 'amber', on: '2015-05-01', note: 'slipping' }, { status: 'purple', on: 'x', note: '' }]);
	map.set('ragHistory', history);
	const list = new Y.Array<Y.Map<unknown>>();
	list.push(
		milestones.map((m) => {
			const entry = new Y.Map<unknown>();
			for (const [key, value] of Object.entries(m)) entry.set(key, value);
			return entry;
		})
	);
	map.set('milestones', list);
	return map;
}

describe('reading the priorities plan', () => {
	it('reads each priority per the layout, ignoring bad scores and statuses and repeated ids', () => {
		const doc = new Y.Doc();
		doc.getArray('priorities').push([
			priority(
				{ id: 'p1', title: 'Cardiac surgery', programme: 'Internal Medicine', services: 'Adult cardiac surgery', why: 'Outcomes', category: 'Service review', lead: 'Dr A', subGroup: 'Cardiac', qippSavingPence: '0250000', rag: 'amber' },
				{ vulnerability: 3, inequity: '2', high_risk: 7, unknown: 1 },
				[{ id: 'm1', title: 'Options appraisal', due: '2015-09-30', done: true }]
			),
			priority({ id: 'p1', title: 'Duplicate' }),
			priority({ id: 'p2', title: 'Specialised mental health', rag: 'blue' })
		]);
		const { priorities } = readPriorities(doc);
		expect(priorities).toHaveLength(2);
		expect(priorities[0]).toEqual({
			id: 'p1',
			title: 'Cardiac surgery',
			programme: 'Internal Medicine',
			services: 'Adult cardiac surgery',
			why: 'Outcomes',
			scores: { vulnerability: 3, inequity: 2 },
			category: 'Service review',
			lead: 'Dr A',
			subGroup: 'Cardiac',
			qippSavingPence: '250000',
			rag: 'amber',
			ragHistory: [{ status: 'amber', on: '2015-05-01', note: 'slipping' }],
			milestones: [{ id: 'm1', title: 'Options appraisal', due: '2015-09-30', done: true }]
		});
		expect(priorities[1]).toMatchObject({ id: 'p2', title: 'Specialised mental health', rag: null, scores: {}, qippSavingPence: '' });
	});
});

describe('the RACI matrix', () => {
	it('fills the default rows and columns into an empty matrix, once', () => {
		const doc = new Y.Doc();
		expect(initialiseRaci(doc)).toBe(true);
		expect(initialiseRaci(doc)).toBe(false);
		const matrix = readRaci(doc);
		expect(matrix.rows.map((r) => r.activity)).toEqual(DEFAULT_RACI_ACTIVITIES.map((a) => a.activity));
		expect(matrix.rows[0]).toEqual({ id: 'activity-needs-assessment', stage: 'Planning', activity: 'Needs assessment' });
		expect(matrix.columns.map((c) => c.name)).toEqual([...DEFAULT_RACI_STAKEHOLDERS]);
		expect(matrix.columns.find((c) => c.name === 'CRGs / programmes of care')!.id).toBe('stakeholder-crgs-programmes-of-care');
	});

	it('gives two people who open a new matrix at the same time one set of rows, not two', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		initialiseRaci(a);
		initialiseRaci(b);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(a.getArray('rows').length).toBe(DEFAULT_RACI_ACTIVITIES.length);
		expect(a.getArray('columns').length).toBe(DEFAULT_RACI_STAKEHOLDERS.length);
		expect(readRaci(a)).toEqual(readRaci(b));
	});

	it('fills fresh rows when every row was deleted after the defaults were added', () => {
		const doc = new Y.Doc();
		initialiseRaci(doc);
		doc.getArray('rows').delete(0, doc.getArray('rows').length);
		expect(initialiseRaci(doc)).toBe(true);
		expect(readRaci(doc).rows).toHaveLength(DEFAULT_RACI_ACTIVITIES.length);
		expect(readRaci(doc).columns).toHaveLength(DEFAULT_RACI_STAKEHOLDERS.length);
	});

	it('leaves out cells of rows or columns that are gone and values that are not R, A, C or I', () => {
		const doc = new Y.Doc();
		initialiseRaci(doc);
		const cells = doc.getMap('cells');
		cells.set('activity-needs-assessment:stakeholder-ccgs', 'R');
		cells.set('activity-needs-assessment:stakeholder-oversight-group', 'A');
		cells.set('activity-needs-assessment:nobody', 'R');
		cells.set('activity-priority-setting:stakeholder-ccgs', 'X');
		expect(readRaci(doc).cells).toEqual({
			'activity-needs-assessment:stakeholder-oversight-group': 'A',
			'activity-needs-assessment:stakeholder-ccgs': 'R'
		});
	});
});

describe('restoring a version into the current document', () => {
	it('makes the current terms of reference read as the version, as one update, keeping what is not in the layout', () => {
		const version = new Y.Doc();
		version.getXmlFragment('section:purpose').insert(0, [paragraph(['To oversee ', {}], ['specialised', { bold: {} }], [' commissioning.'])]);
		version.getText('rules').insert(0, '{"a":1}');
		const current = new Y.Doc();
		Y.applyUpdate(current, Y.encodeStateAsUpdate(version));
		current.getXmlFragment('section:purpose').insert(1, [paragraph(['A later paragraph.'])]);
		current.getXmlFragment('section:quorum').insert(0, [paragraph(['Half.'])]);
		current.getText('rules').insert(7, ',"b":2');
		current.getMap('comments').set('c1', 'keep me');

		const update = restoreUpdate(current, version, 'terms-of-reference');
		expect(update).not.toBeNull();
		// Another replica of the current document that receives only the update ends up with the version's content.
		const elsewhere = new Y.Doc();
		Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(current));
		expect(readTermsOfReference(current)).toEqual(readTermsOfReference(version));
		expect(current.getXmlFragment('section:purpose').toString()).toBe(version.getXmlFragment('section:purpose').toString());
		expect(current.getMap('comments').get('c1')).toBe('keep me');
		expect(restoreUpdate(current, version, 'terms-of-reference')).toBeNull();
	});

	it('restores a RACI matrix and a priorities plan', () => {
		const version = new Y.Doc();
		initialiseRaci(version);
		version.getMap('cells').set('activity-needs-assessment:stakeholder-ccgs', 'C');
		const current = new Y.Doc();
		Y.applyUpdate(current, Y.encodeStateAsUpdate(version));
		current.getMap('cells').set('activity-needs-assessment:stakeholder-ccgs', 'R');
		current.getMap('cells').set('activity-procurement:stakeholder-providers', 'I');
		current.getArray<Y.Map<unknown>>('columns').delete(0, 1);
		restoreInto(current, version, 'raci');
		expect(readRaci(current)).toEqual(readRaci(version));

		const plan = new Y.Doc();
		plan.getArray('priorities').push([priority({ id: 'p1', title: 'Cardiac' }, { inequity: 2 })]);
		const now = new Y.Doc();
		Y.applyUpdate(now, Y.encodeStateAsUpdate(plan));
		(now.getArray<Y.Map<unknown>>('priorities').get(0).get('scores') as Y.Map<unknown>).set('inequity', 3);
		now.getArray('priorities').push([priority({ id: 'p2', title: 'Renal' })]);
		restoreInto(now, plan, 'priorities');
		expect(readSnapshot('priorities', now)).toEqual(readSnapshot('priorities', plan));
	});
});
