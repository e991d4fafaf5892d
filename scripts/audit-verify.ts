// `npm run audit:verify`: walks the audit chain, compares it with its head and (with AUDIT_KEY) its newest sealed
// checkpoint, and reports "intact" or the first thing wrong (exit 1).
import { readConfig } from '../server/config';
import * as audit from '../src/lib/server/audit';
import { openPortalDatabase } from './open';

const database = await openPortalDatabase();
try {
	const result = await audit.verify(database.sql, { key: readConfig().auditKey });
	if (result.intact) {
		const sealed = result.sealedRows === null ? '' : `; sealed through ${result.sealedRows} rows`;
		// The head printed here can be kept somewhere else, to compare against later.
		console.log(`intact (${result.rows} rows; head: row ${result.head.lastId}, hash ${result.head.lastHash}${sealed})`);
		for (const note of result.notes) console.log(`note: ${note}`);
	} else {
		console.log(`broken at row ${result.brokenAt}: ${result.reason}`);
		process.exitCode = 1;
	}
} finally {
	await database.close();
}
