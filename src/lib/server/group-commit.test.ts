import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';

/** A write that waits until `finish` lets the oldest unfinished one go, and records each batch it was given. */
function recorder() {
	const batches: { key: string; requests: number[] }[] = [];
	const releases: (() => void)[] = [];
	const write = async (key: string, requests: number[]) => {
		batches.push({ key, requests });
		await new Promise<void>((resolve) => releases.push(resolve));
		return requests.map((n) => n * 10);
	};
	const finish = async () => {
		while (releases.length === 0) await new Promise((resolve) => setImmediate(resolve));
		releases.shift()!();
		await new Promise((resolve) => setImmediate(resolve));
	};
	return { batches, write, finish };
}

describe('group commit', () => {
	it('writes the first request at once and those that arrive during its write together, answering each its own', async () => {
		const { batches, write, finish } = recorder();
		const group = new GroupCommit(write);
		const first = group.submit('m', 1);
		const later = [2, 3, 4].map((n) => group.submit('m', n));
		expect(batches).toEqual([{ key: 'm', requests: [1] }]);
		expect(group.waiting).toBe(3);
		await finish();
		expect(await first).toBe(10);
		await finish();
		expect(await Promise.all(later)).toEqual([20, 30, 40]);
		expect(batches).toEqual([
			{ key: 'm', requests: [1] },
			{ key: 'm', requests: [2, 3, 4] }
		]);
		expect(group.waiting).toBe(0);
	});

	it('answers nobody before the write they were in has finished', async () => {
		const { write, finish } = recorder();
		const group = new GroupCommit(write);
		let answered = false;
		void group.submit('m', 1).then(() => (answered = true));
		await new Promise((resolve) => setImmediate(resolve));
		expect(answered).toBe(false);
		await finish();
		await new Promise((resolve) => setImmediate(resolve));
		expect(answered).toBe(true);
	});

	it('keeps keys apart and bounds a batch', async () => {
		const { batches, write, finish } = recorder();
		const group = new GroupCommit(write, { maxBatch: 2 });
		const all = [group.submit('a', 1), group.submit('b', 2), group.submit('a', 3), group.submit('a', 4), group.submit('a', 5)];
		expect(batches.map((b) => b.key)).toEqual(['a', 'b']);
		for (let i = 0; i < 4; i++) await finish();
		expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
		expect(batches.filter((b) => b.key === 'a').map((b) => b.requests)).toEqual([[1], [3, 4], [5]]);
	});

	it('rejects the requests of a failed write and goes on with those waiting', async () => {
		let calls = 0;
		const group = new GroupCommit<number, number>(async (_key, requests) => {
			calls += 1;
			await new Promise((resolve) => setImmediate(resolve));
			if (calls === 1) throw new Error('database away');
			return requests;
		});
		const failed = group.submit('m', 1);
		const after = group.submit('m', 2);
		await expect(failed).rejects.toThrow('database away');
		expect(await after).toBe(2);
	});
});
