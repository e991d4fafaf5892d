/**
 * A body's rules of procedure as a form holds them: every field of the rules schema as text, choices and ticks, in
 * pounds and plain fractions ("1/2", "75%"), so nobody writes JSON. `fieldsFromRules` fills the form from rules;
 * `rulesFromFields` reads it back, each problem keyed by the field it belongs to and naming it in words. Pure: the
 * rules page posts the same fields the browser checks as people type.
 */

import { ORGANISATION_KINDS, MEMBER_ROLES, parseRules, type Comparison, type GovernanceRules, type GovernanceRulesInput, type MemberRole, type OrganisationKind, type Threshold } from './governance/rules';
import { penceToPounds, poundsToPence } from './money';

export type ThresholdBase = 'votes_cast' | 'members_present' | 'eligible_votes' | 'organisations_in_favour';
export const THRESHOLD_BASES: readonly ThresholdBase[] = ['votes_cast', 'members_present', 'eligible_votes', 'organisations_in_favour'];

export interface RoleRequirementFields {
	anyOf: string[];
	minimum: string;
}
export interface KindRequirementFields {
	kind: string;
	minimum: string;
}
export interface ThresholdFields {
	of: string;
	comparison: string;
	fraction: string;
	/** For "at least N organisations in favour". */
	minimum: string;
}

/** Every field of the rules as the form holds it. Empty text is "not set". */
export interface RulesFields {
	quorumMinimumCount: string;
	quorumFraction: string;
	quorumFractionComparison: string;
	requiredRoles: RoleRequirementFields[];
	requiredKinds: KindRequirementFields[];
	requiredClinicians: string;
	deputiesCount: boolean;
	remoteAttendanceCounts: boolean;
	votingBasis: string;
	thresholds: ThresholdFields[];
	castingVote: string;
	ppvRepresentativesVote: boolean;
	mandatesRequired: boolean;
	secretBallotsAllowed: boolean;
	papersDays: string;
	bindingFinancialDecisionDays: string;
	/** How notice is counted: "calendar" or "clear" days. */
	noticeCounting: string;
	noticeExcludeWeekends: boolean;
	noticeExcludeBankHolidays: boolean;
	ratificationPeriodDays: string;
	appealPeriodDays: string;
	arbitrationAbovePounds: string;
	/** Written resolutions between meetings. */
	writtenAllowed: boolean;
	/** Decision categories, separated by commas: "service_review, contract_variation". */
	writtenCategories: string;
	writtenProcedural: boolean;
	writtenLimitPounds: string;
	writtenResponseCount: string;
	writtenResponseFraction: string;
	writtenResponseFractionComparison: string;
	/** Tests of its own; none means the meeting's. */
	writtenThresholds: ThresholdFields[];
	/** The chair's urgent action between meetings. */
	urgentAllowed: boolean;
	urgentCategories: string;
	urgentProcedural: boolean;
	urgentLimitPounds: string;
	urgentMinimumConsulted: string;
	urgentRatificationDays: string;
}

/** What each field is called on the form: the start of every problem with it. */
export const FIELD_LABELS = {
	quorumMinimumCount: 'Quorum, minimum number of voting members present',
	quorumFraction: 'Quorum, fraction of the voting membership',
	requiredRoles: 'Quorum, roles that must be present',
	requiredKinds: 'Quorum, organisations that must be represented',
	requiredClinicians: 'Quorum, clinicians who must be present',
	votingBasis: 'Votes',
	thresholds: 'Carried when',
	castingVote: 'Casting vote',
	secretBallotsAllowed: 'Secret ballots',
	papersDays: 'Agenda and papers, days before the meeting',
	bindingFinancialDecisionDays: 'Notice of a binding financial decision, days',
	noticeCounting: 'Notice is counted in',
	ratificationPeriodDays: 'Ratification period, days',
	appealPeriodDays: 'Appeal period, days',
	arbitrationAbovePounds: 'Arbitration above',
	writtenAllowed: 'Written resolutions',
	writtenCategories: 'Written resolutions, decision categories',
	writtenLimitPounds: 'Written resolutions, most one decision may commit',
	writtenResponseCount: 'Written resolutions, minimum number of votes returned',
	writtenResponseFraction: 'Written resolutions, fraction of eligible votes returned',
	writtenThresholds: 'Written resolutions, carried when',
	urgentAllowed: "Chair's urgent action",
	urgentCategories: "Chair's urgent action, decision categories",
	urgentLimitPounds: "Chair's urgent action, most one decision may commit",
	urgentMinimumConsulted: "Chair's urgent action, members to consult",
	urgentRatificationDays: "Chair's urgent action, ratification period, days"
} as const;

