import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { atomFeed } from './atom';
import type { Decision } from './decision';
import type { PublishedPaper } from './publication';

/** Written with `feed`, read back with fast-xml-parser: another library, as a feed reader would. */

const origin = 'https://portal.example';
const body = { id: 'b0000000-0000-4000-8000-000000000000', name: 'North West Oversight Group' };

const decision = (over: Partial<Decision>): Decision => ({
	id: 'd0000000-0000-4000-8000-000000000001',
	motionId: 'm1',
	motionText: 'That the plan be agreed.',
	category: 'procedural',
	valuePence: '0',
	bodyId: body.id,
	bodyName: body.name,
	meetingId: 'e0000000-0000-4000-8000-000000000000',
	meetingTitle: 'June meeting',
	takenAt: '/meetings/e0000000-0000-4000-8000-000000000000',
	agendaItemId: 'a1',
	itemTitle: 'Cardiac surgery',
	part: 'A',
	method: 'vote',
	state: 'recommendation',
	recommendationToBodyId: null,
	recommendationToName: null,
	ratifyingOrganisations: [],
	ratifyBy: null,
	appealBy: null,
	figures: {},
	explanation: ['Carried by 5 votes to 2.', 'No delegated authority: a recommendation to the parent body.'],
	decidedAt: new Date('2026-06-09T14:30:00Z'),
	events: [],
	path: [],
	takenUpBy: [],
	...over
});

const paper: PublishedPaper = {
	id: 'p0000000-0000-4000-8000-000000000000',
	filename: 'Options appraisal.pdf',
	meetingId: 'e0000000-0000-4000-8000-000000000000',
	meetingTitle: 'June meeting',
	itemTitle: 'Cardiac surgery',
	createdAt: new Date('2026-06-01T09:00:00Z')
};

type Entry = { id: string; title: { '#text': string }; updated: string; link: { href: string }; content: { '#text': string } };
const parse = (xml: string) =>
	new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'entry' }).parse(xml) as {
		feed: { id: string; title: string; updated: string; entry?: Entry[] };
	};

describe('a body’s Atom feed', () => {
	it('lists decisions and papers, newest change first, with their links, outcome and explanation', () => {
		const ratified = decision({ id: 'd0000000-0000-4000-8000-000000000002', decidedAt: new Date('2026-05-01T10:00:00Z'), state: 'ratified', events: [{ kind: 'ratified', organisationName: 'A CCG', note: '', at: '2026-06-20T10:00:00Z' as unknown as Date }] });
		const xml = atomFeed(body, [decision({}), ratified], [paper], { origin });
		expect(XMLValidator.validate(xml)).toBe(true);
		const { feed } = parse(xml);
		expect(feed.id).toBe(`${origin}/public/bodies/${body.id}`);
		expect(feed.updated).toBe('2026-06-20T10:00:00.000Z');
		expect(feed.entry!.map((e) => e.link.href)).toEqual([`${origin}/public/decisions/${ratified.id}`, `${origin}/public/decisions/d0000000-0000-4000-8000-000000000001`, `${origin}/public/papers/${paper.id}`]);
		const [, recommended] = feed.entry!;
		expect(recommended!.title['#text']).toBe('Decision on Cardiac surgery: Recommendation to the parent body');
		expect(recommended!.content['#text']).toContain('<p>That the plan be agreed.</p>');
		expect(recommended!.content['#text']).toContain('<li>No delegated authority: a recommendation to the parent body.</li>');
	});

	it('keeps markup, CDATA ends and control characters in a motion from breaking the feed', () => {
		const xml = atomFeed(body, [decision({ motionText: 'Fund <script>alert(1)</script> & ]]> more\u0001', itemTitle: 'A & B <c>' })], [], { origin });
		expect(XMLValidator.validate(xml)).toBe(true);
		const entry = parse(xml).feed.entry![0]!;
		expect(entry.title['#text']).toBe('Decision on A &amp; B &lt;c&gt;: Recommendation to the parent body');
		expect(entry.content['#text']).toContain('Fund &lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt; more');
		expect(entry.content['#text']).not.toContain('<script>');
	});

	it('is a valid feed with no entries yet', () => {
		const now = new Date('2026-01-01T00:00:00Z');
		const xml = atomFeed(body, [], [], { origin, now });
		expect(XMLValidator.validate(xml)).toBe(true);
		expect(parse(xml).feed).toMatchObject({ updated: '2026-01-01T00:00:00.000Z', title: 'North West Oversight Group: decisions and papers' });
	});
});
