import { fail, redirect } from '@sveltejs/kit';
import type { Tx } from '$lib/server/db';
import type { FieldErrors } from '$lib/server/forms';
import { actorOf, authorise } from '$lib/server/guard';
import * as membership from '$lib/server/membership';
import { bodyParam } from '$lib/server/params';
import * as weight from '$lib/server/weight';
import { trimDecimal } from '../../display';
import type { Actions, PageServerLoad } from './$types';

const MAX_BASIS = 200;

/** The organisations that can carry a weight here: those its current members represent, and any already weighted. */
async function weightRows(tx: Tx, bodyId: string) {
	const [members, weights] = await Promise.all([membership.listForBody(tx, bodyId), weight.listForBody(tx, bodyId)]);
	const rows = new Map<string, { organisationId: string; name: string; weight: string }>();
	for (const m of members.filter((m) => m.current)) {
		for (const o of m.organisations) rows.set(o.id, { organisationId: o.id, name: o.name, weight: '' });
	}
	for (const w of weights) rows.set(w.organisationId, { organisationId: w.organisationId, name: w.organisationName, weight: trimDecimal(w.weight) });
	return {
		rows: [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),
		basis: weights.find((w) => w.basis)?.basis ?? ''
	};
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = await actorOf(locals);
	const found = await bodyParam(locals.services.sql, params.id);
	authorise(actor, 'weight.manage', { bodyId: found.id });
	return { body: found, ...(await weightRows(locals.services.sql, found.id)) };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await bodyParam(locals.services.sql, params.id);
		authorise(actor, 'weight.manage', { bodyId: found.id });
		const { sql } = locals.services;
		const form = await request.formData();
		const { rows } = await weightRows(sql, found.id);
		const text = (key: string) => {
			const value = form.get(key);
			return typeof value === 'string' ? value.trim() : '';
		};
		const basis = text('basis');
		const values: Record<string, string> = { basis };
		const errors: FieldErrors = {};
		if (basis.length > MAX_BASIS) errors.basis = `Basis of the weights: enter at most ${MAX_BASIS} characters`;
		const inputs = rows.map((row) => {
			const key = `weight-${row.organisationId}`;
			values[key] = text(key);
			if (values[key] !== '' && !weight.DECIMAL_PATTERN.test(values[key])) {
				errors[key] = `Weight for ${row.name}: enter a number such as 30 or 12.5, with at most 6 decimal places, or leave it empty`;
			}
			return { organisationId: row.organisationId, weight: values[key] === '' ? null : values[key], basis };
		});
		if (Object.keys(errors).length > 0) return fail(400, { errors, values, message: null });
		const saved = await sql.begin((tx) => weight.setMany(tx, found.id, inputs, actor.userId));
		if (!saved.ok) return fail(409, { errors: {}, values, message: saved.reason });
		redirect(303, `/bodies/${found.id}?weights`);
	}
};
