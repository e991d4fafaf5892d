// `npm run demo`: loads the demo hubs, CCGs, bodies and members into an empty portal database.
import * as demo from '../src/lib/server/demo';
import { openPortalDatabase } from './open';

const database = await openPortalDatabase();
try {
	const loaded = await demo.load(database.sql, null);
	if (!loaded.ok) {
		console.error(loaded.reason);
		process.exitCode = 1;
	} else {
		const { organisations, bodies, members } = loaded.value;
		console.log(`Demo data loaded: ${organisations} organisations, ${bodies} bodies, ${members} members (of the ${demo.NORTH_WEST_GROUP} and the two specialised commissioning groups).`);
	}
} finally {
	await database.close();
}
