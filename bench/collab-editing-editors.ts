// The editors of some of bench/collab-editing.ts's documents, in a process of their own (the load generator is split
// over a few such processes, each with whole documents, so that a document's editors share one clock). Started
// with a JSON argument { kind, url, documents, cookies, firstEditor, totalEditors }: connects one client per editor
// per document (kind as collab-flood-clients.ts takes it), says { ready } once every client has synced, then:
//   { go: { startAt, ratePerEditor, warmupMs, measureMs, drainMs } }
//            from startAt (performance.timeOrigin + now, comparable across processes) each editor inserts one
//            character at a random place, ratePerEditor times a second, staggered across all editors of the run so
//            the updates arrive evenly; stops after warmupMs + measureMs, waits until every update has reached every
//            other editor of its document (at most drainMs), and says { result }: for each update sent inside the
//            measured window, the time from its insert until the last of the other editors had it (null: not
//            within drainMs), and each delivery's time on its own
//   'seen'   says { seen }: for each document and editor, how many of its updates the others had (the most any had)
//            and how many it sent; what the server had relayed when asked
//   'stop'   closes every client and exits
import * as Y from 'yjs';
import { connect, type Client } from './collab-flood-clients';

const { kind, url, documents, cookies, firstEditor, totalEditors } = JSON.parse(process.argv[2]!) as {
	kind: string;
	url: string;
	documents: string[];
	/** One per editor of a document (the same person edits every document), or null for servers with no sign-in. */
	cookies: (string | null)[];
	/** This process's first editor in the run's order, and how many editors the run has: for the stagger. */
	firstEditor: number;
	totalEditors: number;
};

interface Editor {
	client: Client;
	id: number;
	/** When each of its updates was made, by performance.now(): index k is the update that took its clock to k + 1. */
	sentAt: number[];
	/** Whether update k falls in the measured window. */
	measured: boolean[];
}

interface OpenDocument {
	name: string;
	editors: Editor[];
	/** For each sender, for each of its updates: how many of the other editors have it. */
	arrived: Map<number, number[]>;
}

// Each client listens for the process's exit: a hundred of them are not a leak.
process.setMaxListeners(0);
const open: OpenDocument[] = documents.map((name) => ({
	name,
	editors: cookies.map((cookie) => {
		const client = connect(kind, url, name, cookie);
		return { client, id: client.doc.clientID, sentAt: [], measured: [] };
	}),
	arrived: new Map()
}));
await Promise.all(open.flatMap((document) => document.editors.map((editor) => editor.client.synced)));

/** Each update's time until all the other editors have it, and each delivery's time. */
const allHave: (number | null)[] = [];
const allHaveIndex = new Map<string, number>();
const deliveries: number[] = [];

for (const document of open) {
	for (const editor of document.editors) document.arrived.set(editor.id, []);
	for (const receiver of document.editors) {
		// What this receiver has of each other editor: Y.getState is its clock, one per one-character insert.
		const had = new Map(document.editors.filter((e) => e !== receiver).map((e) => [e, Y.getState(receiver.client.doc.store, e.id)]));
		receiver.client.doc.on('update', () => {
			const now = performance.now();
			for (const [sender, before] of had) {
				const state = Y.getState(receiver.client.doc.store, sender.id);
				if (state <= before) continue;
				had.set(sender, state);
				const counts = document.arrived.get(sender.id)!;
				for (let k = before; k < state; k++) {
					counts[k] = (counts[k] ?? 0) + 1;
					if (!sender.measured[k]) continue;
					deliveries.push(now - sender.sentAt[k]!);
					if (counts[k] === document.editors.length - 1) allHave[allHaveIndex.get(`${sender.id}:${k}`)!] = now - sender.sentAt[k]!;
				}
			}
		});
	}
}
process.send!({ ready: true });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function go({ startAt, ratePerEditor, warmupMs, measureMs, drainMs }: { startAt: number; ratePerEditor: number; warmupMs: number; measureMs: number; drainMs: number }) {
	const start = startAt - performance.timeOrigin;
	const period = 1000 / ratePerEditor;
	const end = start + warmupMs + measureMs;
	const editors = open.flatMap((document) => document.editors);
	// Editor i of the run starts i / totalEditors of a period in: the run's updates come evenly spaced.
	const next = editors.map((_, i) => start + (((firstEditor + i) % totalEditors) / totalEditors) * period);
	/** How late each update was made against its schedule: whether this process kept up. */
	const lateness: number[] = [];
	let sent = 0;
	for (;;) {
		const now = performance.now();
		let soonest = Infinity;
		let any = false;
		for (let i = 0; i < editors.length; i++) {
			if (next[i]! >= end) continue;
			any = true;
			if (next[i]! <= now) {
				const editor = editors[i]!;
				const scheduled = next[i]!;
				const inWindow = scheduled >= start + warmupMs;
				if (inWindow) {
					allHaveIndex.set(`${editor.id}:${editor.sentAt.length}`, allHave.length);
					allHave.push(null);
					lateness.push(performance.now() - scheduled);
				}
				editor.measured.push(inWindow);
				editor.sentAt.push(performance.now());
				const text = editor.client.text;
				text.insert(Math.floor(Math.random() * (text.length + 1)), 'x');
				sent++;
				next[i] = scheduled + period;
			}
			soonest = Math.min(soonest, next[i]!);
		}
		if (!any) break;
		const wait = soonest - performance.now();
		await (wait >= 1 ? sleep(Math.floor(wait)) : new Promise((resolve) => setImmediate(resolve)));
	}
	const drainUntil = performance.now() + drainMs;
	while (allHave.includes(null) && performance.now() < drainUntil) await sleep(20);
	// Every editor of a document ends with the same text: nothing lost or doubled.
	let converged = true;
	for (const document of open) {
		const texts = document.editors.map((editor) => editor.client.text.toString());
		const expected = document.editors.reduce((sum, editor) => sum + editor.sentAt.length, 0);
		if (texts.some((text) => text !== texts[0] || text.length !== expected)) converged = false;
	}
	lateness.sort((a, b) => a - b);
	process.send!({
		result: {
			sent,
			measured: allHave.length,
			allHave,
			deliveries,
			lateP95: lateness[Math.floor(0.95 * (lateness.length - 1))] ?? 0,
			lateMax: lateness.at(-1) ?? 0,
			converged,
			reconnects: editors.reduce((sum, editor) => sum + editor.client.closes, 0)
		}
	});
}

process.on('message', (message: unknown) => {
	if (typeof message === 'object' && message !== null && 'go' in message) void go((message as { go: Parameters<typeof go>[0] }).go);
	else if (message === 'seen') {
		const seen: Record<string, { id: number; sent: number; relayed: number }[]> = {};
		for (const document of open) {
			seen[document.name] = document.editors.map((editor) => {
				const counts = document.arrived.get(editor.id)!;
				// The longest prefix some other editor has (updates arrive in order per sender).
				let relayed = 0;
				while (relayed < counts.length && (counts[relayed] ?? 0) > 0) relayed++;
				return { id: editor.id, sent: editor.sentAt.length, relayed };
			});
		}
		process.send!({ seen });
	} else if (message === 'stop') {
		for (const document of open) for (const editor of document.editors) editor.client.destroy();
		process.exit(0);
	}
});
process.on('disconnect', () => process.exit(0));
