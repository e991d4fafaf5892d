import { error } from '@sveltejs/kit';
import { describeCategory } from '$lib/domain/governance';
import { londonDate } from '$lib/domain/london-time';
import { describeRefusal, type FilterErrors, type FilterValues } from '$lib/domain/register-filter';
import { toCsv, type Column } from '$lib/server/csv';
import * as decision from '$lib/server/decision';
import { DECISION_LINKS, type Audience } from './view';
import { toView } from './view.server';

export type ExportFormat = 'csv' | 'json';

/** The format an export's path names (`export.csv`, `export.json`); anything else is a missing page. */
export function exportFormat(param: string): ExportFormat {
	if (param !== 'csv' && param !== 'json') error(404, 'Page not found');
	return param;
}

/** An export asked for with a filter the page would refuse: 400, saying which parameter and why, and no file. */
export function refuseExport(errors: FilterErrors): never {
	error(400, `The filter was refused: ${describeRefusal(errors)}.`);
}

/** The filter an export answers, as its JSON says it: each field as asked, null when not asked. */
export type ExportedFilter = Record<'body' | 'from' | 'to' | 'state' | 'status', string | null>;

export function exportedFilter(values: FilterValues, bodyId: string | null = null): Partial<ExportedFilter> {
	const given = (key: keyof FilterValues) => (values[key] ? values[key] : null);
	const filter: Partial<ExportedFilter> = { body: bodyId ?? given('body'), from: given('from'), to: given('to') };
	if ('state' in values) filter.state = given('state');
	if ('status' in values) filter.status = given('status');
	return filter;
}

/** A download of open data: an attachment named for what it is and the London day it was made. */
export function attachment(format: ExportFormat, name: string, content: { json: unknown; csv: () => string }): Response {
	const filename = `${name}-${londonDate(new Date())}.${format}`;
	const body = format === 'csv' ? content.csv() : JSON.stringify(content.json, null, 2);
	return new Response(body, {
		headers: {
			'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="${filename}"`
		}
	});
}

/**
 * One decision of the register as open data. The CSV has a column for each field (figures as three); the JSON
 * holds the same fields, typed. Dates are YYYY-MM-DD in London; `decidedAt` is the instant, in UTC (ISO 8601).
 */
export interface DecisionRecord {
	id: string;
	body: { id: string; name: string };
	/** The meeting, dated by the London day it began. */
	meeting: { id: string; title: string; date: string | null } | null;
	item: string;
	/** A (public) or B (confidential): members' exports hold the Part B decisions they may read, the public's none. */
	part: 'A' | 'B';
	motion: string;
	category: string;
	/** The money the motion commits, in pounds with pence: "1250.50". */
	valuePounds: string;
	/** A decision between meetings was taken by written resolution or the chair's urgent action, at no meeting. */
	method: 'vote' | 'consensus' | 'written_resolution' | 'urgent_action';
	/** As the register names it: carried_binding, ratified... */
	state: string;
	stateLabel: string;
	decidedAt: string;
	decidedOn: string;
	/** The explanation the minutes record, a sentence a line. */
	explanation: string[];
	/** The votes cast; null for a decision by consensus. Totals as counted: weighted votes may be fractions. */
	figures: { inFavour: string; against: string; abstain: string } | null;
	ratifyBy: string | null;
	appealBy: string | null;
	/** The decision's page. */
	link: string;
}

/**
 * The register as open data, in JSON: when the file was made, the filter it answers (as the page's query string
 * has it), and the decisions, newest first.
 */
export interface DecisionRegisterExport {
	generated: string;
	filter: Partial<ExportedFilter>;
	decisions: DecisionRecord[];
}

function pounds(pence: string): string {
	const value = BigInt(pence);
	return `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
}

/** The London day each meeting began, for the meetings of `decisions`, from the meetings of their bodies. */
export async function meetingDates(decisions: decision.Decision[], meetingsOf: (bodyId: string) => Promise<{ id: string; startsAt: Date }[]>): Promise<Map<string, string>> {
	const bodies = [...new Set(decisions.map((d) => d.bodyId))];
	const lists = await Promise.all(bodies.map(meetingsOf));
	return new Map(lists.flat().map((m) => [m.id, londonDate(new Date(m.startsAt))]));
}

export function decisionRecord(d: decision.Decision, options: { origin: string; audience: Audience; meetingDates: Map<string, string> }): DecisionRecord {
	const votes = toView(d).votes;
	const decidedAt = new Date(d.decidedAt);
	return {
		id: d.id,
		body: { id: d.bodyId, name: d.bodyName },
		meeting: d.meetingId ? { id: d.meetingId, title: d.meetingTitle, date: options.meetingDates.get(d.meetingId) ?? null } : null,
		item: d.itemTitle,
		part: d.part,
		motion: d.motionText,
		category: describeCategory(d.category),
		valuePounds: pounds(d.valuePence),
		method: d.method,
		state: d.state,
		stateLabel: decision.STATE_LABELS[d.state],
		decidedAt: decidedAt.toISOString(),
		decidedOn: londonDate(decidedAt),
		explanation: d.explanation,
		figures: votes ? { inFavour: votes.inFavour, against: votes.against, abstain: votes.abstain } : null,
		ratifyBy: d.ratifyBy,
		appealBy: d.appealBy,
		link: options.origin + DECISION_LINKS[options.audience].decision(d.id)
	};
}

export const DECISION_COLUMNS: readonly Column<DecisionRecord>[] = [
	{ header: 'ID', cell: (r) => r.id },
	{ header: 'Body', cell: (r) => r.body.name },
	{ header: 'Meeting', cell: (r) => r.meeting?.title ?? 'Between meetings' },
	{ header: 'Meeting date', cell: (r) => r.meeting?.date ?? null },
	{ header: 'Item', cell: (r) => r.item },
	{ header: 'Part', cell: (r) => (r.part === 'B' ? 'B (confidential)' : 'A') },
	{ header: 'Motion', cell: (r) => r.motion },
	{ header: 'Category', cell: (r) => r.category },
	{ header: 'Value (£)', cell: (r) => r.valuePounds },
	{ header: 'Method', cell: (r) => r.method },
	{ header: 'State', cell: (r) => r.stateLabel },
	{ header: 'Decided at (UTC)', cell: (r) => r.decidedAt },
	{ header: 'Decided on (London)', cell: (r) => r.decidedOn },
	{ header: 'Explanation', cell: (r) => r.explanation.join('\n') },
	{ header: 'Votes for', cell: (r) => r.figures?.inFavour ?? null },
	{ header: 'Votes against', cell: (r) => r.figures?.against ?? null },
	{ header: 'Abstentions', cell: (r) => r.figures?.abstain ?? null },
	{ header: 'Ratify by', cell: (r) => r.ratifyBy },
	{ header: 'Appeal by', cell: (r) => r.appealBy },
	{ header: 'Link', cell: (r) => r.link }
];

/** The register as a download: `audience` says whose links it carries and which meetings list dates it. */
export function registerExport(
	format: ExportFormat,
	decisions: decision.Decision[],
	options: { origin: string; audience: Audience; meetingDates: Map<string, string>; filter: Partial<ExportedFilter> }
): Response {
	const records = decisions.map((d) => decisionRecord(d, options));
	const json: DecisionRegisterExport = { generated: new Date().toISOString(), filter: options.filter, decisions: records };
	return attachment(format, options.audience === 'public' ? 'public-decision-register' : 'decision-register', { json, csv: () => toCsv(DECISION_COLUMNS, records) });
}
