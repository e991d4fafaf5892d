import * as governance from '$lib/domain/governance';
import * as audit from './audit';
import type { Tx } from './db';
import type { Result } from './result';

/** A body's structured rules as in force, with where they came from. */
export interface RulesInForce {
	id: string;
	rules: governance.GovernanceRules;
	source: 'entered' | 'adopted';
	note: string;
	createdAt: Date;
}

export interface DelegationRow {
	id: string;
	bodyId: string;
	categories: string[];
	financialLimitPence: string;
	validFrom: string;
	validTo: string | null;
	note: string;
	endedOn: string | null;
}

/** The rules in force for a body now: the newest recorded set. Null when the body has none yet. */
export async function current(tx: Tx, bodyId: string): Promise<RulesInForce | null> {
	const [row] = await tx<StoredRules[]>`
		select id, rules, source, note, created_at from body_rules where body_id = ${bodyId} order by created_at desc, id desc limit 1`;
	return row ? parseStored(row, bodyId) : null;
}

interface StoredRules {
	id: string;
	rules: unknown;
	source: 'entered' | 'adopted';
	note: string;
	createdAt: Date;
}

/** Rules as stored, parsed: the one place stored rules are read. */
export function parseStoredRules(row: { id: string; rules: unknown }, bodyId: string): governance.GovernanceRules {
	const parsed = governance.parseRules(row.rules);
	// Stored rules were checked when recorded; failing now means the schema moved on without a migration.
	if (!parsed.ok) throw new Error(`Stored rules ${row.id} of body ${bodyId} no longer parse: ${parsed.problems.join('; ')}`);
	return parsed.rules;
}

function parseStored(row: StoredRules, bodyId: string): RulesInForce {
	return { id: row.id, rules: parseStoredRules(row, bodyId), source: row.source, note: row.note, createdAt: row.createdAt };
}

/** Records a new set of rules for a body after checking it against the schema, listing every problem. */
export async function record(
	tx: Tx,
	bodyId: string,
	input: unknown,
	options: { source: 'entered' | 'adopted'; note: string },
	actorId: string | null
): Promise<{ ok: true; value: RulesInForce } | { ok: false; problems: string[] }> {
	const parsed = governance.parseRules(input);
	if (!parsed.ok) return parsed;
	const before = await current(tx, bodyId);
	await tx`
		insert into body_rules (body_id, rules, source, note, recorded_by)
		values (${bodyId}, ${tx.json(input as never)}, ${options.source}, ${options.note}, ${actorId})`;
	const after = (await current(tx, bodyId))!;
	await audit.record(tx, { actorId, action: 'rules.record', entity: 'body', entityId: bodyId, before: before?.rules ?? null, after: { source: options.source, rules: input } });
	return { ok: true, value: after };
}

export async function listDelegations(tx: Tx, bodyId: string): Promise<DelegationRow[]> {
	return tx<DelegationRow[]>`
		select id, body_id, categories, financial_limit_pence::text as financial_limit_pence, valid_from, valid_to, note, ended_on
		from delegations where body_id = ${bodyId} order by ended_on nulls first, valid_from desc`;
}

/** The delegations still in force (not ended), as the rules engine reads them. */
export async function delegationsFor(tx: Tx, bodyId: string, fromName: string): Promise<governance.Delegation[]> {
	const rows = await listDelegations(tx, bodyId);
	return rows
		.filter((row) => !row.endedOn)
		.map((row) => ({
			categories: row.categories,
			financialLimitPence: Number(row.financialLimitPence),
			validFrom: row.validFrom,
			...(row.validTo ? { validTo: row.validTo } : {}),
			from: fromName
		}));
}

export interface DelegationInput {
	categories: string[];
	financialLimitPence: bigint;
	validFrom: string;
	validTo: string | null;
	note: string;
}

/**
 * Records a delegation to a body. When the body has a parent that itself holds delegations, the new one must fit
 * inside what the parent holds (a body can delegate only what it holds: DOMAIN.md worked example 8).
 */
export async function addDelegation(tx: Tx, bodyId: string, input: DelegationInput, actorId: string): Promise<Result<DelegationRow>> {
	if (input.categories.length === 0) return { ok: false, reason: 'Name at least one decision category' };
	if (input.validTo && input.validTo < input.validFrom) return { ok: false, reason: 'The end of validity must be on or after its start' };
	if (input.financialLimitPence > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'That financial limit is too large' };
	const [parent] = await tx<{ id: string; name: string; kind: string }[]>`
		select p.id, p.name, p.kind from bodies b join bodies p on p.id = b.parent_id where b.id = ${bodyId}`;
	const [self] = await tx<{ name: string }[]>`select name from bodies where id = ${bodyId}`;
	if (!self) return { ok: false, reason: 'No such body' };
	// A regional team's authority comes from NHS England itself, outside the portal; below it, the chain is checked.
	if (parent && parent.kind !== 'regional_team') {
		const held = await delegationsFor(tx, parent.id, parent.name);
		const check = governance.checkSubDelegation({
			delegatingBody: { name: parent.name, delegations: held },
			subGroupName: self.name,
			proposed: {
				categories: input.categories,
				financialLimitPence: Number(input.financialLimitPence),
				validFrom: input.validFrom,
				...(input.validTo ? { validTo: input.validTo } : {})
			}
		});
		if (!check.ok) return { ok: false, reason: check.reason };
	}
	const [row] = await tx<{ id: string }[]>`
		insert into delegations (body_id, categories, financial_limit_pence, valid_from, valid_to, note)
		values (${bodyId}, ${input.categories}, ${input.financialLimitPence.toString()}, ${input.validFrom}, ${input.validTo}, ${input.note})
		returning id`;
	const created = (await listDelegations(tx, bodyId)).find((d) => d.id === row!.id)!;
	await audit.record(tx, { actorId, action: 'delegation.create', entity: 'delegation', entityId: created.id, after: created });
	return { ok: true, value: created };
}

export async function endDelegation(tx: Tx, id: string, endedOn: string, actorId: string): Promise<Result<null>> {
	const [row] = await tx<{ endedOn: string | null }[]>`select ended_on from delegations where id = ${id}`;
	if (!row) return { ok: false, reason: 'No such delegation' };
	if (row.endedOn) return { ok: false, reason: `This delegation already ended on ${row.endedOn}` };
	await tx`update delegations set ended_on = ${endedOn} where id = ${id}`;
	await audit.record(tx, { actorId, action: 'delegation.end', entity: 'delegation', entityId: id, after: { endedOn } });
	return { ok: true, value: null };
}
