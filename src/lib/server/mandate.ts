import * as audit from './audit';
import type { Tx } from './db';
import type { Result } from './result';

/** What a representative may commit an organisation to, and the evidence (its scheme of delegation). */
export interface Mandate {
	id: string;
	membershipId: string;
	organisationId: string;
	organisationName: string;
	categories: string[];
	financialLimitPence: string;
	expiresOn: string;
	evidence: string;
	endedOn: string | null;
}

export interface MandateInput {
	organisationId: string;
	categories: string[];
	financialLimitPence: bigint;
	expiresOn: string;
	evidence: string;
}

const select = (tx: Tx) => tx`
	select m.id, m.membership_id, m.organisation_id, o.name as organisation_name, m.categories,
		m.financial_limit_pence::text as financial_limit_pence, m.expires_on, m.evidence, m.ended_on
	from mandates m join organisations o on o.id = m.organisation_id`;

export async function listForMembership(tx: Tx, membershipId: string): Promise<Mandate[]> {
	return tx<Mandate[]>`${select(tx)} where m.membership_id = ${membershipId} order by m.ended_on nulls first, m.expires_on desc`;
}

export async function get(tx: Tx, id: string): Promise<Mandate | null> {
	const [row] = await tx<Mandate[]>`${select(tx)} where m.id = ${id}`;
	return row ?? null;
}

/** Records a mandate for an organisation the member represents. */
export async function create(tx: Tx, membershipId: string, input: MandateInput, actorId: string | null): Promise<Result<Mandate>> {
	const [represents] = await tx`
		select 1 from membership_organisations where membership_id = ${membershipId} and organisation_id = ${input.organisationId}`;
	if (!represents) return { ok: false, reason: 'A mandate is for an organisation the member represents: add it to the membership first' };
	if (input.categories.length === 0) return { ok: false, reason: 'Name at least one decision category the mandate covers' };
	const [row] = await tx<{ id: string }[]>`
		insert into mandates (membership_id, organisation_id, categories, financial_limit_pence, expires_on, evidence)
		values (${membershipId}, ${input.organisationId}, ${input.categories}, ${input.financialLimitPence.toString()}, ${input.expiresOn}, ${input.evidence})
		returning id`;
	const created = (await get(tx, row!.id))!;
	await audit.record(tx, { actorId, action: 'mandate.create', entity: 'mandate', entityId: created.id, after: created });
	return { ok: true, value: created };
}

export async function end(tx: Tx, id: string, endedOn: string, actorId: string): Promise<Result<Mandate>> {
	const before = await get(tx, id);
	if (!before) return { ok: false, reason: 'No such mandate' };
	if (before.endedOn) return { ok: false, reason: `This mandate already ended on ${before.endedOn}` };
	await tx`update mandates set ended_on = ${endedOn} where id = ${id}`;
	const after = (await get(tx, id))!;
	await audit.record(tx, { actorId, action: 'mandate.end', entity: 'mandate', entityId: id, before, after });
	return { ok: true, value: after };
}
