import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { formatLondon } from '$lib/domain/london-time';
import { draftMinutes, withoutPartB } from '$lib/domain/minutes';
import type { Tx } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import * as minutes from '$lib/server/minutes';
import { uuidParam } from '$lib/server/params';
import type { Actions, PageServerLoad } from './$types';

/** Minutes run to a few thousand words; this bounds a paste gone wrong. */
const MAX_MINUTES_CHARACTERS = 200_000;

const NOTICES = {
	saved: 'The draft minutes have been saved.',
	regenerated: 'The draft minutes have been written again from the record of the meeting.',
	approved: 'The minutes have been approved as accurate and are now published.'
} as const;

async function meetingFor(locals: App.Locals, params: { id: string }) {
	const found = await meeting.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	return found;
}

/** Editing needs Part B too: an editor who could not see it would overwrite it. */
async function editor(locals: App.Locals, found: meeting.Meeting) {
	const actor = await actorOf(locals);
	authorise(actor, 'minutes.edit', { bodyId: found.bodyId });
	authorise(actor, 'meeting.read_part_b', { bodyId: found.bodyId });
	return actor;
}

/** The minutes as generated from the record now. */
async function generated(tx: Tx, meetingId: string): Promise<string> {
	const record = await minutes.recordOf(tx, meetingId);
	return record ? draftMinutes(record) : '';
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
	const canEdit = may(actor, 'minutes.edit', target) && readPartB && !saved?.approvedAt;
	const text = saved?.text ?? (follows ? await generated(sql, found.id) : '');
	const notice = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find((key) => url.searchParams.has(key));
	return {
		meeting: { id: found.id, title: found.title, bodyId: found.bodyId, bodyName: found.bodyName, startsAt: found.startsAt, status: found.status },
		text: readPartB ? text : withoutPartB(text),
		saved: saved !== null,
		approved: saved?.approvedAt
			? { meetingId: saved.approvedAtMeetingId, when: saved.approvedAtMeetingStartsAt ? formatLondon(saved.approvedAtMeetingStartsAt) : null }
			: null,
		canEdit,
		approvalOptions: canEdit && found.status === 'closed' ? (await laterMeetings(sql, found)).map((m) => ({ value: m.id, label: `${formatLondon(m.startsAt)}: ${m.title}` })) : [],
		follows,
		notice: notice ? NOTICES[notice] : null
	};
};

export const actions: Actions = {
	save: async ({ request, locals, params }) => {
		const found = await meetingFor(locals, params);
		const actor = await editor(locals, found);
		const parsed = parseForm(
			z.object({
				minutesText: z
					.string()
					.refine((v) => v.trim() !== '', 'Enter the minutes, or regenerate them from the record')
					.refine((v) => v.length <= MAX_MINUTES_CHARACTERS, `The minutes must be at most ${MAX_MINUTES_CHARACTERS} characters`)
			}),
			await request.formData()
		);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null });
		// Browsers send line breaks as CRLF; the minutes keep one kind, so the Part B markers are found line by line.
		const text = parsed.data.minutesText.replace(/\r\n?/g, '\n');
		const done = await locals.services.sql.begin((tx) => minutes.saveDraft(tx, found.id, text, actor.userId));
		if (!done.ok) return fail(409, { errors: {}, values: { minutesText: text }, message: done.reason });
		redirect(303, `/meetings/${found.id}/minutes?saved`);
	},
	regenerate: async ({ locals, params }) => {
		const found = await meetingFor(locals, params);
		const actor = await editor(locals, found);
		const done = await locals.services.sql.begin(async (tx) => minutes.saveDraft(tx, found.id, await generated(tx, found.id), actor.userId));
		if (!done.ok) return fail(409, { errors: {}, values: {}, message: done.reason });
		redirect(303, `/meetings/${found.id}/minutes?regenerated`);
	},
	approve: async ({ request, locals, params }) => {
		const found = await meetingFor(locals, params);
		const actor = await editor(locals, found);
		const later = await laterMeetings(locals.services.sql, found);
		const parsed = parseForm(
			z.object({
				atMeetingId: z.string().refine((v) => later.some((m) => m.id === v), `Choose the later meeting of ${found.bodyName} that approved the minutes`)
			}),
			await request.formData()
		);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null });
		const done = await locals.services.sql.begin(async (tx) => {
			// Minutes approved as generated, never edited, are saved first: what was approved is what is kept.
			if (!(await minutes.get(tx, found.id))) {
				const saved = await minutes.saveDraft(tx, found.id, await generated(tx, found.id), actor.userId);
				if (!saved.ok) return saved;
			}
			return minutes.approve(tx, found.id, parsed.data.atMeetingId, actor.userId);
		});
		if (!done.ok) return fail(409, { errors: {}, values: parsed.data, message: done.reason });
		redirect(303, `/meetings/${found.id}/minutes?approved`);
	}
};
