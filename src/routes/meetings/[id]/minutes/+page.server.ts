import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { formatLondon } from '$lib/domain/london-time';
import { PART_B_WITHHELD } from '$lib/domain/minutes';
import type { Tx } from '$lib/server/db';
import { parseForm, uuid } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import * as membership from '$lib/server/membership';
import * as minutes from '$lib/server/minutes';
import { uuidParam } from '$lib/server/params';
import type { Actions, PageServerLoad } from './$types';

const NOTICES = {
	saved: 'The version has been saved.',
	regenerated: 'The minutes have been written again from the record of the meeting.',
	approved: 'The minutes have been approved as accurate and are now published.'
} as const;

async function meetingFor(locals: App.Locals, params: { id: string }) {
	const found = await meeting.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	return found;
}

/** Editing needs Part B too: the minutes hold it. */
async function editor(locals: App.Locals, found: meeting.Meeting) {
	const actor = await actorOf(locals);
	authorise(actor, 'minutes.edit', { bodyId: found.bodyId });
	authorise(actor, 'meeting.read_part_b', { bodyId: found.bodyId });
	return actor;
}

/** Later meetings of the same body, not cancelled: where these minutes can be approved. */
async function laterMeetings(tx: Tx, found: meeting.Meeting) {
	return (await meeting.listForBody(tx, found.bodyId)).filter((m) => m.startsAt > found.startsAt && m.status !== 'cancelled').reverse();
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = await actorOf(locals);
	const found = await meetingFor(locals, params);
	const target = { bodyId: found.bodyId };
	const { sql } = locals.services;
	const saved = await minutes.get(sql, found.id);
	const follows = may(actor, 'meeting.follow', target);
	// Approved minutes are published (Part A); drafts are for the body's members.
	if (!follows && !saved?.approvedAt) error(403, 'These minutes are not published yet: minutes are published once they are approved as accurate.');
	const readPartB = follows && may(actor, 'meeting.read_part_b', target);
	const approved = saved?.approvedAt ? await minutes.approvedText(sql, found.id, actor) : null;
	const canEdit = may(actor, 'minutes.edit', target) && readPartB && !approved;

	// Draft minutes are co-edited live by those who may read all of them; the first to open them has them written
	// from the record.
	let docName: string | null = null;
	if (readPartB && !approved) {
		const opened = await locals.services.transaction((tx) => minutes.openDraft(tx, found.id));
		if (!opened.ok) error(404, 'Page not found');
		docName = opened.value.docName;
	}
	const versionId = url.searchParams.get('version');
	const version = versionId && readPartB && z.uuid().safeParse(versionId).success ? await minutes.versionText(sql, found.id, versionId, actor) : null;
	const notice = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find((key) => url.searchParams.has(key));
	return {
		meeting: { id: found.id, title: found.title, bodyId: found.bodyId, bodyName: found.bodyName, startsAt: found.startsAt, status: found.status },
		person: { id: locals.user!.id, name: locals.user!.name },
		docName,
		permission: canEdit ? ('edit' as const) : ('view' as const),
		// What is published is Part A of the approved version; Part B only to those who may read it.
		approved: approved
			? {
					meetingId: saved!.approvedAtMeetingId,
					when: saved!.approvedAtMeetingStartsAt ? formatLondon(saved!.approvedAtMeetingStartsAt) : null,
					partA: approved.partA,
					partB: approved.partB,
					withheld: approved.withheld ? PART_B_WITHHELD : null
				}
			: null,
		versions: readPartB ? await minutes.versions(sql, found.id) : [],
		version: version && versionId ? { id: versionId, ...version } : null,
		canEdit,
		approvalOptions: canEdit && found.status === 'closed' ? (await laterMeetings(sql, found)).map((m) => ({ value: m.id, label: `${formatLondon(m.startsAt)}: ${m.title}` })) : [],
		follows,
		notice: notice ? NOTICES[notice] : null
	};
};

export const actions: Actions = {
	saveVersion: async ({ request, locals, params }) => {
		const found = await meetingFor(locals, params);
		const actor = await editor(locals, found);
		const parsed = parseForm(z.object({ versionName: z.string() }), await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null });
		const done = await locals.services.sql.begin((tx) => minutes.saveVersion(tx, found.id, parsed.data.versionName, actor.userId));
		if (!done.ok) return fail(400, { errors: { versionName: done.reason }, values: parsed.data, message: null });
		redirect(303, `/meetings/${found.id}/minutes?saved`);
	},
	regenerate: async ({ locals, params }) => {
		const found = await meetingFor(locals, params);
		const actor = await editor(locals, found);
		const done = await locals.services.transaction((tx) => minutes.regenerate(tx, found.id, actor.userId));
		if (!done.ok) return fail(409, { errors: {}, values: {}, message: done.reason });
		// Everyone editing now sees it at once, on every instance.
		redirect(303, `/meetings/${found.id}/minutes?regenerated`);
	},
	approve: async ({ request, locals, params }) => {
		const found = await meetingFor(locals, params);
		const actor = await editor(locals, found);
		const later = await laterMeetings(locals.services.sql, found);
		const parsed = parseForm(
			z.object({
				atMeetingId: uuid(`Choose the later meeting of ${found.bodyName} that approved the minutes`).refine(
					(v) => later.some((m) => m.id === v),
					`Choose the later meeting of ${found.bodyName} that approved the minutes`
				)
			}),
			await request.formData()
		);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null });
		const done = await locals.services.transaction((tx) => minutes.approve(tx, found.id, parsed.data.atMeetingId, actor.userId));
		if (!done.ok) return fail(409, { errors: {}, values: parsed.data, message: done.reason });
		// Open editors of the minutes become readers now, here and on other instances: their access changed.
		redirect(303, `/meetings/${found.id}/minutes?approved`);
	}
};
