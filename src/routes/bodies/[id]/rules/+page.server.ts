import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { describeCategory, parseRulesText } from '$lib/domain/governance';
import { londonDate } from '$lib/domain/london-time';
import { applyRowAct, fieldsFromForm, fieldsFromRules, rulesFromFields } from '$lib/domain/rules-fields';
import { motionCategories } from '$lib/domain/rules-simulator';
import { RULES_TEMPLATE, summariseRules } from '$lib/domain/rules-summary';
import * as bodyRules from '$lib/server/body-rules';
import { endDated, isoDate, optionalIsoDate, optionalText, parseForm, pounds, refuseForm, today } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import { simulatorBody } from '$lib/server/rules-simulator';
import { bodyParam } from '$lib/server/params';
import { formatDate, formatPence } from '../../display';
import { COMMON_CATEGORIES } from '../../kinds';
import type { Actions, PageServerLoad } from './$types';

type Which = 'record' | 'recordJson' | 'addDelegation' | 'endDelegation';

/** Rules documents are small; anything this long is a paste gone wrong. */
const MAX_RULES_CHARACTERS = 50_000;

/** The same shape from every action, so the page reads `form` without narrowing. */
const refuse = refuseForm<Which>;

const NOTICES = {
	recorded: 'The new rules have been recorded and are now in force.',
	delegated: 'The delegation has been recorded.',
	delegationEnded: 'The delegation has been ended.'
} as const;

/** "Estates review" → "estates_review": categories are matched exactly against motions, so they share one spelling. */
const categoryCode = (text: string) =>
	text
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = await actorOf(locals);
	const found = await bodyParam(locals.services.sql, params.id);
	authorise(actor, 'meeting.follow', { bodyId: found.id });
	const { sql } = locals.services;
	const [rules, delegations, simulated] = await Promise.all([
		bodyRules.current(sql, found.id),
		bodyRules.listDelegations(sql, found.id),
		simulatorBody(sql, found.id, londonDate(new Date()))
	]);
	const label = (code: string) => COMMON_CATEGORIES.find((c) => c.value === code)?.label ?? describeCategory(code);
	const notice = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find((key) => url.searchParams.has(key));
	return {
		body: found,
		rules: rules
			? { source: rules.source, note: rules.note, recordedAt: rules.createdAt, summary: summariseRules(rules.rules) }
			: null,
		// The forms start from the rules in force, or a template to adapt.
		draft: JSON.stringify(rules?.rules ?? RULES_TEMPLATE, null, 2),
		fields: fieldsFromRules(rules?.rules ?? RULES_TEMPLATE),
		delegations: delegations.map((d) => ({
			id: d.id,
			categories: d.categories.map(label).join(', '),
			limit: formatPence(d.financialLimitPence),
			validFrom: formatDate(d.validFrom),
			validTo: d.validTo ? formatDate(d.validTo) : null,
			note: d.note,
			endedOn: d.endedOn ? formatDate(d.endedOn) : null
		})),
		categories: COMMON_CATEGORIES,
		/** The body as it stands today, for trying the rules in the form before they are recorded. */
		simulatorBody: simulated,
		motionCategories: motionCategories(delegations.filter((d) => !d.endedOn)),
		canChange: may(actor, 'meeting.schedule', { bodyId: found.id }),
		notice: notice ? NOTICES[notice] : null,
		today: today()
	};
};

