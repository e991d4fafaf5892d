// Server processes for the benchmarks, started outside Vitest (tests/helpers/process.ts is for tests: it ties each
// child to the test that started it).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** What the portal logs once it listens, with its URL. */
export const PORTAL_LISTENING = /"url":"(http:\/\/[^"]+)".*"msg":"portal listening"/;

/** Starts a server process and resolves with the URL it prints (a JSON line with "url"). */
export function startServer(args: string[], env: Record<string, string>, pattern: RegExp): Promise<{ child: ChildProcess; url: string }> {
	const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	return new Promise((resolve, reject) => {
		const look = (chunk: Buffer) => {
			output += chunk;
			const match = pattern.exec(output);
			if (match) resolve({ child, url: match[1]! });
		};
		child.stdout!.on('data', look);
		child.stderr!.on('data', (chunk) => (output += chunk));
		child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`)));
	});
}


/**
 * Stops a server process and waits until it has exited: its data folder can be removed only then (an embedded
 * database still writing its files makes the removal fail). `how` is SIGTERM, or 'message' for a child that is told
 * 'stop' over its IPC channel; one that has not gone after 20 s is killed.
 */
export async function stopServer(child: ChildProcess, how: 'SIGTERM' | 'message' = 'SIGTERM'): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	if (how === 'message') child.send('stop');
	else child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
	await exited;
	clearTimeout(timer);
}

/** The machine's load average over 1, 5 and 15 minutes, as /proc/loadavg gives it: recorded beside every figure. */
export const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
