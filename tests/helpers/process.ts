import type { ChildProcess } from 'node:child_process';
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
