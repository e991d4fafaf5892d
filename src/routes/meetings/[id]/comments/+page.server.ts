import { error } from '@sveltejs/kit';
import * as commentThread from '$lib/server/comment-thread';
import * as consultation from '$lib/server/consultation';
import * as decision from '$lib/server/decision';
import { actorOf, authorise, may } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import * as motion from '$lib/server/motion';
import { uuidParam } from '$lib/server/params';
import type { PageServerLoad } from './$types';

/** The comment threads on a meeting's business, and what can be commented on: its items, papers, motions and decisions. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = await actorOf(locals);
	const { sql } = locals.services;
	const found = await meeting.get(sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	authorise(actor, 'meeting.follow', { bodyId: found.bodyId });
	const [agenda, motions, decisions, mayComment, consultations] = await Promise.all([
		meeting.agenda(sql, found.id, actor),
		motion.listForMeeting(sql, found.id),
		decision.register(sql, actor, { meetingId: found.id }),
		commentThread.mayCommentOn(sql, actor, found.bodyId),
		consultation.noticesFor(sql, { meetingId: found.id })
	]);
	// Only what the reader may see of the agenda is offered (the agenda leaves out what they may not).
	const items = new Map(agenda.items.map((item) => [item.id, item]));
	const choices = [
		...agenda.items.flatMap((item) => [
			{ label: `Item ${item.number}: ${item.title}`, anchor: { kind: 'agenda_item', agendaItemId: item.id } },
			...item.papers.map((paper) => ({ label: `Paper ${paper.filename} (item ${item.number})`, anchor: { kind: 'paper', paperId: paper.id } }))
		]),
		...motions.filter((m) => items.has(m.agendaItemId)).map((m) => ({ label: `Motion (item ${items.get(m.agendaItemId)!.number}): ${m.text.slice(0, 80)}`, anchor: { kind: 'motion', motionId: m.id } })),
		...decisions.decisions.map((d) => ({ label: `Decision: ${d.motionText.slice(0, 80)}`, anchor: { kind: 'decision', decisionId: d.id } }))
	];
	return {
		meeting: { id: found.id, title: found.title, bodyId: found.bodyId, bodyName: found.bodyName },
		person: { id: locals.user!.id },
		choices,
		consultations,
		threads: { mayComment, mayModerate: may(actor, 'thread.moderate', { bodyId: found.bodyId }) }
	};
};
