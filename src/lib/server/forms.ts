import { fail } from '@sveltejs/kit';
import type { Result } from './result';
import { z } from 'zod';

export type FieldErrors = Record<string, string>;

/**
 * Refuses one of a page's forms: which form, the errors by field, what was typed (to fill it in again), a message
 * for the form as a whole, and any problems listed (the rules' schema, say). Every form page answers alike.
 */
export function refuseForm<Which extends string>(status: number, which: Which, errors: FieldErrors, values: Record<string, unknown>, message: string | null = null, problems: string[] = []) {
	return fail(status, { which, errors, values, message, problems });
}

export type Parsed<T> =
	| { ok: true; data: T }
	| { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

/** What each field is called on the page, by field name: every error message starts with it. */
export type FieldLabels = Record<string, string>;

export interface FormOptions {
	/** Fields that repeat (checkboxes, a multiple choice), which come back as arrays. */
	arrays?: string[];
	/** The label of each field, so each message names its field ("Start date: enter a real date"). */
	labels?: FieldLabels;
}

/**
 * A message that names its field, as GOV.UK and NHS.UK error messages do: the label, then what to do. "Enter at
 * most 200 characters" under "Agenda item title" reads "Agenda item title: enter at most 200 characters". The first
 * word is lower-cased unless it is an abbreviation ("ODS code", "NHS England"); a message that already starts with
 * its label is left as it is.
 */
export function withLabel(label: string | undefined, message: string): string {
	if (!label || message.startsWith(`${label}:`)) return message;
	const rest = /^[A-Z][a-z]/.test(message) ? message[0]!.toLowerCase() + message.slice(1) : message;
	return `${label}: ${rest}`;
}

/** Errors by field, each message starting with its field's label (fields without one are left as they are). */
export function labelErrors(errors: FieldErrors, labels: FieldLabels = {}): FieldErrors {
	return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, withLabel(labels[field], message)]));
}

/**
 * Parses a submitted form with a schema. Fields that repeat (checkboxes) become arrays; the first message per
 * field is kept, keyed by field name and starting with the field's label, for the error summary and the field
 * itself. Values come back to refill the form. The third argument is the options, or (as before) just the arrays.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData, options: string[] | FormOptions = {}): Parsed<z.infer<S>> {
	const { arrays = [], labels = {} } = Array.isArray(options) ? { arrays: options } : options;
	const values: Record<string, string | string[]> = {};
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key).filter((v): v is string => typeof v === 'string');
		values[key] = arrays.includes(key) ? all : (all[0] ?? '');
	}
	for (const key of arrays) values[key] ??= [];
	const result = schema.safeParse(values);
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const key = String(issue.path[0] ?? 'form');
		errors[key] ??= withLabel(labels[key], issue.message);
	}
	// Never send a password back to the page.
	for (const key of Object.keys(values)) if (/password/i.test(key)) values[key] = '';
	return { ok: false, errors, values };
}

/** Trimmed text that must be present; the form's labels name the field in the message. */
export const requiredText = (message: string, max = 200) =>
	z.string().trim().min(1, message).max(max, `Enter at most ${max} characters`);

export const optionalText = (max = 200) =>
	z
		.string()
		.trim()
		.max(max, `Enter at most ${max} characters`)
		.transform((v) => (v === '' ? null : v));

export const email = z
	.string()
	.trim()
	.min(1, 'Enter an email address')
	.max(254, 'Enter an email address of at most 254 characters')
	.email('Enter an email address in the correct format, like name@example.nhs.uk')
	.transform((v) => v.toLowerCase());

export const isoDate = (message: string) =>
	z
		.string()
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}$/, message)
		.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), message);

export const optionalIsoDate = (message: string) =>
	z.union([z.literal('').transform(() => null), isoDate(message)]);

export const uuid = (message: string) => z.string().trim().uuid(message);

/** A UUID or nothing ('' from an empty select). */
export const optionalUuid = (message: string) => z.union([z.literal('').transform(() => null), z.string().trim().uuid(message)]);

/** A sum of money in pounds, as typed ("250,000" or "1250.50"), to whole pence as a bigint: never a float. */
export const pounds = (message: string) =>
	z
		.string()
		.trim()
		.transform((v) => v.replace(/[£,\s]/g, ''))
		.refine((v) => /^\d{1,13}(\.\d{1,2})?$/.test(v), message)
		.transform((v) => {
			const [whole, fraction = ''] = v.split('.');
			return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
		});

/** What was typed in a form, text fields only (never a file), to fill it in again after a refusal. */
export const typedValues = (form: FormData): Record<string, string> =>
	Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

export const today = () => new Date().toISOString().slice(0, 10);

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A closing date and time as typed, in London wall-clock time (a written resolution's, a consultation's): turn
 * them into an instant with londonToInstant(closesOn, closesAt).
 */
export const closingFields = {
	closesOn: isoDate('Enter the closing date as a real date, like 18 January 2018'),
	closesAt: z.string().trim().regex(CLOCK_TIME, 'Enter the closing time as hours and minutes on the 24-hour clock, like 17:00')
};


/**
 * The form action that ends a dated thing (an organisation, a body, a membership, a delegation, a mandate) on the
 * date given: the form is parsed by `schema`, the end is made by `end` (in its own transaction), and a refusal
 * comes back as the form's, in `reasonField` when given (named by `labels`, like every field), else as its message.
 * Null when it was ended: the caller redirects.
 */
export async function endDated<Which extends string, S extends z.ZodType>(
	form: FormData,
	which: Which,
	schema: S,
	end: (data: z.infer<S>) => Promise<Result<unknown>>,
	reasonField?: string,
	labels: FieldLabels = {}
) {
	const parsed = parseForm(schema, form, { labels });
	if (!parsed.ok) return refuseForm(400, which, parsed.errors, parsed.values);
	const ended = await end(parsed.data);
	if (ended.ok) return null;
	const values = parsed.data as Record<string, unknown>;
	return reasonField ? refuseForm(409, which, labelErrors({ [reasonField]: ended.reason }, labels), values) : refuseForm(409, which, {}, values, ended.reason);
}
