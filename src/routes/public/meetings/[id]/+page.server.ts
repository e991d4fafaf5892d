import { error } from '@sveltejs/kit';
import { PURPOSE_LABELS } from '$lib/domain/meeting-words';
import { uuidParam } from '$lib/server/params';
import * as publication from '$lib/server/publication';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { sql } = locals.services;
	const record = await publication.meetingRecord(sql, uuidParam(params.id));
	if (!record) error(404, 'Page not found');
	const { meeting, items, withheld, minutes } = record;
	const decisions = meeting.agendaPublished ? await publication.register(sql, { meetingId: meeting.id }) : [];
	return {
		meeting,
		agenda: items.map((item) => ({ ...item, part: 'A' as const, purposeLabel: PURPOSE_LABELS[item.purpose] })),
		withheld,
		minutes: minutes ? { partA: minutes.partA, withheld: minutes.withheld } : null,
		decisions: decisions.map((d) => ({ id: d.id, motionText: d.motionText, itemTitle: d.itemTitle }))
	};
};