export const actions: Actions = {
	/** The rules as the form sets them out: every problem named against its field, nothing recorded until all are right. */
	record: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await bodyParam(locals.services.sql, params.id);
		authorise(actor, 'meeting.schedule', { bodyId: found.id });
		const form = await request.formData();
		const fields = fieldsFromForm(form);
		const note = typeof form.get('note') === 'string' ? (form.get('note') as string).trim() : '';
		const values = { fields, note };
		const act = form.get('rowAct');
		if (typeof act === 'string') {
			// Without JavaScript, adding or removing a row posts the form: it comes back changed, with nothing recorded.
			const changed = applyRowAct(fields, act);
			if (!changed) return refuse(400, 'record', {}, values, 'That row cannot be added or removed; the form is as you left it');
			return { which: 'record' as const, errors: {}, values: { fields: changed, note }, message: null, problems: [] };
		}
		const read = rulesFromFields(fields);
		const errors = { ...(read.ok ? {} : read.errors), ...(note.length > 500 ? { note: 'Note on the new rules: enter at most 500 characters' } : {}) };
		if (!read.ok || Object.keys(errors).length > 0) return refuse(400, 'record', errors, values);
		const recorded = await locals.services.sql.begin((tx) => bodyRules.record(tx, found.id, read.rules, { source: 'entered', note }, actor.userId));
		if (!recorded.ok) return refuse(400, 'record', {}, values, null, recorded.problems);
		redirect(303, `/bodies/${found.id}/rules?recorded`);
	},
	/** The rules as JSON, for import: validated as the schema says, every problem listed. */
	recordJson: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await bodyParam(locals.services.sql, params.id);
		authorise(actor, 'meeting.schedule', { bodyId: found.id });
		const form = await request.formData();
		const text = typeof form.get('rules') === 'string' ? (form.get('rules') as string) : '';
		const note = typeof form.get('jsonNote') === 'string' ? (form.get('jsonNote') as string).trim() : '';
		const values = { rules: text, jsonNote: note };
		if (note.length > 500) return refuse(400, 'recordJson', { jsonNote: 'Note for the JSON rules: enter at most 500 characters' }, values);
		if (text.trim() === '') return refuse(400, 'recordJson', {}, values, null, ['Rules (JSON): enter the rules as JSON, or use the form above']);
		if (text.length > MAX_RULES_CHARACTERS) return refuse(400, 'recordJson', {}, values, null, [`Rules (JSON): enter at most ${MAX_RULES_CHARACTERS} characters`]);
		const read = parseRulesText(text);
		if (!read.ok) return refuse(400, 'recordJson', {}, values, null, read.problems);
		const recorded = await locals.services.sql.begin((tx) => bodyRules.record(tx, found.id, read.input, { source: 'entered', note }, actor.userId));
		if (!recorded.ok) return refuse(400, 'recordJson', {}, values, null, recorded.problems);
		redirect(303, `/bodies/${found.id}/rules?recorded`);
	},
	addDelegation: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await bodyParam(locals.services.sql, params.id);
		authorise(actor, 'meeting.schedule', { bodyId: found.id });
		const parsed = parseForm(
			z
				.object({
					categories: z.array(z.string()),
					otherCategories: optionalText(500),
					limit: pounds('Enter the financial limit per decision in pounds, like 500,000'),
					validFrom: isoDate('Enter the date the delegation starts as a real date, like 1 April 2016'),
					validTo: optionalIsoDate('Enter the date the delegation ends as a real date, like 31 March 2017, or leave it empty'),
					delegationNote: optionalText(500)
				})
				.transform((v) => ({
					...v,
					all: [...new Set([...v.categories, ...(v.otherCategories ?? '').split(',').map(categoryCode).filter(Boolean)])]
				}))
				.superRefine((v, ctx) => {
					if (v.categories.some((c) => !COMMON_CATEGORIES.some((o) => o.value === c))) {
						ctx.addIssue({ code: 'custom', path: ['categories'], message: 'Choose categories from the list, or type others' });
					} else if (v.all.length === 0) {
						ctx.addIssue({ code: 'custom', path: ['categories'], message: 'Choose or type at least one decision category the delegation covers' });
					}
					if (v.validTo && v.validTo < v.validFrom) {
						ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'The end date must be on or after the start date' });
					}
				}),
			await request.formData(),
			{
				arrays: ['categories'],
				labels: {
					categories: 'Decision categories',
					otherCategories: 'Other decision categories',
					limit: 'Financial limit per decision',
					validFrom: 'Valid from',
					validTo: 'Valid to',
					delegationNote: 'Note on the delegation'
				}
			}
		);
		if (!parsed.ok) return refuse(400, 'addDelegation', parsed.errors, parsed.values);
		const input = parsed.data;
		const added = await locals.services.sql.begin((tx) =>
			bodyRules.addDelegation(
				tx,
				found.id,
				{ categories: input.all, financialLimitPence: input.limit, validFrom: input.validFrom, validTo: input.validTo, note: input.delegationNote ?? '' },
				actor.userId
			)
		);
		if (!added.ok) return refuse(409, 'addDelegation', {}, { ...input, limit: formatPence(input.limit) }, added.reason);
		redirect(303, `/bodies/${found.id}/rules?delegated`);
	},
	endDelegation: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await bodyParam(locals.services.sql, params.id);
		authorise(actor, 'meeting.schedule', { bodyId: found.id });
		const open = (await bodyRules.listDelegations(locals.services.sql, found.id)).filter((d) => !d.endedOn);
		const refused = await endDated(
			await request.formData(),
			'endDelegation',
			z.object({
				delegationId: z.string().refine((v) => open.some((d) => d.id === v), 'Choose a delegation in force from the list'),
				endedOn: isoDate('Enter the date the delegation ends as a real date, like 31 March 2017')
			}),
			(data) => locals.services.sql.begin((tx) => bodyRules.endDelegation(tx, data.delegationId, data.endedOn, actor.userId))
		);
		if (refused) return refused;
		redirect(303, `/bodies/${found.id}/rules?delegationEnded`);
	}
};
