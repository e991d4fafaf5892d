import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { endDated, isoDate, optionalIsoDate, optionalText, parseForm, pounds, refuseForm, requiredText, today } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import * as mandate from '$lib/server/mandate';
import * as membership from '$lib/server/membership';
import { uuidParam } from '$lib/server/params';
import { formatPence } from '../../../display';
import { COMMON_CATEGORIES } from '../../../kinds';
import { checkMembershipFields, membershipChoices, membershipFields, membershipLabels } from '../../membership-form.server';
import type { Actions, PageServerLoad } from './$types';

type Which = 'update' | 'end' | 'addMandate' | 'endMandate';

/** The same shape from every action, so the page reads `form` without narrowing. */
const refuse = refuseForm<Which>;

/** The membership named in the address, which must belong to the body named there too. */
async function membershipOf(locals: App.Locals, params: { id: string; membershipId: string }) {
	const bodyId = uuidParam(params.id);
	const found = await membership.get(locals.services.sql, uuidParam(params.membershipId));
	if (!found || found.bodyId !== bodyId) error(404, 'Page not found');
	return found;
}

/** "Estates review" → "estates_review": categories are matched exactly against delegations, so they share one spelling. */
const categoryCode = (text: string) =>
	text
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');

const NOTICES = {
	saved: 'Your changes have been saved.',
	ended: 'The membership has been ended.',
	mandate: 'The mandate has been recorded.',
	mandateEnded: 'The mandate has been ended.'
} as const;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = await actorOf(locals);
	const m = await membershipOf(locals, params);
	authorise(actor, 'membership.manage', { bodyId: m.bodyId });
	const { sql } = locals.services;
	const [choices, mandates] = await Promise.all([
		membershipChoices(sql, m.bodyId, { id: m.id, deputyFor: m.deputyFor, organisationIds: m.organisations.map((o) => o.id) }),
		mandate.listForMembership(sql, m.id)
	]);
	const notice = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find((key) => url.searchParams.has(key));
	return {
		membership: m,
		...choices,
		mandates: mandates.map((d) => ({ ...d, limit: formatPence(d.financialLimitPence) })),
		categories: COMMON_CATEGORIES,
		canManageMandates: may(actor, 'mandate.manage', { bodyId: m.bodyId }),
		notice: notice ? NOTICES[notice] : null,
		today: today()
	};
};

export const actions: Actions = {
	update: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const m = await membershipOf(locals, params);
		authorise(actor, 'membership.manage', { bodyId: m.bodyId });
		const choices = await membershipChoices(locals.services.sql, m.bodyId, { id: m.id, deputyFor: m.deputyFor, organisationIds: m.organisations.map((o) => o.id) });
		const parsed = parseForm(
			z
				.object({
					...membershipFields,
					// An unticked checkbox is not sent at all.
					clinician: z
						.string()
						.optional()
						.transform((v) => v === 'yes'),
					startsOn: isoDate('Enter the start date as a real date, like 1 April 2015'),
					endsOn: optionalIsoDate('Enter the end date as a real date, like 31 March 2016, or leave it empty')
				})
				.superRefine((v, ctx) => {
					if (v.endsOn && v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The end date must be on or after the start date' });
					checkMembershipFields(v, ctx, choices);
				}),
			await request.formData(),
			{ arrays: ['organisationIds'], labels: { ...membershipLabels, startsOn: 'Start date', endsOn: 'End date' } }
		);
		if (!parsed.ok) return refuse(400, 'update', parsed.errors, parsed.values);
		const updated = await locals.services.transaction((tx) => membership.update(tx, m.id, parsed.data, actor.userId));
		if (!updated.ok) return refuse(409, 'update', {}, { ...parsed.data }, updated.reason);
		// A changed role reaches the member's open connections now, not on their next page (membership.update announces it).
		redirect(303, `/bodies/${m.bodyId}/members/${m.id}?saved`);
	},
	end: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const m = await membershipOf(locals, params);
		authorise(actor, 'membership.manage', { bodyId: m.bodyId });
		const refused = await endDated(
			await request.formData(),
			'end',
			z.object({ endOn: isoDate('Enter the date the membership ends as a real date, like 31 March 2016') }),
			(data) => locals.services.transaction((tx) => membership.end(tx, m.id, data.endOn, actor.userId)),
			'endOn',
			{ endOn: 'Last day of the membership' }
		);
		if (refused) return refused;
		redirect(303, `/bodies/${m.bodyId}/members/${m.id}?ended`);
	},
	addMandate: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const m = await membershipOf(locals, params);
		authorise(actor, 'mandate.manage', { bodyId: m.bodyId });
		const parsed = parseForm(
			z
				.object({
					organisationId: z.string().refine((v) => m.organisations.some((o) => o.id === v), 'Choose one of the organisations this member represents'),
					categories: z.array(z.string()),
					otherCategories: optionalText(500),
					limit: pounds('Enter the financial limit in pounds, like 250,000'),
					expiresOn: isoDate('Enter the date the mandate expires as a real date, like 31 March 2017'),
					evidence: requiredText('Enter the evidence for the mandate, such as the section of the scheme of delegation', 1000)
				})
				.transform((v) => ({
					...v,
					all: [...new Set([...v.categories, ...(v.otherCategories ?? '').split(',').map(categoryCode).filter(Boolean)])]
				}))
				.superRefine((v, ctx) => {
					if (v.categories.some((c) => !COMMON_CATEGORIES.some((o) => o.value === c))) {
						ctx.addIssue({ code: 'custom', path: ['categories'], message: 'Choose categories from the list, or type others' });
					} else if (v.all.length === 0) {
						ctx.addIssue({ code: 'custom', path: ['categories'], message: 'Choose or type at least one decision category the mandate covers' });
					}
				}),
			await request.formData(),
			{
				arrays: ['categories'],
				labels: {
					organisationId: 'Organisation',
					categories: 'Decision categories',
					otherCategories: 'Other decision categories',
					limit: 'Financial limit',
					expiresOn: 'Expiry date',
					evidence: 'Evidence'
				}
			}
		);
		if (!parsed.ok) return refuse(400, 'addMandate', parsed.errors, parsed.values);
		const input = parsed.data;
		const created = await locals.services.sql.begin((tx) =>
			mandate.create(
				tx,
				m.id,
				{ organisationId: input.organisationId, categories: input.all, financialLimitPence: input.limit, expiresOn: input.expiresOn, evidence: input.evidence },
				actor.userId
			)
		);
		if (!created.ok) return refuse(409, 'addMandate', {}, { ...input, limit: formatPence(input.limit) }, created.reason);
		redirect(303, `/bodies/${m.bodyId}/members/${m.id}?mandate`);
	},
	endMandate: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const m = await membershipOf(locals, params);
		authorise(actor, 'mandate.manage', { bodyId: m.bodyId });
		const open = (await mandate.listForMembership(locals.services.sql, m.id)).filter((d) => !d.endedOn);
		const refused = await endDated(
			await request.formData(),
			'endMandate',
			z.object({
				mandateId: z.string().refine((v) => open.some((d) => d.id === v), 'Choose a mandate from the list'),
				mandateEndedOn: isoDate('Enter the date the mandate ends as a real date, like 31 March 2016')
			}),
			(data) => locals.services.sql.begin((tx) => mandate.end(tx, data.mandateId, data.mandateEndedOn, actor.userId)),
			undefined,
			{ mandateId: 'Mandate', mandateEndedOn: 'Date the mandate ends' }
		);
		if (refused) return refused;
		redirect(303, `/bodies/${m.bodyId}/members/${m.id}?mandateEnded`);
	}
};
