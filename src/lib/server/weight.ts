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
