import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '$lib/domain/canonical-json';
import type { Sql, Tx } from './db';

// Rows are chained in order, so writers take turns: one lock, held to the end of the writer's transaction.
const AUDIT_LOCK = 72_015_002;
const GENESIS = '0'.repeat(64);

export interface AuditEntry {
	actorId: string | null;
	/** What was done, as noun.verb: 'membership.end', 'organisation.create'. */
	action: string;
	entity: string;
	entityId: string;
	before?: unknown;
	after?: unknown;
}

interface AuditRow {
	id: string;
	at: Date;
	actorId: string | null;
	action: string;
	entity: string;
	entityId: string;
	before: unknown;
	after: unknown;
	prevHash: string;
	hash: string;
}

function hashOf(row: Omit<AuditRow, 'id' | 'hash'>): string {
	const content = canonicalJson({
		at: row.at.toISOString(),
		actorId: row.actorId,
		action: row.action,
		entity: row.entity,
		entityId: row.entityId,
		before: row.before ?? null,
		after: row.after ?? null
	});
	return createHash('sha256').update(row.prevHash).update('\n').update(content).digest('hex');
}

/**
 * Appends an audit row chained to the previous one. Call it inside the transaction that makes the change,
 * so the change and its record commit or roll back together. Writers take turns on the chain's head row
 * (audit_head), locked to the end of the transaction. `alongside` are the act's own writes (data-modifying SQL),
 * sent in the same statement as the row, so an act that is one write costs two statements here, not three.
 */
export async function record(tx: Tx, entry: AuditEntry, alongside: ReturnType<Tx>[] = []): Promise<void> {
	await recordAll(tx, [entry], alongside);
}

/**
 * Appends several audit rows, chained in the order given, with the acts' own writes alongside: still two
 * statements however many rows (the ballots of a group commit, each its own row).
 */
export async function recordAll(tx: Tx, entries: AuditEntry[], alongside: ReturnType<Tx>[] = []): Promise<void> {
	if (entries.length === 0) throw new Error('recordAll needs at least one entry');
	const [head] = await tx<{ lastHash: string }[]>`select last_hash from audit_head for update`;
	// Millisecond precision: what a JS Date carries, so the hash can be recomputed from the stored row.
	const at = new Date();
	let prevHash = head?.lastHash ?? GENESIS;
	const rows = entries.map((entry) => {
		const before = entry.before === undefined ? null : JSON.parse(canonicalJson(entry.before));
		const after = entry.after === undefined ? null : JSON.parse(canonicalJson(entry.after));
		const row = { at, actorId: entry.actorId, action: entry.action, entity: entry.entity, entityId: entry.entityId, before, after, prevHash };
		const hash = hashOf(row);
		prevHash = hash;
		return { ...row, hash };
	});
	const changes = alongside.reduce((sql, change, i) => tx`${sql} ${tx(`change_${i}`)} as (${change}),`, tx``);
	// One VALUES list, in chain order: ids are drawn in the order of its rows, which is the order verify walks.
	const values = rows
		.map((r) => tx`(${r.at}, ${r.actorId}, ${r.action}, ${r.entity}, ${r.entityId}, ${tx.json(r.before)}, ${tx.json(r.after)}, ${r.prevHash}, ${r.hash})`)
		.reduce((list, value) => tx`${list}, ${value}`);
	// The head moves with the chain, in the same statement: see audit_head in migrations/008.
	await tx`
		with ${changes} appended as (
			insert into audit_log (at, actor_id, action, entity, entity_id, before, after, prev_hash, hash)
			values ${values}
			returning id
		)
		update audit_head set rows = rows + ${rows.length}, last_id = (select max(id) from appended), last_hash = ${prevHash}`;
}

/** Where the chain ends: how many rows, the last row's id and its hash. */
export interface ChainHead {
	rows: number;
	lastId: string;
	lastHash: string;
}

function sealOf(head: ChainHead, key: string): string {
	return createHmac('sha256', key).update(`${head.rows}\n${head.lastId}\n${head.lastHash}`).digest('hex');
}

/**
 * Writes a checkpoint of the chain's head sealed with `key` (AUDIT_KEY), unless the newest checkpoint already
 * seals it. The composition root calls it after audit rows are added and at shutdown.
 */
