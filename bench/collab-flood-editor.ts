// An editor of bench/collab-flood.ts, in a process of its own as it would be on a machine of its own. Connects and
// says { clientId }; then on 'go':
//   flood  sends its N updates as fast as it can, each its own transaction, and says { sentMs }
//   type   inserts one character every ~100 ms, saying { typed } each time, until 'halt', when it says { sentAt }:
//          when each was made, as performance.timeOrigin + performance.now() (comparable across processes)
// Answers 'text' with { text, closes } and ends on 'stop'.
import { connect } from './collab-flood-clients';

const { role, kind, url, name, cookie, updates, typingMs } = JSON.parse(process.argv[2]!) as {
	role: 'flood' | 'type';
	kind: string;
	url: string;
	name: string;
	cookie: string | null;
	updates: number;
	typingMs: number;
};
const editor = connect(kind, url, name, cookie);
await editor.synced;
process.send!({ clientId: editor.doc.clientID });
const sentAt: number[] = [];
let typing: NodeJS.Timeout | null = null;
process.on('message', async (message) => {
	if (message === 'go' && role === 'flood') {
		const started = performance.now();
		for (let i = 0; i < updates; i++) {
			editor.text.insert(editor.text.length, 'x');
			// A pause every 100 lets the socket drain (a browser's event loop would do no less).
			if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
		}
		process.send!({ sentMs: performance.now() - started });
	} else if (message === 'go' && role === 'type') {
		typing = setInterval(() => {
			sentAt.push(performance.timeOrigin + performance.now());
			editor.text.insert(0, 'b');
			process.send!({ typed: sentAt.length });
		}, typingMs);
	} else if (message === 'halt') {
		if (typing) clearInterval(typing);
		process.send!({ sentAt });
	} else if (message === 'text') {
		process.send!({ text: editor.text.toString(), closes: editor.closes });
	} else if (message === 'stop') {
		editor.destroy();
		process.exit(0);
	}
});
process.on('disconnect', () => process.exit(0));
