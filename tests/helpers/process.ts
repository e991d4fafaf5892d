import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { startChild } from './children';
import { scaled } from './time';

export interface PortalProcess {
	child: ChildProcess;
	url: string;
	/** Everything the process has logged so far. */
	output(): string;
	/** Resolves with the exit code once the process ends. */
	exited: Promise<number | null>;
}

/**
 * Runs `server/index.ts` in its own process (as `npm start` does after building) and waits until it listens. The
 * process belongs to the test that started it (tests/helpers/children.ts): it is killed when that test ends.
 */
export async function spawnPortal(env: Record<string, string>, args: string[] = []): Promise<PortalProcess> {
	const { child, output, exited } = startChild(process.execPath, ['--import', 'tsx', path.resolve('server/index.ts'), ...args], {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }
	});
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`portal did not start:\n${output()}`)), scaled(90_000));
		const look = () => {
			const match = output().match(/"url":"(http:\/\/[^"]+)".*"msg":"portal listening"/);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]!);
			}
		};
		child.stdout!.on('data', look);
		void exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`portal exited with ${code} before listening:\n${output()}`));
		});
	});
	return { child, url, output, exited };
}

/**
 * tests/helpers/collab-server.ts (the collaboration server alone) in its own process, on the database `env` names
 * (DATABASE_URL, or embedded in DATA_DIR), and waits until it listens. Killed when the test that started it ends.
 */
export async function spawnCollabServer(env: Record<string, string>): Promise<PortalProcess> {
	const { child, output, exited } = startChild(process.execPath, ['--import', 'tsx', path.resolve('tests/helpers/collab-server.ts')], {
		env: { ...process.env, LOG_LEVEL: 'warn', ...env }
	});
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`collab server did not start:\n${output()}`)), scaled(60_000));
		child.stdout!.on('data', () => {
			const match = output().match(/\{"url":"(ws:\/\/[^"]+)"\}/);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]!);
			}
		});
		void exited.then(() => {
			clearTimeout(timer);
			reject(new Error(`collab server exited before listening:\n${output()}`));
		});
	});
	return { child, url, output, exited };
}

/** A port free on 127.0.0.1 now, for a server a test stops and starts again on the same address. */
export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	await new Promise((resolve) => server.close(resolve));
	return port;
}
