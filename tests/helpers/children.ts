import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, onTestFinished } from 'vitest';

/**
 * Every process a test starts goes through here, so that none outlives the test that started it, whatever the
 * outcome, a timeout included. Each child leads its own process group (npx, tsx and the portal are several
 * processes), and stopping it kills the whole group.
 *
 * Started inside a test, a child is stopped when that test finishes (onTestFinished runs after a timeout too, and
 * killing the child makes a test body still running after its timeout fail fast). Started in beforeAll, it is
 * stopped when the file's tests are done.
 */
const running = new Set<ChildProcess>();

// Registered once per test file (each file gets its own module instance in Vitest's workers).
afterAll(async () => {
	await stopAll();
});

export interface StartedChild {
	child: ChildProcess;
	/** Everything it has printed so far, stdout and stderr together. */
	output(): string;
	/** Resolves with the exit code (null when killed by a signal) once the process has ended and its output is read. */
	exited: Promise<number | null>;
}

/** Starts a process as a child this helper owns. */
export function startChild(command: string, args: string[], options: SpawnOptions = {}): StartedChild {
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
	running.add(child);
	let output = '';
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	child.once('exit', () => running.delete(child));
	// 'close' comes after the output has been read to its end, which 'exit' may precede.
	const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
	child.once('error', () => running.delete(child));
	try {
		onTestFinished(() => stopChild(child));
	} catch {
		// Not inside a test (beforeAll): the file's afterAll stops it.
	}
	return { child, output: () => output, exited };
}

/** Kills the child's whole process group (SIGKILL unless told otherwise) and waits until the child has gone. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
	const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group has gone already.
	}
	await gone;
	// The child has gone; its own children were sent the same signal, which on a busy machine they may take a
	// moment to act on. Wait until the group is empty (a zombie no reaper collects ends the wait after a while).
	for (let waited = 0; waited < 2_000 && groupAlive(child.pid); waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
}

function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Stops every child still running. */
export async function stopAll(): Promise<void> {
	await Promise.all([...running].map((child) => stopChild(child)));
}

/** Whether a process with this pid is running (for tests that check nothing was left behind); a zombie is not. */
export function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
	try {
		// "pid (name) S ...": the state follows the name's closing parenthesis.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return true; // no /proc here: kill(0) has answered
	}
}
