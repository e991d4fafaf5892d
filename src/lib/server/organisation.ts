import { pageWindow, type PageWindow } from '$lib/components/pagination';
import type { OrganisationKind } from '$lib/domain/roles';
import * as audit from './audit';
import type { Tx } from './db';
import { writeUnique, type Result } from './result';

const TAKEN = 'An organisation with that name or ODS code already exists';

export interface Organisation {
	id: string;
	name: string;
	kind: OrganisationKind;
	odsCode: string | null;
	endedOn: string | null;
}

export interface OrganisationInput {
	name: string;
	kind: OrganisationKind;
	odsCode: string | null;
}

export async function list(tx: Tx, options: { includeEnded?: boolean } = {}): Promise<Organisation[]> {
	return tx<Organisation[]>`
		select id, name, kind, ods_code, ended_on from organisations
		where ${options.includeEnded ? tx`true` : tx`ended_on is null`}
		order by name`;
}

/** What the organisations list is narrowed to: words of the name or ODS code, and a kind. */
export interface OrganisationFilter {
	q: string | null;
	kind: OrganisationKind | null;
}

/** `text` as an ILIKE pattern matching it anywhere, its own `%`, `_` and `\` taken literally. */
export const containing = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

function matching(tx: Tx, filter: OrganisationFilter) {
	const q = filter.q?.trim() || null;
	return tx`
		${q ? tx`(name ilike ${containing(q)} or ods_code ilike ${containing(q)})` : tx`true`}
		and ${filter.kind ? tx`kind = ${filter.kind}` : tx`true`}`;
}

/**
 * One page of the organisations, ended ones too, by name: those whose name or ODS code contains the search and
 * of the kind asked, counted and cut in SQL, with where the page sits (a page past the last shows the last).
 */
export async function searchPage(tx: Tx, filter: OrganisationFilter, page: number, perPage?: number): Promise<{ organisations: Organisation[]; window: PageWindow }> {
	const [counted] = await tx<{ n: number }[]>`select count(*)::int as n from organisations where ${matching(tx, filter)}`;
	const window = pageWindow(counted?.n ?? 0, page, perPage);
	const organisations = await tx<Organisation[]>`
		select id, name, kind, ods_code, ended_on from organisations
		where ${matching(tx, filter)}
		order by name, id
		limit ${window.limit} offset ${window.offset}`;
	return { organisations, window };
}

export async function get(tx: Tx, id: string): Promise<Organisation | null> {
	const [row] = await tx<Organisation[]>`select id, name, kind, ods_code, ended_on from organisations where id = ${id}`;
	return row ?? null;
}

/**
 * Another organisation already using this name or ODS code. Checked before writing because, inside a transaction,
 * postgres.js fails the whole transaction on a unique violation even when the error is caught.
 */
async function clash(tx: Tx, input: OrganisationInput, selfId: string | null): Promise<boolean> {
	const [row] = await tx<{ found: boolean }[]>`
		select exists (
			select 1 from organisations
			where (lower(name) = lower(${input.name}) or (${input.odsCode}::text is not null and upper(ods_code) = upper(${input.odsCode}::text)))
				and id is distinct from ${selfId}::uuid
		) as found`;
	return row?.found ?? false;
}

export async function create(tx: Tx, input: OrganisationInput, actorId: string | null): Promise<Result<Organisation>> {
	if (await clash(tx, input, null)) return { ok: false, reason: TAKEN };
	return writeUnique(
		tx,
		async (tx) => {
			const [row] = await tx<Organisation[]>`
				insert into organisations (name, kind, ods_code) values (${input.name}, ${input.kind}, ${input.odsCode})
				returning id, name, kind, ods_code, ended_on`;
			await audit.record(tx, { actorId, action: 'organisation.create', entity: 'organisation', entityId: row!.id, after: row });
			return row!;
		},
		TAKEN
	);
}

export async function update(tx: Tx, id: string, input: OrganisationInput, actorId: string): Promise<Result<Organisation>> {
	const before = await get(tx, id);
	if (!before) return { ok: false, reason: 'No such organisation' };
	if (await clash(tx, input, id)) return { ok: false, reason: TAKEN };
	return writeUnique(
		tx,
		async (tx) => {
			const [row] = await tx<Organisation[]>`
				update organisations set name = ${input.name}, kind = ${input.kind}, ods_code = ${input.odsCode}
				where id = ${id} returning id, name, kind, ods_code, ended_on`;
			await audit.record(tx, { actorId, action: 'organisation.update', entity: 'organisation', entityId: id, before, after: row });
			return row!;
		},
		TAKEN
	);
}

/** Ends an organisation (a CCG merged or abolished); its history stays. */
export async function end(tx: Tx, id: string, endedOn: string, actorId: string): Promise<Result<Organisation>> {
	const before = await get(tx, id);
	if (!before) return { ok: false, reason: 'No such organisation' };
	if (before.endedOn) return { ok: false, reason: `${before.name} already ended on ${before.endedOn}` };
	const [row] = await tx<Organisation[]>`
		update organisations set ended_on = ${endedOn} where id = ${id} returning id, name, kind, ods_code, ended_on`;
	await audit.record(tx, { actorId, action: 'organisation.end', entity: 'organisation', entityId: id, before, after: row });
	return { ok: true, value: row! };
}
