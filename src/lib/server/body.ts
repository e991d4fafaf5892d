import type { BodyKind } from '$lib/domain/roles';
import * as audit from './audit';
import type { Tx } from './db';
import { writeUnique, type Result } from './result';

const TAKEN = 'A body with that name already exists';

export interface Body {
	id: string;
	name: string;
	kind: BodyKind;
	parentId: string | null;
	parentName: string | null;
	endedOn: string | null;
}

export interface BodyInput {
	name: string;
	kind: BodyKind;
	parentId: string | null;
}

const columns = (tx: Tx) => tx`b.id, b.name, b.kind, b.parent_id, p.name as parent_name, b.ended_on`;

export async function list(tx: Tx): Promise<Body[]> {
	return tx<Body[]>`select ${columns(tx)} from bodies b left join bodies p on p.id = b.parent_id order by b.name`;
}

export async function get(tx: Tx, id: string): Promise<Body | null> {
	const [row] = await tx<Body[]>`select ${columns(tx)} from bodies b left join bodies p on p.id = b.parent_id where b.id = ${id}`;
	return row ?? null;
}

export async function children(tx: Tx, id: string): Promise<Body[]> {
	return tx<Body[]>`select ${columns(tx)} from bodies b left join bodies p on p.id = b.parent_id where b.parent_id = ${id} order by b.name`;
}

/** True when `candidateId` is `bodyId` or below it: making it the parent would close a loop. */
async function isWithin(tx: Tx, candidateId: string, bodyId: string): Promise<boolean> {
	const [row] = await tx<{ found: boolean }[]>`
		with recursive below as (
			select id from bodies where id = ${bodyId}
			union select b.id from bodies b join below on b.parent_id = below.id
		)
		select exists (select 1 from below where id = ${candidateId}) as found`;
	return row?.found ?? false;
}

/**
 * Another body already using this name. Checked before writing because, inside a transaction,
 * postgres.js fails the whole transaction on a unique violation even when the error is caught.
 */
async function nameTaken(tx: Tx, name: string, selfId: string | null): Promise<boolean> {
	const [row] = await tx<{ found: boolean }[]>`
		select exists (select 1 from bodies where lower(name) = lower(${name}) and id is distinct from ${selfId}::uuid) as found`;
	return row?.found ?? false;
}

export async function create(tx: Tx, input: BodyInput, actorId: string | null): Promise<Result<Body>> {
	if (input.parentId && !(await get(tx, input.parentId))) return { ok: false, reason: 'The parent body does not exist' };
	if (await nameTaken(tx, input.name, null)) return { ok: false, reason: TAKEN };
	return writeUnique(
		tx,
		async (tx) => {
			const [row] = await tx<{ id: string }[]>`
				insert into bodies (name, kind, parent_id) values (${input.name}, ${input.kind}, ${input.parentId}) returning id`;
			const created = (await get(tx, row!.id))!;
			await audit.record(tx, { actorId, action: 'body.create', entity: 'body', entityId: created.id, after: created });
			return created;
		},
		TAKEN
	);
}

export async function update(tx: Tx, id: string, input: BodyInput, actorId: string): Promise<Result<Body>> {
	const before = await get(tx, id);
	if (!before) return { ok: false, reason: 'No such body' };
	if (input.parentId && (await isWithin(tx, input.parentId, id))) {
		return { ok: false, reason: 'A body cannot sit under itself or one of its own sub-groups' };
	}
	if (input.parentId && !(await get(tx, input.parentId))) return { ok: false, reason: 'The parent body does not exist' };
	if (await nameTaken(tx, input.name, id)) return { ok: false, reason: TAKEN };
	return writeUnique(
		tx,
		async (tx) => {
			await tx`update bodies set name = ${input.name}, kind = ${input.kind}, parent_id = ${input.parentId} where id = ${id}`;
			const after = (await get(tx, id))!;
			await audit.record(tx, { actorId, action: 'body.update', entity: 'body', entityId: id, before, after });
			return after;
		},
		TAKEN
	);
}

export async function end(tx: Tx, id: string, endedOn: string, actorId: string): Promise<Result<Body>> {
	const before = await get(tx, id);
	if (!before) return { ok: false, reason: 'No such body' };
	if (before.endedOn) return { ok: false, reason: `${before.name} already ended on ${before.endedOn}` };
	await tx`update bodies set ended_on = ${endedOn} where id = ${id}`;
	const after = (await get(tx, id))!;
	await audit.record(tx, { actorId, action: 'body.end', entity: 'body', entityId: id, before, after });
	return { ok: true, value: after };
}
