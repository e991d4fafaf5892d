/**
 * npm run governance -- evaluate CASE.json
 *
 * Reads an evaluation case, runs the governance rules engine on it and prints
 * the evaluation as JSON on stdout. Invalid input (unreadable file, bad JSON, a
 * case that does not match the schema) lists every problem on stderr and exits 2.
 * The case format is documented in docs/governance.md.
 */

import { readFile } from 'node:fs/promises';
import { evaluateAnyCase, evaluateCase, parseAnyCase } from '../src/lib/domain/governance/index';

const USAGE = 'Usage: npm run governance -- evaluate CASE.json';
const INVALID_INPUT = 2;

async function main(argv: readonly string[]): Promise<number> {
	const [command, path, ...rest] = argv;
	if (command === '--help' || command === '-h') {
		process.stdout.write(`${USAGE}\n`);
		return 0;
	}
	if (command !== 'evaluate' || path === undefined || rest.length > 0) {
		process.stderr.write(`${USAGE}\n`);
		return INVALID_INPUT;
	}

	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		process.stderr.write(`Cannot read ${path}: ${(error as Error).message}\n`);
		return INVALID_INPUT;
	}

	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		process.stderr.write(`${path} is not valid JSON: ${(error as Error).message}\n`);
		return INVALID_INPUT;
	}

	// A meeting case (no `kind`) prints as it always has; a written resolution or urgent action case carries its kind.
	const parsed = parseAnyCase(json);
	if (!parsed.ok) {
		process.stderr.write(
			`${path} is not a valid case (${parsed.problems.length} ${parsed.problems.length === 1 ? 'problem' : 'problems'}):\n` +
				parsed.problems.map((problem) => `  ${problem}\n`).join('')
		);
		return INVALID_INPUT;
	}

	const evaluation = parsed.kind === 'meeting' ? evaluateCase(parsed.evaluationCase) : evaluateAnyCase(parsed);
	process.stdout.write(`${JSON.stringify(evaluation, null, 2)}\n`);
	return 0;
}

process.exitCode = await main(process.argv.slice(2));
