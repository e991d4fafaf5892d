import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts and .svelte file under `dir`. */
function sources(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sources(full);
		return /\.(ts|svelte)$/.test(entry.name) ? [full] : [];
	});
}

describe('the layout', () => {
	it('nothing in src/ imports server/: the server takes what it needs from src/, never the other way round', () => {
		const offenders = sources(path.resolve('src')).filter((file) => {
			const text = fs.readFileSync(file, 'utf8');
			return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].some(([, target]) => {
				if (!target!.startsWith('.')) return false;
				const resolved = path.resolve(path.dirname(file), target!);
				return resolved.startsWith(path.resolve('server') + path.sep);
			});
		});
		expect(offenders.map((file) => path.relative(process.cwd(), file))).toEqual([]);
	});
});
