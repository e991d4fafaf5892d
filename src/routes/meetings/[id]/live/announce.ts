import type { LiveState } from '$lib/live/state';
import { outcomeInWords } from './words';

/**
 * What a screen reader should hear when the meeting moves from `before` to `after`: votes opening and closing,
 * outcomes, the meeting starting or moving on, quorum won or lost. Worked out by comparing the two states, so a
 * state that arrives after a reconnection announces what changed meanwhile. Nothing on the first state.
 */
export function announcementsFor(before: LiveState | null, after: LiveState): string[] {
	if (!before) return [];
	const said: string[] = [];
	if (before.meeting.status !== after.meeting.status) {
		if (after.meeting.status === 'in_progress') said.push('The meeting has started');
		if (after.meeting.status === 'closed') said.push('The meeting is closed');
	}
	const sameItem = before.currentItem?.id === after.currentItem?.id;
	if (!sameItem && after.currentItem) {
		const item = after.agenda.find((i) => i.id === after.currentItem?.id);
		if (item) said.push(`Now on item ${item.number}: ${item.title}`);
	}
	if (sameItem) {
		const was = new Map(before.motions.map((m) => [m.id, m]));
		for (const motion of after.motions) {
			const previous = was.get(motion.id);
			if (!previous) {
				said.push(`Motion proposed: ${motion.text}`);
				if (motion.state === 'proposed') continue;
			}
			const from = previous?.state ?? 'proposed';
			if (from === motion.state) continue;
			if (motion.state === 'consensus_called') said.push(`Consensus called on: ${motion.text}`);
			if (motion.state === 'voting') said.push(`Vote opened on: ${motion.text}${motion.indicative ? ' (indicative vote, not binding)' : ''}`);
			if (motion.state === 'proposed' && from === 'consensus_called') said.push(`Objection to consensus on: ${motion.text}. It goes to a vote`);
			if (motion.state === 'deferred') said.push(`Motion deferred: ${motion.text}`);
			if (motion.state === 'withdrawn') said.push(`Motion withdrawn: ${motion.text}`);
			if (motion.state === 'decided' && motion.decision) {
				const how = from === 'voting' ? 'Vote closed' : from === 'consensus_called' ? 'Consensus recorded' : 'Decided';
				said.push(`${how} on: ${motion.text}. Outcome: ${outcomeInWords(motion.decision.state)}`);
			}
		}
	}
	const wasQuorate = 'quorate' in before.quorum ? before.quorum.quorate : null;
	const isQuorate = 'quorate' in after.quorum ? after.quorum.quorate : null;
	if (wasQuorate !== null && isQuorate !== null && wasQuorate !== isQuorate && 'failures' in after.quorum) {
		said.push(isQuorate ? 'The meeting is now quorate' : `Quorum lost. ${after.quorum.failures.join('. ')}`);
	}
	return said;
}
