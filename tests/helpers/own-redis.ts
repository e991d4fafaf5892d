import { execFileSync } from 'node:child_process';
import { startChild, stopChild, type StartedChild } from './children';
import { scaled } from './time';

/**
 * A redis-server of the test's own on its own port, keeping nothing on disk, for tests that stop and start Redis:
 * never the machine's shared server.
 */
export interface OwnRedis {
	url: string;
	start(): Promise<void>;
	/** Stops it at once, as a crash would. */
	kill(): Promise<void>;
}

export function redisServerPath(): string | null {
	try {
		return execFileSync('which', ['redis-server'], { encoding: 'utf8' }).trim() || null;
	} catch {
		return null;
	}
}

export async function ownRedis(port: number): Promise<OwnRedis> {
	const bin = redisServerPath();
	if (!bin) throw new Error('redis-server not found');
	let server: StartedChild | null = null;
	async function start() {
		server = startChild(bin!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
		const deadline = Date.now() + scaled(20_000);
		while (!/Ready to accept connections/.test(server.output())) {
			if (server.child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start:\n${server.output()}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
	await start();
	return {
		url: `redis://127.0.0.1:${port}`,
		start,
		async kill() {
			if (server) await stopChild(server.child, 'SIGKILL');
			server = null;
		}
	};
}
