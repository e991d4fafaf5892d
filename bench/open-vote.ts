// The set-up both ballot benchmarks share: a body with a chair and N voting members, all present and connected
// by socket.io to the portal, with a vote open on the meeting's decision item.
import { connectClient, markPresent, seedMeeting } from '../tests/helpers/meeting-fixture';
import type { TestPortal } from '../tests/helpers/portal';

export async function openVoteWith(portal: TestPortal, voters: number, name: string) {
	const keys = Array.from({ length: voters }, (_, i) => `v${i}`);
	const seeded = await seedMeeting(portal.services.sql, {
		name,
		rules: { schemaVersion: 1, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } },
		members: [{ key: 'chair', role: 'chair' }, ...keys.map((key) => ({ key, role: 'voting_member' as const }))]
	});
	await markPresent(portal.services.sql, seeded, ['chair', ...keys]);
	const chair = await connectClient(portal.url, seeded.cookies.chair!);
	await chair.emit('join', { meetingId: seeded.meetingId });
	await chair.emit('currentItem', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId });
	const proposed = await chair.emit('propose', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, text: name, category: 'procedural', procedural: true });
	const motionId = (proposed.result as { id: string }).id;
	await chair.emit('openVote', { meetingId: seeded.meetingId, motionId });
	const clients = await Promise.all(keys.map((key) => connectClient(portal.url, seeded.cookies[key]!)));
	await Promise.all(clients.map((c) => c.emit('join', { meetingId: seeded.meetingId })));
	return { seeded, chair, motionId, clients };
}