/** The id of a field's input on the page: "thresholds[1].fraction" → "rules-thresholds-1--fraction". */
export const fieldId = (prefix: string, key: string) => `${prefix}-${key.replace(/[[\].]/g, '-')}`;

export const blankRole = (): RoleRequirementFields => ({ anyOf: [], minimum: '1' });
export const blankKind = (): KindRequirementFields => ({ kind: '', minimum: '1' });
export const blankThreshold = (): ThresholdFields => ({ of: 'votes_cast', comparison: 'more_than', fraction: '', minimum: '' });

/** The rows of each list the form reads back: more than any body's rules need, few enough that a post stays small. */
export const MAX_ROWS = 50;

/** The lists of the form that grow and shrink a row at a time. */
export const ROW_LISTS = ['requiredRoles', 'requiredKinds', 'thresholds', 'writtenThresholds'] as const;
export type RowList = (typeof ROW_LISTS)[number];
const BLANK_ROWS = { requiredRoles: blankRole, requiredKinds: blankKind, thresholds: blankThreshold, writtenThresholds: blankThreshold } as const;

/** What an add or remove button posts without JavaScript: "add:thresholds", "remove:requiredRoles:0". */
export const rowAct = (act: 'add' | 'remove', list: RowList, index?: number) => (act === 'add' ? `add:${list}` : `remove:${list}:${index}`);

/**
 * The fields with a row added or removed, as an add or remove button asked (`rowAct`), or null when `act` is
 * nothing a button posts. The fields given are not changed.
 */
export function applyRowAct(fields: RulesFields, act: string): RulesFields | null {
	const match = /^(add|remove):(\w+)(?::(\d+))?$/.exec(act);
	if (!match) return null;
	const [, verb, name, index] = match;
	const list = ROW_LISTS.find((l) => l === name);
	if (!list) return null;
	const next = structuredClone(fields);
	const rows = next[list] as unknown[];
	if (verb === 'add') {
		if (index !== undefined || rows.length >= MAX_ROWS) return null;
		rows.push(BLANK_ROWS[list]());
		return next;
	}
	if (index === undefined || Number(index) >= rows.length) return null;
	rows.splice(Number(index), 1);
	return next;
}

/** An empty form: what "start from nothing" gives, with the schema's defaults ticked. */
export function blankFields(): RulesFields {
	return {
		quorumMinimumCount: '',
		quorumFraction: '',
		quorumFractionComparison: 'at_least',
		requiredRoles: [],
		requiredKinds: [],
		requiredClinicians: '',
		deputiesCount: true,
		remoteAttendanceCounts: true,
		votingBasis: 'per_member',
		thresholds: [blankThreshold()],
		castingVote: 'none',
		ppvRepresentativesVote: false,
		mandatesRequired: false,
		secretBallotsAllowed: false,
		papersDays: '',
		bindingFinancialDecisionDays: '',
		noticeCounting: 'calendar',
		noticeExcludeWeekends: false,
		noticeExcludeBankHolidays: false,
		ratificationPeriodDays: '',
		appealPeriodDays: '',
		arbitrationAbovePounds: '',
		writtenAllowed: false,
		writtenCategories: '',
		writtenProcedural: false,
		writtenLimitPounds: '',
		writtenResponseCount: '',
		writtenResponseFraction: '',
		writtenResponseFractionComparison: 'at_least',
		writtenThresholds: [],
		urgentAllowed: false,
		urgentCategories: '',
		urgentProcedural: false,
		urgentLimitPounds: '',
		urgentMinimumConsulted: '',
		urgentRatificationDays: ''
	};
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));
const pounds = (pence: number | undefined) => (pence === undefined ? '' : penceToPounds(String(pence)));
const thresholdFields = (t: Threshold): ThresholdFields =>
	t.of === 'organisations_in_favour'
		? { of: t.of, comparison: 'at_least', fraction: '', minimum: String(t.minimum) }
		: { of: t.of, comparison: t.comparison, fraction: t.fraction, minimum: '' };

