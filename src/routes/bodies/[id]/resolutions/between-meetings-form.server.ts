import { z } from 'zod';
import { londonToInstant } from '$lib/domain/london-time';
import { closingFields, type FieldLabels, optionalIsoDate, pounds, requiredText } from '$lib/server/forms';

/** "Estates review" → "estates_review": categories are matched exactly against the rules and delegations. */
const categoryCode = (text: string) =>
	text
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');

/** The decision itself, as a written resolution and an urgent action both put it. */
const decisionFields = {
	text: requiredText('Enter the motion, like: That the service review go ahead', 2000),
	category: z
		.string()
		.trim()
		.transform(categoryCode)
		.refine((v) => v.length > 0 && v.length <= 100, 'Enter the decision category, like service_review'),
	value: z.union([z.literal('').transform(() => 0n), pounds('Enter the money the decision commits in pounds, like 250,000, or leave it empty')]),
	procedural: z.literal('on').optional().transform((v) => v === 'on'),
	noticeGivenOn: optionalIsoDate('Enter the date notice was given as a real date, like 8 December 2017, or leave it empty')
};

const money = (v: bigint) => {
	if (v > BigInt(Number.MAX_SAFE_INTEGER)) return null;
	return Number(v);
};

export const resolutionLabels: FieldLabels = {
	text: 'Motion',
	category: 'Decision category',
	value: 'Money committed',
	procedural: 'Procedural business',
	noticeGivenOn: 'Notice given on',
	closesOn: 'Closing date',
	closesAt: 'Closing time'
};

/** A written resolution as typed: the closing time in London wall-clock time, to an instant. */
export const resolutionSchema = z
	.object({
		...decisionFields,
		...closingFields
	})
	.superRefine((v, ctx) => {
		if (money(v.value) === null) ctx.addIssue({ code: 'custom', path: ['value'], message: 'That value is too large' });
	})
	.transform((v) => ({
		text: v.text,
		category: v.category,
		valuePence: Number(v.value),
		procedural: v.procedural,
		noticeGivenOn: v.noticeGivenOn ?? null,
		closesAt: londonToInstant(v.closesOn, v.closesAt)
	}));

export const urgentLabels: FieldLabels = {
	...resolutionLabels,
	text: 'The action',
	reason: 'Why it cannot wait for a meeting',
	consulted: 'Members consulted'
};

export const urgentSchema = z
	.object({
		...decisionFields,
		reason: requiredText('Say why the matter cannot wait for a meeting', 4000),
		consulted: z.array(z.string().uuid('Choose members from the list'))
	})
	.superRefine((v, ctx) => {
		if (money(v.value) === null) ctx.addIssue({ code: 'custom', path: ['value'], message: 'That value is too large' });
	})
	.transform((v) => ({
		text: v.text,
		category: v.category,
		valuePence: Number(v.value),
		procedural: v.procedural,
		noticeGivenOn: v.noticeGivenOn ?? null,
		reason: v.reason,
		consulted: v.consulted
	}));
