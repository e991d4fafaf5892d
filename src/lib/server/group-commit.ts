/**
 * Group commit: the first request for a key is written at once; requests for the same key that arrive while a
 * write is in flight wait and go together in the next write, so a storm costs a few writes rather than one each
 * in single file. Each request is answered with its own result once the write it was in has finished (for a
 * database write: committed), never before. Keys are independent: one meeting's storm never holds up another's.
 * Made by its owner (the live meeting sockets), not at module level: it holds what is waiting.
 */
export class GroupCommit<Request, Answer> {
	readonly #write: (key: string, requests: Request[]) => Promise<Answer[]>;
	readonly #maxBatch: number;
	/** Per key with a write in flight: what has arrived since, waiting for the next write. */
	readonly #waiting = new Map<string, { request: Request; resolve: (answer: Answer) => void; reject: (error: unknown) => void }[]>();

	/**
	 * `write` carries out a batch and answers each request in order; `maxBatch` bounds one write, so that a very
	 * large storm is written in several.
	 */
	constructor(write: (key: string, requests: Request[]) => Promise<Answer[]>, options: { maxBatch?: number } = {}) {
		this.#write = write;
		this.#maxBatch = options.maxBatch ?? 500;
	}

	submit(key: string, request: Request): Promise<Answer> {
		return new Promise((resolve, reject) => {
			const entry = { request, resolve, reject };
			const waiting = this.#waiting.get(key);
			if (waiting) {
				waiting.push(entry);
				return;
			}
			this.#waiting.set(key, []);
			void this.#run(key, [entry]);
		});
	}

	/** How many requests are waiting for a write, for every key. */
	get waiting(): number {
		let n = 0;
		for (const list of this.#waiting.values()) n += list.length;
		return n;
	}

	async #run(key: string, first: { request: Request; resolve: (answer: Answer) => void; reject: (error: unknown) => void }[]) {
		let batch = first;
		for (;;) {
			try {
				const answers = await this.#write(key, batch.map((entry) => entry.request));
				if (answers.length !== batch.length) throw new Error(`a group commit's write answered ${answers.length} of ${batch.length} requests`);
				batch.forEach((entry, i) => entry.resolve(answers[i]!));
			} catch (error) {
				for (const entry of batch) entry.reject(error);
			}
			const waiting = this.#waiting.get(key)!;
			if (waiting.length === 0) {
				this.#waiting.delete(key);
				return;
			}
			batch = waiting.splice(0, this.#maxBatch);
		}
	}
}