/** The form filled from rules, as written or as parsed (anything `parseRules` accepts). */
export function fieldsFromRules(input: unknown): RulesFields {
	const parsed = parseRules(input);
	if (!parsed.ok) throw new Error(`fieldsFromRules was given rules that do not parse: ${parsed.problems.join('; ')}`);
	const rules = parsed.rules;
	const { quorum, voting, notice } = rules;
	const written = rules.writtenResolutions;
	const urgent = rules.urgentAction;
	return {
		quorumMinimumCount: text(quorum.minimumCount),
		quorumFraction: quorum.minimumFraction?.fraction ?? '',
		quorumFractionComparison: quorum.minimumFraction?.comparison ?? 'at_least',
		requiredRoles: quorum.requiredRoles.map((r) => ({ anyOf: [...r.anyOf], minimum: String(r.minimum) })),
		requiredKinds: quorum.requiredOrganisationKinds.map((k) => ({ kind: k.kind, minimum: String(k.minimum) })),
		requiredClinicians: text(quorum.requiredClinicians),
		deputiesCount: quorum.deputiesCount,
		remoteAttendanceCounts: quorum.remoteAttendanceCounts,
		votingBasis: voting.basis,
		thresholds: voting.thresholds.map(thresholdFields),
		castingVote: voting.castingVote,
		ppvRepresentativesVote: voting.ppvRepresentativesVote,
		mandatesRequired: voting.mandatesRequired,
		secretBallotsAllowed: voting.secretBallotsAllowed,
		papersDays: text(notice.papersDays),
		bindingFinancialDecisionDays: text(notice.bindingFinancialDecisionDays),
		noticeCounting: notice.counting,
		noticeExcludeWeekends: notice.excludeWeekends,
		noticeExcludeBankHolidays: notice.excludeBankHolidays,
		ratificationPeriodDays: text(rules.ratificationPeriodDays),
		appealPeriodDays: text(rules.appealPeriodDays),
		arbitrationAbovePounds: rules.arbitrationAboveValuePence === undefined ? '' : penceToPounds(String(rules.arbitrationAboveValuePence)),
		writtenAllowed: written?.allowed ?? false,
		writtenCategories: (written?.categories ?? []).join(', '),
		writtenProcedural: written?.procedural ?? false,
		writtenLimitPounds: pounds(written?.financialLimitPence),
		writtenResponseCount: text(written?.minimumResponse?.minimumCount),
		writtenResponseFraction: written?.minimumResponse?.minimumFraction?.fraction ?? '',
		writtenResponseFractionComparison: written?.minimumResponse?.minimumFraction?.comparison ?? 'at_least',
		writtenThresholds: (written?.thresholds ?? []).map(thresholdFields),
		urgentAllowed: urgent?.allowed ?? false,
		urgentCategories: (urgent?.categories ?? []).join(', '),
		urgentProcedural: urgent?.procedural ?? false,
		urgentLimitPounds: pounds(urgent?.financialLimitPence),
		urgentMinimumConsulted: text(urgent?.minimumConsulted),
		urgentRatificationDays: text(urgent?.ratificationPeriodDays)
	};
}

export type FieldsParse = { ok: true; rules: GovernanceRulesInput } | { ok: false; errors: Record<string, string> };

/**
 * The rules the form says, or every problem keyed by its field ("thresholds[1].fraction"), each starting with the
 * field's label. Blank repeated rows (a threshold with nothing typed) are left out rather than refused.
 */
