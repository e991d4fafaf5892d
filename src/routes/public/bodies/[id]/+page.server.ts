import { error } from '@sveltejs/kit';
import { describeCategory } from '$lib/domain/governance';
import { isUpcoming } from '$lib/domain/meeting-dates';
import { STATE_LABELS } from '$lib/server/decision';
import { uuidParam } from '$lib/server/params';
import * as publication from '$lib/server/publication';
import type { PageServerLoad } from './$types';

/** How many of the latest decisions the body's page lists; the register has them all. */
const LATEST_DECISIONS = 5;

export const load: PageServerLoad = async ({ locals, params }) => {
	const { sql } = locals.services;
	const found = await publication.bodyOf(sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	const [members, terms, meetings, decisions, subGroups] = await Promise.all([
		publication.members(sql, found.id),
		publication.termsInForce(sql, found.id),
		publication.meetings(sql, found.id),
		publication.register(sql, { bodyId: found.id }),
		publication.subGroups(sql, found.id)
	]);
	const now = new Date();
	// Still to come, and a cancelled one that would have been: the public sees that it is off.
	const coming = (m: (typeof meetings)[number]) => isUpcoming(m, now) || (m.status === 'cancelled' && m.endsAt >= now);
	const purpose = terms?.content.sections.find((section) => section.key === 'purpose')?.blocks.filter((block) => block.text.trim() !== '') ?? [];
	return {
		body: { id: found.id, name: found.name, kind: found.kind, parentId: found.parentId, parentName: found.parentName, endedOn: found.endedOn },
		members,
		purpose,
		terms: terms ? { name: terms.name, adoptedAt: terms.adoptedAt, decisionId: terms.decisionId } : null,
		upcoming: meetings.filter(coming).reverse(),
		past: meetings.filter((m) => !coming(m)),
		decisions: decisions.slice(0, LATEST_DECISIONS).map((d) => ({
			id: d.id,
			motionText: d.motionText,
			category: describeCategory(d.category),
			state: STATE_LABELS[d.state],
			decidedAt: d.decidedAt,
			meetingTitle: d.meetingTitle
		})),
		decisionCount: decisions.length,
		subGroups: subGroups.map((b) => ({ id: b.id, name: b.name }))
	};
};
