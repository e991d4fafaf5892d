// For looking into the server's memory during bench/soak.ts (SOAK_INSPECT=1): the server is started with
// --inspect on a port of its own, and this asks it through the inspector protocol what process.memoryUsage()
// says, before and after a full garbage collection. RSS alone cannot tell the JavaScript heap from the embedded
// database: PGlite's WebAssembly memory is counted in `external` (not in `arrayBuffers`), so external minus
// arrayBuffers is mostly the database's.
import WebSocket from 'ws';

/** The inspector's websocket URL, from what the server prints on stderr when it starts with --inspect. */
export const INSPECTOR_LISTENING = /Debugger listening on (ws:\/\/\S+)/;

export interface MemoryUsage {
	rssMb: number;
	heapUsedMb: number;
	heapTotalMb: number;
	externalMb: number;
	arrayBuffersMb: number;
}

export interface Inspector {
	/** process.memoryUsage() in the server, in MB; after a full collection with `collect`. */
	memory(collect: boolean): Promise<MemoryUsage>;
	close(): void;
}

export async function connectInspector(url: string): Promise<Inspector> {
	const ws = new WebSocket(url);
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	let id = 0;
	const pending = new Map<number, (result: unknown) => void>();
	ws.on('message', (data: Buffer) => {
		const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
		if (message.id !== undefined) pending.get(message.id)?.(message.result);
		pending.delete(message.id!);
	});
	const call = (method: string, params: Record<string, unknown> = {}) =>
		new Promise<unknown>((resolve) => {
			pending.set(++id, resolve);
			ws.send(JSON.stringify({ id, method, params }));
		});
	const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
	return {
		async memory(collect) {
			if (collect) await call('HeapProfiler.collectGarbage');
			const answer = (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as { result: { value: string } };
			const usage = JSON.parse(answer.result.value) as NodeJS.MemoryUsage;
			return { rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed), heapTotalMb: mb(usage.heapTotal), externalMb: mb(usage.external), arrayBuffersMb: mb(usage.arrayBuffers) };
		},
		close: () => ws.close()
	};
}