export function rulesFromFields(fields: RulesFields): FieldsParse {
	const errors: Record<string, string> = {};
	const whole = (key: string, label: string, value: string, least: number, example: string): number | undefined => {
		const typed = value.trim();
		if (typed === '') return undefined;
		if (!/^\d{1,6}$/.test(typed) || Number(typed) < least) {
			errors[key] = `${label}: enter a whole number${least > 0 ? ` of at least ${least}` : ''}, like ${example}`;
			return undefined;
		}
		return Number(typed);
	};
	const comparison = (value: string): Comparison => (value === 'more_than' ? 'more_than' : 'at_least');

	const minimumCount = whole('quorumMinimumCount', FIELD_LABELS.quorumMinimumCount, fields.quorumMinimumCount, 0, '4');
	const fraction = fields.quorumFraction.trim();
	const requiredRoles = fields.requiredRoles.flatMap((row, i) => {
		const minimum = whole(`requiredRoles[${i}].minimum`, `${FIELD_LABELS.requiredRoles}, how many`, row.minimum, 1, '1') ?? 1;
		if (row.anyOf.length === 0) return [];
		const unknown = row.anyOf.filter((role) => !(MEMBER_ROLES as readonly string[]).includes(role));
		if (unknown.length > 0) errors[`requiredRoles[${i}].anyOf`] = `${FIELD_LABELS.requiredRoles}: choose roles from the list`;
		return [{ anyOf: row.anyOf.filter((role): role is MemberRole => (MEMBER_ROLES as readonly string[]).includes(role)), minimum }];
	});
	const requiredOrganisationKinds = fields.requiredKinds.flatMap((row, i) => {
		const minimum = whole(`requiredKinds[${i}].minimum`, `${FIELD_LABELS.requiredKinds}, how many`, row.minimum, 1, '1') ?? 1;
		if (row.kind === '') return [];
		if (!(ORGANISATION_KINDS as readonly string[]).includes(row.kind)) {
			errors[`requiredKinds[${i}].kind`] = `${FIELD_LABELS.requiredKinds}: choose a kind of organisation from the list`;
			return [];
		}
		return [{ kind: row.kind as OrganisationKind, minimum }];
	});
	const requiredClinicians = whole('requiredClinicians', FIELD_LABELS.requiredClinicians, fields.requiredClinicians, 1, '2');

	const basis = (['per_member', 'per_organisation', 'weighted'] as const).find((b) => b === fields.votingBasis);
	if (!basis) errors.votingBasis = `${FIELD_LABELS.votingBasis}: choose how votes are counted`;
	const readThresholds = (list: 'thresholds' | 'writtenThresholds') =>
		fields[list].flatMap((row, i): Threshold[] => {
			const of = THRESHOLD_BASES.find((b) => b === row.of);
			if (!of) {
				errors[`${list}[${i}].of`] = `${FIELD_LABELS[list]} (test ${i + 1}): choose what the test counts`;
				return [];
			}
			if (of === 'organisations_in_favour') {
				if (row.minimum.trim() === '') return [];
				const minimum = whole(`${list}[${i}].minimum`, `${FIELD_LABELS[list]} (test ${i + 1}), organisations in favour`, row.minimum, 1, '6');
				return minimum === undefined ? [] : [{ of, minimum }];
			}
			if (row.fraction.trim() === '') return [];
			return [{ of, comparison: comparison(row.comparison), fraction: row.fraction.trim() }];
		});
	const thresholds = readThresholds('thresholds');
	if (thresholds.length === 0 && !Object.keys(errors).some((k) => k.startsWith('thresholds'))) {
		errors.thresholds = `${FIELD_LABELS.thresholds}: give at least one test a vote must pass, like more than 1/2 of votes cast`;
	}

	const money = (key: 'arbitrationAbovePounds' | 'writtenLimitPounds' | 'urgentLimitPounds'): number | undefined => {
		if (fields[key].trim() === '') return undefined;
		const pence = poundsToPence(fields[key]);
		if (pence === null || BigInt(pence) > BigInt(Number.MAX_SAFE_INTEGER)) {
			errors[key] = `${FIELD_LABELS[key]}: enter an amount in pounds, like 100,000`;
			return undefined;
		}
		return Number(pence);
	};
	const arbitrationAboveValuePence = money('arbitrationAbovePounds');
	const categories = (value: string) => value.split(',').map((c) => c.trim()).filter((c) => c !== '');

	// A section is kept when it is allowed, or says anything at all, so an unticked but described section survives.
	const writtenThresholds = readThresholds('writtenThresholds');
	const writtenLimit = money('writtenLimitPounds');
	const responseCount = whole('writtenResponseCount', FIELD_LABELS.writtenResponseCount, fields.writtenResponseCount, 1, '4');
	const responseFraction = fields.writtenResponseFraction.trim();
	const writtenSaid =
		fields.writtenAllowed || fields.writtenProcedural || categories(fields.writtenCategories).length > 0 || writtenLimit !== undefined ||
		responseCount !== undefined || responseFraction !== '' || writtenThresholds.length > 0;
	const writtenResolutions = writtenSaid
		? {
				allowed: fields.writtenAllowed,
				categories: categories(fields.writtenCategories),
				procedural: fields.writtenProcedural,
				...(writtenLimit !== undefined ? { financialLimitPence: writtenLimit } : {}),
				...(responseCount !== undefined || responseFraction !== ''
					? {
							minimumResponse: {
								...(responseCount !== undefined ? { minimumCount: responseCount } : {}),
								...(responseFraction !== '' ? { minimumFraction: { fraction: responseFraction, comparison: comparison(fields.writtenResponseFractionComparison) } } : {})
							}
						}
					: {}),
				...(writtenThresholds.length > 0 ? { thresholds: writtenThresholds } : {})
			}
		: undefined;
	const urgentLimit = money('urgentLimitPounds');
	const minimumConsulted = whole('urgentMinimumConsulted', FIELD_LABELS.urgentMinimumConsulted, fields.urgentMinimumConsulted, 0, '2');
	const urgentDays = whole('urgentRatificationDays', FIELD_LABELS.urgentRatificationDays, fields.urgentRatificationDays, 1, '28');
	const urgentSaid =
		fields.urgentAllowed || fields.urgentProcedural || categories(fields.urgentCategories).length > 0 || urgentLimit !== undefined ||
		minimumConsulted !== undefined || urgentDays !== undefined;
	const urgentAction = urgentSaid
		? {
				allowed: fields.urgentAllowed,
				categories: categories(fields.urgentCategories),
				procedural: fields.urgentProcedural,
				...(urgentLimit !== undefined ? { financialLimitPence: urgentLimit } : {}),
				...(minimumConsulted !== undefined ? { minimumConsulted } : {}),
				...(urgentDays !== undefined ? { ratificationPeriodDays: urgentDays } : {})
			}
		: undefined;
	const papersDays = whole('papersDays', FIELD_LABELS.papersDays, fields.papersDays, 0, '7');
	const bindingFinancialDecisionDays = whole('bindingFinancialDecisionDays', FIELD_LABELS.bindingFinancialDecisionDays, fields.bindingFinancialDecisionDays, 0, '30');
	// A post from a form without the choice (an older page) counts calendar days, as rules that leave it out do.
	const counting = fields.noticeCounting === '' ? 'calendar' : (['calendar', 'clear'] as const).find((c) => c === fields.noticeCounting);
	if (!counting) errors.noticeCounting = `${FIELD_LABELS.noticeCounting}: choose calendar days or clear days`;
	const ratificationPeriodDays = whole('ratificationPeriodDays', FIELD_LABELS.ratificationPeriodDays, fields.ratificationPeriodDays, 1, '28');
	const appealPeriodDays = whole('appealPeriodDays', FIELD_LABELS.appealPeriodDays, fields.appealPeriodDays, 1, '20');

	const rules: GovernanceRulesInput = {
		schemaVersion: 1,
		quorum: {
			...(minimumCount !== undefined ? { minimumCount } : {}),
			...(fraction !== '' ? { minimumFraction: { fraction, comparison: comparison(fields.quorumFractionComparison) } } : {}),
			requiredRoles,
			requiredOrganisationKinds,
			...(requiredClinicians !== undefined ? { requiredClinicians } : {}),
			deputiesCount: fields.deputiesCount,
			remoteAttendanceCounts: fields.remoteAttendanceCounts
		},
		voting: {
			basis: basis ?? 'per_member',
			thresholds,
			castingVote: fields.castingVote === 'chair' ? 'chair' : 'none',
			ppvRepresentativesVote: fields.ppvRepresentativesVote,
			mandatesRequired: fields.mandatesRequired,
			secretBallotsAllowed: fields.secretBallotsAllowed
		},
		notice: {
			...(papersDays !== undefined ? { papersDays } : {}),
			...(bindingFinancialDecisionDays !== undefined ? { bindingFinancialDecisionDays } : {}),
			// Only what departs from the default is written, so rules saved from the form read as they did before.
			...(counting === 'clear' ? { counting } : {}),
			...(fields.noticeExcludeWeekends ? { excludeWeekends: true } : {}),
			...(fields.noticeExcludeBankHolidays ? { excludeBankHolidays: true } : {})
		},
		...(ratificationPeriodDays !== undefined ? { ratificationPeriodDays } : {}),
		...(appealPeriodDays !== undefined ? { appealPeriodDays } : {}),
		...(arbitrationAboveValuePence !== undefined ? { arbitrationAboveValuePence } : {}),
		...(writtenResolutions ? { writtenResolutions } : {}),
		...(urgentAction ? { urgentAction } : {})
	};
	if (Object.keys(errors).length > 0) return { ok: false, errors };

	// What only the whole rules can say (a fraction out of range, no quorum at all, secret ballots with mandates),
	// put against the field it is about.
	const parsed = parseRules(rules);
	if (parsed.ok) return { ok: true, rules };
	for (const problem of parsed.problems) {
		const [path, ...rest] = problem.split(': ');
		const message = rest.join(': ');
		const key = fieldOfPath(path ?? '', rules);
		// The schema's own words name its fields ("minimumCount"); the form's name what is on the page.
		const words =
			path === 'quorum'
				? 'give a minimum number present, a fraction of the voting membership, or both'
				: path === 'writtenResolutions.minimumResponse'
					? 'give a minimum number of votes returned, a fraction of the eligible votes, or both, in place of a quorum'
					: lowerFirst(message);
		errors[key] ??= `${labelOf(key)}: ${words}`;
	}
	return { ok: false, errors };
}