export async function seal(sql: Sql, key: string): Promise<boolean> {
	return sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(${AUDIT_LOCK})`;
		const [head] = await tx<{ rows: string; lastId: string; lastHash: string }[]>`select rows::text, last_id::text, last_hash from audit_head`;
		if (!head) return false;
		const [newest] = await tx<{ lastHash: string }[]>`select last_hash from audit_seals order by id desc limit 1`;
		if (newest?.lastHash === head.lastHash) return false;
		const current = { rows: Number(head.rows), lastId: head.lastId, lastHash: head.lastHash };
		await tx`
			insert into audit_seals (rows, last_id, last_hash, seal)
			values (${current.rows}, ${current.lastId}, ${current.lastHash}, ${sealOf(current, key)})`;
		return true;
	});
}

export type VerifyResult =
	| { intact: true; rows: number; head: ChainHead; sealedRows: number | null; notes: string[] }
	| { intact: false; rows: number; brokenAt: string; reason: string };

/**
 * Walks the whole chain, page by page, and reports the first row whose link or content does not match. Then it
 * compares the chain with things kept outside it: the head (audit_head), which catches rows cut off the end or the
 * table emptied, and, given AUDIT_KEY, the newest sealed checkpoint (audit_seals), which someone without the key
 * cannot forge.
 */
export async function verify(tx: Tx, options: { key?: string | null } = {}): Promise<VerifyResult> {
	const [head] = await tx<{ rows: string; lastId: string; lastHash: string }[]>`select rows::text, last_id::text, last_hash from audit_head`;
	const [sealed] = await tx<{ rows: string; lastId: string; lastHash: string; seal: string; at: Date }[]>`
		select rows::text, last_id::text, last_hash, seal, at from audit_seals order by id desc limit 1`;
	const notes: string[] = [];
	if (sealed && options.key) {
		const expected = Buffer.from(sealOf({ rows: Number(sealed.rows), lastId: sealed.lastId, lastHash: sealed.lastHash }, options.key), 'hex');
		const given = Buffer.from(sealed.seal, 'hex');
		if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
			return { intact: false, rows: 0, brokenAt: sealed.lastId, reason: `The newest sealed checkpoint (of ${sealed.at.toISOString()}) does not match AUDIT_KEY: it was altered, or sealed with another key` };
		}
	} else if (sealed) {
		notes.push('Sealed checkpoints were not checked: set AUDIT_KEY to the key the portal runs with');
	} else if (options.key) {
		notes.push('No sealed checkpoint yet: the portal writes one after audit rows are added while AUDIT_KEY is set');
	}
	let prevHash = GENESIS;
	let rows = 0;
	let afterId = '0';
	let sawSealed = false;
	for (;;) {
		const page = await tx<AuditRow[]>`select * from audit_log where id > ${afterId} order by id limit 1000`;
		if (page.length === 0) break;
		for (const row of page) {
			rows++;
			const label = `Row ${row.id} (${row.action} on ${row.entity} ${row.entityId} at ${row.at.toISOString()})`;
			if (row.prevHash !== prevHash) {
				return { intact: false, rows, brokenAt: row.id, reason: `${label} does not link to the row before it` };
			}
			if (hashOf(row) !== row.hash) {
				return { intact: false, rows, brokenAt: row.id, reason: `${label} has been altered: its content no longer matches its hash` };
			}
			if (sealed && options.key && row.id === sealed.lastId) {
				if (row.hash !== sealed.lastHash || rows !== Number(sealed.rows)) {
					return { intact: false, rows, brokenAt: row.id, reason: `${label} is not the row the sealed checkpoint of ${sealed.at.toISOString()} ends at` };
				}
				sawSealed = true;
			}
			prevHash = row.hash;
			afterId = row.id;
		}
	}
	const end: ChainHead = { rows, lastId: afterId, lastHash: prevHash };
	if (sealed && options.key && !sawSealed) {
		return {
			intact: false,
			rows,
			brokenAt: afterId,
			reason: `The newest rows have been cut off: the sealed checkpoint of ${sealed.at.toISOString()} records ${sealed.rows} rows ending at row ${sealed.lastId}, and the chain has ${rows}, ending at row ${afterId}`
		};
	}
	if (!head) return { intact: false, rows, brokenAt: afterId, reason: 'The chain’s head (audit_head) is missing' };
	if (Number(head.rows) > rows) {
		return {
			intact: false,
			rows,
			brokenAt: afterId,
			reason: `The newest rows have been cut off: the head records ${head.rows} rows ending at row ${head.lastId}, and the chain has ${rows}, ending at row ${afterId}`
		};
	}
	if (Number(head.rows) !== rows || head.lastHash !== prevHash) {
		return { intact: false, rows, brokenAt: afterId, reason: `The chain and its head disagree: the head records ${head.rows} rows ending at row ${head.lastId}, and the chain has ${rows}, ending at row ${afterId}` };
	}
	return { intact: true, rows, head: end, sealedRows: sealed && options.key ? Number(sealed.rows) : null, notes };
}

/** Recent rows, newest first, for the administrator's audit page. */
export async function listRecent(tx: Tx, limit = 100) {
	return tx<AuditRow[]>`select * from audit_log order by id desc limit ${limit}`;
}

