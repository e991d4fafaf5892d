import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface PortalProcess {
	child: ChildProcess;
	url: string;
	/** Everything the process has logged so far. */
	output(): string;
	/** Resolves with the exit code once the process ends. */
	exited: Promise<number | null>;
}

/** Runs `server/index.ts` in its own process (as `npm start` does after building) and waits until it listens. */
export async function spawnPortal(env: Record<string, string>, args: string[] = []): Promise<PortalProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('server/index.ts'), ...args], {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`portal did not start:\n${output}`)), 60_000);
		const look = () => {
			const match = output.match(/"url":"(http:\/\/[^"]+)".*"msg":"portal listening"/);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]!);
			}
		};
		child.stdout!.on('data', look);
		void exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`portal exited with ${code} before listening:\n${output}`));
		});
	});
	return { child, url, output: () => output, exited };
}
