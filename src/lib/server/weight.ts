import * as audit from './audit';
import type { Tx } from './db';
import type { Result } from './result';

export interface OrganisationWeight {
	organisationId: string;
	organisationName: string;
	/** An exact decimal as text, e.g. "33.333333": never a float. */
	weight: string;
	basis: string;
}

export async function listForBody(tx: Tx, bodyId: string): Promise<OrganisationWeight[]> {
	return tx<OrganisationWeight[]>`
		select w.organisation_id, o.name as organisation_name, w.weight::text as weight, w.basis
		from organisation_weights w join organisations o on o.id = w.organisation_id
		where w.body_id = ${bodyId} order by o.name`;
}

/** A decimal such as 30, 12.5 or 0.333333: up to 8 digits before the point and 6 after. */
export const DECIMAL_PATTERN = /^\d{1,8}(\.\d{1,6})?$/;

/** Sets (or, with weight null, removes) an organisation's weight in a body. */
export async function set(
	tx: Tx,
	bodyId: string,
	input: { organisationId: string; weight: string | null; basis: string },
	actorId: string
): Promise<Result<null>> {
	if (input.weight !== null && !DECIMAL_PATTERN.test(input.weight)) {
		return { ok: false, reason: 'Enter a weight as a number such as 30 or 12.5, with at most 6 decimal places' };
	}
	const [organisation] = await tx`select id from organisations where id = ${input.organisationId}`;
	if (!organisation) return { ok: false, reason: 'No such organisation' };
	const [before] = await tx`select weight::text as weight, basis from organisation_weights where body_id = ${bodyId} and organisation_id = ${input.organisationId}`;
	if (input.weight === null) {
		await tx`delete from organisation_weights where body_id = ${bodyId} and organisation_id = ${input.organisationId}`;
	} else {
		await tx`
			insert into organisation_weights (body_id, organisation_id, weight, basis)
			values (${bodyId}, ${input.organisationId}, ${input.weight}, ${input.basis})
			on conflict (body_id, organisation_id) do update set weight = excluded.weight, basis = excluded.basis`;
	}
	await audit.record(tx, {
		actorId,
		action: input.weight === null ? 'weight.remove' : 'weight.set',
		entity: 'organisation_weight',
		entityId: `${bodyId}/${input.organisationId}`,
		before: before ?? null,
		after: input.weight === null ? null : { weight: input.weight, basis: input.basis }
	});
	return { ok: true, value: null };
}

/** "30.000000" and "30" are the same weight: compare without trailing zeros. */
function sameDecimal(a: string, b: string): boolean {
	const trim = (v: string) => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v).replace(/^0+(?=\d)/, '');
	return trim(a) === trim(b);
}

/**
 * Sets every organisation's weight in a body at once: all are checked first, so one bad value saves nothing.
 * Unchanged rows are left alone, so the audit log records only real changes. Returns how many changed,
 * or the organisations whose weight is not a valid decimal.
 */
export async function setMany(
	tx: Tx,
	bodyId: string,
	inputs: { organisationId: string; weight: string | null; basis: string }[],
	actorId: string
): Promise<{ ok: true; value: { changed: number } } | { ok: false; reason: string; invalid: string[] }> {
	const invalid = inputs.filter((i) => i.weight !== null && !DECIMAL_PATTERN.test(i.weight)).map((i) => i.organisationId);
	if (invalid.length > 0) {
		return { ok: false, reason: 'Enter each weight as a number such as 30 or 12.5, with at most 6 decimal places', invalid };
	}
	const ids = [...new Set(inputs.map((i) => i.organisationId))];
	const known = ids.length === 0 ? [] : await tx<{ id: string }[]>`select id from organisations where id in ${tx(ids)}`;
	const missing = ids.filter((id) => !known.some((k) => k.id === id));
	if (missing.length > 0) return { ok: false, reason: 'One of the organisations does not exist', invalid: missing };
	const current = new Map((await listForBody(tx, bodyId)).map((w) => [w.organisationId, w]));
	let changed = 0;
	for (const input of inputs) {
		const before = current.get(input.organisationId);
		const unchanged =
			input.weight === null ? !before : !!before && sameDecimal(before.weight, input.weight) && before.basis === input.basis;
		if (unchanged) continue;
		const done = await set(tx, bodyId, input, actorId);
		// Checked above, so a refusal here means the data changed underneath: undo the whole save.
		if (!done.ok) throw new Error(`Weight not saved: ${done.reason}`);
		changed++;
	}
	return { ok: true, value: { changed } };
}
