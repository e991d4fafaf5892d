// The servers of bench/collab-sync-storm.ts and bench/collab-memory.ts, each in a process of its own:
//   portal       the real built server (server/index.ts with build/), on embedded PGlite or DATABASE_URL, seeded
//                with a body and, if given, a document already stored (loaded from storage as the portal does)
//   y-websocket  y-websocket 1.x's reference server (bin/utils), no persistence (bench/collab-flood-server.ts)
//   hocuspocus   Hocuspocus 3 with its database extension, on the same kind of database (the same file)
// With `inspect`, the process listens for the inspector on a port of its own, so that a measurement can ask V8 for
// a full garbage collection first (collectGarbage): the same for every server.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createPostgresStorage } from '../src/lib/server/document-storage';
import { seedBody, type SeededBody } from '../tests/helpers/collab';
import { newDatabaseLocation, seedAndClose, type DatabaseLocation } from '../tests/helpers/database';
import type { PeerKind } from './collab-sync-clients';
import { PORTAL_LISTENING, stopServer } from './servers';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = path.resolve(HERE, '..');

export interface BenchServer {
	kind: PeerKind;
	/** The base websocket URL (ws://host:port/collab for the portal). */
	url: string;
	pid: number;
	/** Document names: a large one (stored beforehand on the portal) and a small one, on a body the cookies belong to. */
	names: { large: string; small: string };
	/** Session cookies of two people on the body (null for the peers, which check no one). */
	cookies: { editor: string | null; member: string | null };
	/** Asks V8 in the server's process for a full garbage collection (with `inspect` only); resolves with the heap used then. */
	collectGarbage(): Promise<number>;
	/** Resident memory of the server's process (Linux /proc), in bytes. */
	rss(): number;
	stop(): Promise<void>;
}

const PEER_NAME = (kind: string) => `${kind}:00000000-0000-4000-8000-000000000000`;

/** Starts `kind`; on the portal, `stored` (if given) is already in storage as the large document's snapshot. */
export async function startBenchServer(kind: PeerKind, options: { stored?: Uint8Array; inspect?: boolean; env?: Record<string, string> } = {}): Promise<BenchServer> {
	const inspectArgs = options.inspect ? ['--inspect=127.0.0.1:0'] : [];
	let location: DatabaseLocation | null = null;
	let seeded: SeededBody | null = null;
	let child: ChildProcess;
	let url: string;
	let inspector: Promise<string> | null = null;
	try {
		if (kind === 'portal') {
			location = await newDatabaseLocation();
			const stored = options.stored;
			seeded = await seedAndClose(location, async (sql) => {
				const made = await seedBody(sql, ['secretariat', 'voting_member']);
				if (stored) {
					const storage = createPostgresStorage(sql);
					await storage.append(`terms-of-reference:${made.bodyId}`, stored);
					await storage.compact(`terms-of-reference:${made.bodyId}`);
				}
				return made;
			});
			const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '', REDIS_URL: '', ...options.env };
			({ child, inspector } = launch([...inspectArgs, path.join(ROOT, 'server/index.ts')], env));
			url = `${(await listening(child, PORTAL_LISTENING)).replace(/^http/, 'ws')}/collab`;
		} else {
			const env: Record<string, string> = { ...options.env };
			if (kind === 'hocuspocus') {
				location = await newDatabaseLocation();
				Object.assign(env, { DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '' });
			}
			({ child, inspector } = launch([...inspectArgs, path.join(HERE, 'collab-flood-server.ts'), kind], env, true));
			url = await new Promise<string>((resolve, reject) => {
				child.on('message', (m: { url?: string }) => m.url && resolve(m.url));
				child.once('exit', (code) => reject(new Error(`${kind} exited (${code})`)));
			});
		}
	} catch (error) {
		await location?.remove();
		throw error;
	}
	const pid = child.pid!;
	return {
		kind,
		url,
		pid,
		names: seeded ? { large: `terms-of-reference:${seeded.bodyId}`, small: `raci:${seeded.bodyId}` } : { large: PEER_NAME('terms-of-reference'), small: PEER_NAME('raci') },
		cookies: { editor: seeded?.cookies.secretariat ?? null, member: seeded?.cookies.voting_member ?? null },
		async collectGarbage() {
			if (!inspector) throw new Error('started without inspect');
			return collectGarbage(await inspector);
		},
		rss: () => {
			const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
			return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
		},
		async stop() {
			await stopServer(child, kind === 'portal' ? 'SIGTERM' : 'message');
			await location?.remove();
		}
	};
}

/** A node process with tsx; what it prints is read (and kept from filling the pipes); the inspector's URL if any. */
function launch(args: string[], env: Record<string, string>, ipc = false): { child: ChildProcess; inspector: Promise<string> | null } {
	const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])]
	});
	child.stdout!.resume();
	const inspector = args.some((arg) => arg.startsWith('--inspect'))
		? new Promise<string>((resolve) => {
				let err = '';
				child.stderr!.on('data', (chunk: Buffer) => {
					err += chunk;
					const match = /Debugger listening on (ws:\/\/\S+)/.exec(err);
					if (match) resolve(match[1]!);
				});
			})
		: null;
	if (!inspector) child.stderr!.resume();
	return { child, inspector };
}

function listening(child: ChildProcess, pattern: RegExp): Promise<string> {
	let output = '';
	return new Promise((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk;
			const match = pattern.exec(output);
			if (match) {
				output = '';
				resolve(match[1]!);
			}
		});
		child.once('exit', (code) => reject(new Error(`the portal exited with ${code}:\n${output.slice(-4000)}`)));
	});
}

/** HeapProfiler.collectGarbage through the inspector protocol (a full, compacting collection), then the heap used. */
async function collectGarbage(inspectorUrl: string): Promise<number> {
	const ws = new WebSocket(inspectorUrl);
	await new Promise((resolve, reject) => {
		ws.once('open', resolve);
		ws.once('error', reject);
	});
	const replies = new Map<number, (reply: { result?: { usedSize?: number }; error?: unknown }) => void>();
	ws.on('message', (data: Buffer) => {
		const reply = JSON.parse(data.toString()) as { id?: number; result?: { usedSize?: number }; error?: unknown };
		if (reply.id !== undefined) replies.get(reply.id)?.(reply);
	});
	const call = (id: number, method: string) =>
		new Promise<{ usedSize?: number }>((resolve, reject) => {
			replies.set(id, (reply) => (reply.error ? reject(new Error(JSON.stringify(reply.error))) : resolve(reply.result ?? {})));
			ws.send(JSON.stringify({ id, method }));
		});
	await call(1, 'HeapProfiler.collectGarbage');
	const { usedSize } = await call(2, 'Runtime.getHeapUsage');
	ws.close();
	return usedSize ?? 0;
}
