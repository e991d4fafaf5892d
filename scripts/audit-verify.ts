// `npm run audit:verify`: walks the audit chain and reports "intact" or the first broken link (exit 1).
import * as audit from '../src/lib/server/audit';
import { openPortalDatabase } from './open';

const database = await openPortalDatabase();
try {
	const result = await audit.verify(database.sql);
	if (result.intact) {
		console.log(`intact (${result.rows} rows)`);
	} else {
		console.log(`broken at row ${result.brokenAt}: ${result.reason}`);
		process.exitCode = 1;
	}
} finally {
	await database.close();
}
