// Compares two V8 heap snapshots of the server taken by bench/soak.ts (SOAK_HEAP_DIR): for each kind of object
// (constructor or node type), how many there are and their own size in each, largest growth first. A leak shows
// as a kind whose count grows with the soak's work (ballots, keystrokes, page loads); a flat heap shows none.
// Run: npx tsx bench/soak-heap.ts <earlier.heapsnapshot> <later.heapsnapshot> [rows=25]
import fs from 'node:fs';

interface Snapshot {
	snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
	nodes: number[];
	strings: string[];
}

/** Count and own size (bytes) by kind: an object's constructor name, otherwise its node type. */
function tally(file: string): Map<string, { count: number; bytes: number }> {
	const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
	const fields = parsed.snapshot.meta.node_fields;
	const types = parsed.snapshot.meta.node_types[0];
	const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
	const kinds = new Map<string, { count: number; bytes: number }>();
	for (let i = 0; i < parsed.nodes.length; i += fields.length) {
		const type = types[parsed.nodes[i + typeAt!]!]!;
		const kind = type === 'object' || type === 'native' ? `${type}:${parsed.strings[parsed.nodes[i + nameAt!]!]}` : type;
		const entry = kinds.get(kind) ?? { count: 0, bytes: 0 };
		entry.count++;
		entry.bytes += parsed.nodes[i + sizeAt!]!;
		kinds.set(kind, entry);
	}
	return kinds;
}

const [earlierFile, laterFile, rowsArg] = process.argv.slice(2);
if (!earlierFile || !laterFile) throw new Error('usage: npx tsx bench/soak-heap.ts <earlier> <later> [rows]');
const earlier = tally(earlierFile);
const later = tally(laterFile);
const total = (m: Map<string, { count: number; bytes: number }>) => [...m.values()].reduce((s, e) => ({ count: s.count + e.count, bytes: s.bytes + e.bytes }), { count: 0, bytes: 0 });
const rows = [...new Set([...earlier.keys(), ...later.keys()])]
	.map((kind) => {
		const a = earlier.get(kind) ?? { count: 0, bytes: 0 };
		const b = later.get(kind) ?? { count: 0, bytes: 0 };
		return { kind, countBefore: a.count, countAfter: b.count, countGrowth: b.count - a.count, kbBefore: Math.round(a.bytes / 1024), kbAfter: Math.round(b.bytes / 1024), kbGrowth: Math.round((b.bytes - a.bytes) / 1024) };
	})
	.sort((x, y) => y.kbGrowth - x.kbGrowth)
	.slice(0, Number(rowsArg ?? 25));
const [a, b] = [total(earlier), total(later)];
console.log(JSON.stringify({ totals: { objectsBefore: a.count, objectsAfter: b.count, mbBefore: Math.round(a.bytes / 1e5) / 10, mbAfter: Math.round(b.bytes / 1e5) / 10 } }));
console.table(rows);
