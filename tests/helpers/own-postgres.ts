import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startChild, stopChild, type StartedChild } from './children';
import { scaled } from './time';

/**
 * A PostgreSQL server of the test's own, on its own port and data folder, for tests that stop and start the
 * database: never the machine's shared server. Started from Debian's binaries (/usr/lib/postgresql/N/bin); as root
 * they run as the `postgres` user, since PostgreSQL refuses to run as root.
 */
export interface OwnPostgres {
	/** postgres://postgres@127.0.0.1:PORT/postgres */
	url: string;
	port: number;
	start(): Promise<void>;
	/** Stops it at once, as a crash would (SIGKILL to the postmaster and its backends). */
	kill(): Promise<void>;
	/** Stops it and removes its data folder. */
	remove(): Promise<void>;
}

/** The folder of PostgreSQL's server binaries, or null when the machine has none. */
export function postgresBinaries(): string | null {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return null;
	const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')));
	versions.sort((a, b) => Number(b) - Number(a));
	return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

const asRoot = process.getuid?.() === 0;
/** A command and its arguments, run as `postgres` when this process is root. */
const as = (command: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);

export async function ownPostgres(port: number): Promise<OwnPostgres> {
	const bin = postgresBinaries();
	if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-own-pg-'));
	if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
	const data = path.join(dir, 'data');
	execFileSync(...as(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']), { stdio: 'pipe' });
	let server: StartedChild | null = null;

	async function start() {
		server = startChild(
			...as(path.join(bin!, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'])
		);
		const deadline = Date.now() + scaled(30_000);
		while (Date.now() < deadline) {
			try {
				execFileSync(path.join(bin!, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'pipe' });
				return;
			} catch {
				if (server.child.exitCode !== null) throw new Error(`PostgreSQL on port ${port} exited:\n${server.output()}`);
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		}
		throw new Error(`PostgreSQL on port ${port} did not become ready:\n${server.output()}`);
	}
	async function kill() {
		if (server) await stopChild(server.child, 'SIGKILL');
		server = null;
	}
	await start();
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		port,
		start,
		kill,
		async remove() {
			await kill();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}
