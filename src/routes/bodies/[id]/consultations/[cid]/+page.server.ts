import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { describeClosing, DISPOSITION_LABELS, DISPOSITIONS } from '$lib/domain/consultation';
import { formatLondon } from '$lib/domain/london-time';
import * as consultation from '$lib/server/consultation';
import { labelErrors, parseForm, refuseForm, typedValues, uuid, type FieldLabels } from '$lib/server/forms';
import { actorOf } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import type { Actions, PageServerLoad } from './$types';

/** The consultation, or the missing page when the body in the path is not its own. */
async function packFor(locals: App.Locals, params: { id: string; cid: string }) {
	const actor = await actorOf(locals);
	const read = await consultation.pack(locals.services.sql, actor, uuidParam(params.cid));
	if (!read.ok) error(read.refused ? 403 : 404, read.refused ? read.reason : 'Page not found');
	if (read.value.consultation.bodyId !== uuidParam(params.id)) error(404, 'Page not found');
	return { actor, read: read.value };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { read } = await packFor(locals, params);
	const c = read.consultation;
	const meetings = read.mayManage && read.stage === 'closed' ? await consultation.packMeetings(locals.services.sql, c.bodyId) : [];
	return {
		consultation: {
			id: c.id,
			bodyId: c.bodyId,
			bodyName: c.bodyName,
			title: c.title,
			subject: c.subject,
			subjectLink: c.subjectLink,
			openedBy: c.openedByName,
			opened: formatLondon(c.openedAt),
			closes: describeClosing(c.closesAt),
			published: c.publishedAt ? formatLondon(c.publishedAt) : null,
			packMeetingId: c.packMeetingId,
			packPaperId: c.packPaperId
		},
		stage: read.stage,
		mayManage: read.mayManage,
		entries: read.entries.map((e) => ({
			commentId: e.commentId,
			authorName: e.authorName,
			authorRoles: e.authorRoles.join(', '),
			on: e.on,
			said: e.said,
			written: formatLondon(e.writtenAt),
			mine: e.mine,
			response: e.response && { ...e.response, dispositionLabel: DISPOSITION_LABELS[e.response.disposition], respondedAt: formatLondon(e.response.respondedAt) }
		})),
		dispositions: DISPOSITIONS.map((value) => ({ value, label: DISPOSITION_LABELS[value] })),
		meetings: meetings.map((m) => ({ id: m.id, label: `${m.title}, ${formatLondon(m.startsAt)}` })),
		saved: url.searchParams.get('saved'),
		justPublished: url.searchParams.has('published')
	};
};

const respondLabels: FieldLabels = { response: 'Response', disposition: 'Disposition', reason: 'Reason' };

export const actions: Actions = {
	/** The response to one comment; its fields are named by the comment, as every comment has its own form. */
	respond: async ({ request, locals, params }) => {
		const { actor, read } = await packFor(locals, params);
		const submitted = await request.formData();
		const commentId = String(submitted.get('commentId') ?? '');
		if (!read.entries.some((e) => e.commentId === commentId)) return refuseForm(409, 'respond', {}, {}, 'That comment is not one of this consultation’s: reload the page');
		const done = await locals.services.transaction((tx) =>
			consultation.respond(tx, actor, read.consultation.id, commentId, {
				response: String(submitted.get('response') ?? ''),
				disposition: String(submitted.get('disposition') ?? ''),
				reason: String(submitted.get('reason') ?? '')
			})
		);
		if (!done.ok) {
			const errors = Object.fromEntries(Object.entries(labelErrors(done.errors ?? {}, respondLabels)).map(([field, message]) => [`${field}-${commentId}`, message]));
			return refuseForm(done.refused ? 403 : 409, 'respond', errors, { ...typedValues(submitted), commentId }, done.errors ? null : done.reason);
		}
		redirect(303, `${consultation.consultationPath(read.consultation.bodyId, read.consultation.id)}?saved=${commentId}#comment-${commentId}`);
	},
	/** Publishes the pack as a paper of the chosen meeting. */
	publish: async ({ request, locals, params }) => {
		const { actor, read } = await packFor(locals, params);
		const submitted = await request.formData();
		const parsed = parseForm(z.object({ meetingId: uuid('Choose the meeting whose papers the pack joins') }), submitted, { labels: { meetingId: 'Meeting' } });
		if (!parsed.ok) return refuseForm(400, 'publish', parsed.errors, parsed.values);
		const done = await locals.services.transaction((tx) => consultation.publish(tx, actor, read.consultation.id, parsed.data.meetingId));
		if (!done.ok) return refuseForm(done.refused ? 403 : 409, 'publish', labelErrors(done.errors ?? {}, { meetingId: 'Meeting' }), typedValues(submitted), done.errors ? null : done.reason);
		redirect(303, `${consultation.consultationPath(read.consultation.bodyId, read.consultation.id)}?published`);
	}
};