/** The form field a schema path belongs to: "voting.thresholds[1].fraction" → "thresholds[1].fraction". */
function fieldOfPath(path: string, rules: GovernanceRulesInput): string {
	const threshold = /^voting\.thresholds\[(\d+)\]/.exec(path);
	if (threshold) {
		// Blank rows were left out, so the schema's index is of the rows kept: the form's row is the same when none was blank.
		return `thresholds[${threshold[1]}].${rules.voting.thresholds[Number(threshold[1])]?.of === 'organisations_in_favour' ? 'minimum' : 'fraction'}`;
	}
	if (path.startsWith('quorum.minimumFraction')) return 'quorumFraction';
	if (path === 'quorum' || path.startsWith('quorum.minimumCount')) return 'quorumMinimumCount';
	if (path.startsWith('voting.secretBallotsAllowed')) return 'secretBallotsAllowed';
	if (path.startsWith('voting.thresholds')) return 'thresholds';
	if (path.startsWith('arbitration')) return 'arbitrationAbovePounds';
	const written = /^writtenResolutions\.thresholds\[(\d+)\]/.exec(path);
	if (written) {
		return `writtenThresholds[${written[1]}].${rules.writtenResolutions?.thresholds?.[Number(written[1])]?.of === 'organisations_in_favour' ? 'minimum' : 'fraction'}`;
	}
	const SECTION_FIELDS: Array<[string, string]> = [
		['writtenResolutions.categories', 'writtenCategories'],
		['writtenResolutions.minimumResponse.minimumFraction', 'writtenResponseFraction'],
		['writtenResolutions.minimumResponse', 'writtenResponseCount'],
		['writtenResolutions.thresholds', 'writtenThresholds'],
		['writtenResolutions', 'writtenAllowed'],
		['urgentAction.categories', 'urgentCategories'],
		['urgentAction.minimumConsulted', 'urgentMinimumConsulted'],
		['urgentAction.ratificationPeriodDays', 'urgentRatificationDays'],
		['urgentAction', 'urgentAllowed']
	];
	const section = SECTION_FIELDS.find(([prefix]) => path.startsWith(prefix));
	if (section) return section[1];
	return 'rules';
}

