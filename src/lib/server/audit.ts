import { createHash } from 'node:crypto';
import { canonicalJson } from '$lib/domain/canonical-json';
import type { Tx } from './db';

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
 * so the change and its record commit or roll back together.
 */
export async function record(tx: Tx, entry: AuditEntry): Promise<void> {
	await tx`select pg_advisory_xact_lock(${AUDIT_LOCK})`;
	const [last] = await tx<{ hash: string }[]>`select hash from audit_log order by id desc limit 1`;
	// Millisecond precision: what a JS Date carries, so the hash can be recomputed from the stored row.
	const at = new Date();
	const before = entry.before === undefined ? null : JSON.parse(canonicalJson(entry.before));
	const after = entry.after === undefined ? null : JSON.parse(canonicalJson(entry.after));
	const row = { at, actorId: entry.actorId, action: entry.action, entity: entry.entity, entityId: entry.entityId, before, after, prevHash: last?.hash ?? GENESIS };
	const hash = hashOf(row);
	await tx`
		insert into audit_log (at, actor_id, action, entity, entity_id, before, after, prev_hash, hash)
		values (${at}, ${row.actorId}, ${row.action}, ${row.entity}, ${row.entityId}, ${tx.json(before)}, ${tx.json(after)}, ${row.prevHash}, ${hash})`;
}

export type VerifyResult =
	| { intact: true; rows: number }
	| { intact: false; rows: number; brokenAt: string; reason: string };

/** Walks the whole chain, page by page, and reports the first row whose link or content does not match. */
export async function verify(tx: Tx): Promise<VerifyResult> {
	let prevHash = GENESIS;
	let rows = 0;
	let afterId = '0';
	for (;;) {
		const page = await tx<AuditRow[]>`select * from audit_log where id > ${afterId} order by id limit 1000`;
		if (page.length === 0) return { intact: true, rows };
		for (const row of page) {
			rows++;
			const label = `Row ${row.id} (${row.action} on ${row.entity} ${row.entityId} at ${row.at.toISOString()})`;
			if (row.prevHash !== prevHash) {
				return { intact: false, rows, brokenAt: row.id, reason: `${label} does not link to the row before it` };
			}
			if (hashOf(row) !== row.hash) {
				return { intact: false, rows, brokenAt: row.id, reason: `${label} has been altered: its content no longer matches its hash` };
			}
			prevHash = row.hash;
			afterId = row.id;
		}
	}
}

/** Recent rows, newest first, for the administrator's audit page. */
export async function listRecent(tx: Tx, limit = 100) {
	return tx<AuditRow[]>`select * from audit_log order by id desc limit ${limit}`;
}