function labelOf(key: string): string {
	const base = key.replace(/\[\d+\].*$/, '') as keyof typeof FIELD_LABELS;
	const row = /\[(\d+)\]/.exec(key);
	const label = FIELD_LABELS[base] ?? 'The rules';
	return row && (base === 'thresholds' || base === 'writtenThresholds') ? `${label} (test ${Number(row[1]) + 1})` : label;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The fields a browser form posted: names like "thresholds[0].fraction" and "requiredRoles[1].anyOf" (repeated for
 * each role ticked); a tick box posts its name when ticked.
 */
export function fieldsFromForm(form: FormData): RulesFields {
	const one = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : '';
	};
	const rows = (prefix: string) =>
		[...new Set([...form.keys()].flatMap((name) => (name.startsWith(`${prefix}[`) ? [Number(/^\w+\[(\d+)\]/.exec(name)?.[1])] : [])))]
			.filter((i) => Number.isInteger(i) && i >= 0 && i < MAX_ROWS)
			.sort((a, b) => a - b);
	return {
		quorumMinimumCount: one('quorumMinimumCount'),
		quorumFraction: one('quorumFraction'),
		quorumFractionComparison: one('quorumFractionComparison'),
		requiredRoles: rows('requiredRoles').map((i) => ({
			anyOf: form.getAll(`requiredRoles[${i}].anyOf`).filter((v): v is string => typeof v === 'string'),
			minimum: one(`requiredRoles[${i}].minimum`)
		})),
		requiredKinds: rows('requiredKinds').map((i) => ({ kind: one(`requiredKinds[${i}].kind`), minimum: one(`requiredKinds[${i}].minimum`) })),
		requiredClinicians: one('requiredClinicians'),
		deputiesCount: form.has('deputiesCount'),
		remoteAttendanceCounts: form.has('remoteAttendanceCounts'),
		votingBasis: one('votingBasis'),
		thresholds: rows('thresholds').map((i) => ({
			of: one(`thresholds[${i}].of`),
			comparison: one(`thresholds[${i}].comparison`),
			fraction: one(`thresholds[${i}].fraction`),
			minimum: one(`thresholds[${i}].minimum`)
		})),
		castingVote: one('castingVote'),
		ppvRepresentativesVote: form.has('ppvRepresentativesVote'),
		mandatesRequired: form.has('mandatesRequired'),
		secretBallotsAllowed: form.has('secretBallotsAllowed'),
		papersDays: one('papersDays'),
		bindingFinancialDecisionDays: one('bindingFinancialDecisionDays'),
		noticeCounting: one('noticeCounting'),
		noticeExcludeWeekends: form.has('noticeExcludeWeekends'),
		noticeExcludeBankHolidays: form.has('noticeExcludeBankHolidays'),
		ratificationPeriodDays: one('ratificationPeriodDays'),
		appealPeriodDays: one('appealPeriodDays'),
		arbitrationAbovePounds: one('arbitrationAbovePounds'),
		writtenAllowed: form.has('writtenAllowed'),
		writtenCategories: one('writtenCategories'),
		writtenProcedural: form.has('writtenProcedural'),
		writtenLimitPounds: one('writtenLimitPounds'),
		writtenResponseCount: one('writtenResponseCount'),
		writtenResponseFraction: one('writtenResponseFraction'),
		writtenResponseFractionComparison: one('writtenResponseFractionComparison'),
		writtenThresholds: rows('writtenThresholds').map((i) => ({
			of: one(`writtenThresholds[${i}].of`),
			comparison: one(`writtenThresholds[${i}].comparison`),
			fraction: one(`writtenThresholds[${i}].fraction`),
			minimum: one(`writtenThresholds[${i}].minimum`)
		})),
		urgentAllowed: form.has('urgentAllowed'),
		urgentCategories: one('urgentCategories'),
		urgentProcedural: form.has('urgentProcedural'),
		urgentLimitPounds: one('urgentLimitPounds'),
		urgentMinimumConsulted: one('urgentMinimumConsulted'),
		urgentRatificationDays: one('urgentRatificationDays')
	};
}
