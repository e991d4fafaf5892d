import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { formatDate } from '$lib/domain/governance';
import { londonDate } from '$lib/domain/london-time';
import type { Tx } from '$lib/server/db';
import * as decision from '$lib/server/decision';
import { type FieldErrors, type FieldLabels, optionalText, optionalUuid, parseForm, refuseForm, requiredText, typedValues } from '$lib/server/forms';
import { actorOf, authorise } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import { extractPaperText } from '$lib/server/paper-text';
import { isUuid, uuidParam } from '$lib/server/params';
import type { Result } from '$lib/server/result';
import { meetingLabels, meetingSchema, meetingValues } from '../../../bodies/[id]/meetings/meeting-form.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type Which = 'details' | 'addItem' | 'updateItem' | 'considerRecommendation' | 'removeItem' | 'moveItem' | 'uploadPaper' | 'removePaper';

/** The same shape from every action, so the page reads `form` without narrowing. */
const refuse = refuseForm<Which>;

const NOTICES = {
	details: 'The meeting details have been saved.',
	added: 'The item has been added to the agenda.',
	updated: 'The item has been saved.',
	considered: 'The recommendation the item considers has been saved.',
	removed: 'The item has been removed from the agenda.',
	moved: 'The item has been moved.',
	uploaded: 'The paper has been uploaded.',
	paperRemoved: 'The paper has been removed.'
} as const;

const purposeOptions = meeting.PURPOSES.map((value) => ({ value, label: meeting.PURPOSE_LABELS[value] }));

/**
 * The fields of an item, named with a prefix ("item" to add, "edit" to change) so the two forms on the page never
 * share an element id.
 */
function itemFields<P extends string>(prefix: P) {
	return z
		.object({
			[`${prefix}Title`]: requiredText('Enter the title of the item', 300),
			[`${prefix}Purpose`]: z.enum(meeting.PURPOSES, { error: 'Choose the purpose of the item' }),
			[`${prefix}Presenter`]: optionalText(200),
			[`${prefix}Minutes`]: z
				.string()
				.trim()
				.regex(/^\d{1,3}$/, 'Enter the minutes allotted as a whole number, like 15')
				.transform(Number)
				.refine((n) => n <= 480, 'Allot at most 480 minutes to an item'),
			[`${prefix}Part`]: z.enum(['A', 'B'], { error: 'Choose Part A (public) or Part B (confidential)' })
		} as Record<string, z.ZodType>)
		.transform((v) => ({
			title: v[`${prefix}Title`] as string,
			purpose: v[`${prefix}Purpose`] as meeting.Purpose,
			presenter: (v[`${prefix}Presenter`] as string | null) ?? '',
			minutesAllotted: v[`${prefix}Minutes`] as number,
			part: v[`${prefix}Part`] as 'A' | 'B'
		}));
}

/** What an item's fields are called, by prefix, to name them in errors: the page has a title field in each form. */
function itemLabels(prefix: string): FieldLabels {
	return {
		[`${prefix}Title`]: 'Agenda item title',
		[`${prefix}Purpose`]: 'Purpose',
		[`${prefix}Presenter`]: 'Presenter',
		[`${prefix}Minutes`]: 'Minutes allotted',
		[`${prefix}Part`]: 'Part'
	};
}

/** The upload form's fields, by name. */
const PAPER_LABELS: FieldLabels = { paperItemId: 'Agenda item', paper: 'File' };

/** What was typed into a form, to fill it in again. */

/** The meeting in the address and the agenda as the actor may see it, after checking they may change it. */
async function editableMeeting(event: Pick<RequestEvent, 'locals' | 'params'>) {
	const { locals, params } = event;
	const actor = await actorOf(locals);
	const found = await meeting.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	authorise(actor, 'meeting.schedule', { bodyId: found.bodyId });
	const { items } = await meeting.agenda(locals.services.sql, found.id, actor);
	return { actor, found, items };
}

/** Runs a change in a transaction, tells the live screens, and returns to the agenda with a notice; or gives the refusal. */
async function change(
	locals: App.Locals,
	meetingId: string,
	notice: keyof typeof NOTICES,
	run: (tx: Tx) => Promise<Result<unknown>>
): Promise<{ ok: false; reason: string }> {
	const result = await locals.services.transaction((tx) => run(tx));
	if (!result.ok) return result;
	redirect(303, `/meetings/${meetingId}/agenda?${notice}`);
}

/**
 * The recommendations an item may consider: those the bodies below have made to this meeting's body, its list of
 * matters to decide, as the secretariat may read them.
 */
async function recommendationOptions(locals: App.Locals, actor: Awaited<ReturnType<typeof actorOf>>, bodyId: string) {
	const matters = await decision.mattersToDecide(locals.services.sql, actor, bodyId);
	return matters.map((d) => ({ value: d.id, label: `${d.bodyName}, ${formatDate(londonDate(new Date(d.decidedAt)))}: ${d.motionText}` }));
}

export const load: PageServerLoad = async (event) => {
	const { actor, found, items } = await editableMeeting(event);
	const editId = event.url.searchParams.get('edit');
	const notice = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find((key) => event.url.searchParams.has(key));
	return {
		meeting: found,
		details: meetingValues(found),
		agenda: items.map((item) => ({ ...item, purposeLabel: meeting.PURPOSE_LABELS[item.purpose] })),
		editing: isUuid(editId) ? (items.find((item) => item.id === editId.toLowerCase()) ?? null) : null,
		purposeOptions,
		recommendationOptions: await recommendationOptions(event.locals, actor, found.bodyId),
		maxPaperMegabytes: meeting.MAX_PAPER_BYTES / (1024 * 1024),
		notice: notice ? NOTICES[notice] : null
	};
};

export const actions: Actions = {
	details: async (event) => {
		const { actor, found } = await editableMeeting(event);
		const parsed = parseForm(meetingSchema, await event.request.formData(), { labels: meetingLabels });
		if (!parsed.ok) return refuse(400, 'details', parsed.errors, parsed.values);
		const done = await change(event.locals, found.id, 'details', (tx) => meeting.update(tx, found.id, parsed.data, actor.userId));
		return refuse(409, 'details', {}, {}, done.reason);
	},
	addItem: async (event) => {
		const { actor, found, items } = await editableMeeting(event);
		const form = await event.request.formData();
		const fields = parseForm(itemFields('item'), form, { labels: itemLabels('item') });
		const parent = parseForm(
			z.object({
				parentId: optionalUuid('Choose a main item from the list, or none').refine(
					(v) => v === null || items.some((item) => item.id === v && !item.parentId),
					'Choose a main item from the list, or none'
				)
			}),
			form,
			{ labels: { parentId: 'Sub-item of' } }
		);
		if (!fields.ok || !parent.ok) {
			return refuse(400, 'addItem', { ...(fields.ok ? {} : fields.errors), ...(parent.ok ? {} : parent.errors) }, typedValues(form));
		}
		const input = { ...fields.data, parentId: parent.data.parentId };
		const done = await change(event.locals, found.id, 'added', (tx) => meeting.addItem(tx, found.id, input, actor.userId));
		return refuse(409, 'addItem', {}, typedValues(form), done.reason);
	},
	updateItem: async (event) => {
		const { actor, found, items } = await editableMeeting(event);
		const form = await event.request.formData();
		const which = parseForm(z.object({ itemId: z.string().refine((v) => items.some((item) => item.id === v), 'Choose an item on this agenda') }), form);
		if (!which.ok) return refuse(400, 'updateItem', {}, {}, which.errors.itemId);
		const fields = parseForm(itemFields('edit'), form, { labels: itemLabels('edit') });
		if (!fields.ok) return refuse(400, 'updateItem', fields.errors, typedValues(form));
		const done = await change(event.locals, found.id, 'updated', (tx) => meeting.updateItem(tx, which.data.itemId, fields.data, actor.userId));
		return refuse(409, 'updateItem', {}, typedValues(form), done.reason);
	},
	considerRecommendation: async (event) => {
		const { actor, found, items } = await editableMeeting(event);
		const form = await event.request.formData();
		const options = await recommendationOptions(event.locals, actor, found.bodyId);
		const parsed = parseForm(
			z.object({
				itemId: z.string().refine((v) => items.some((item) => item.id === v), 'Choose an item on this agenda'),
				considersDecision: optionalUuid('Choose a recommendation from the list, or none').refine(
					(v) => v === null || options.some((o) => o.value === v),
					'Choose a recommendation from the list, or none'
				)
			}),
			form,
			{ labels: { considersDecision: 'Recommendation it considers' } }
		);
		if (!parsed.ok) return refuse(400, 'considerRecommendation', parsed.errors, typedValues(form));
		const done = await change(event.locals, found.id, 'considered', (tx) =>
			meeting.considerRecommendation(tx, parsed.data.itemId, parsed.data.considersDecision, actor.userId)
		);
		return refuse(409, 'considerRecommendation', {}, typedValues(form), done.reason);
	},
	removeItem: async (event) => {
		const { actor, found, items } = await editableMeeting(event);
		const parsed = parseForm(z.object({ itemId: z.string().refine((v) => items.some((item) => item.id === v), 'That item is not on this agenda') }), await event.request.formData());
		if (!parsed.ok) return refuse(400, 'removeItem', {}, {}, parsed.errors.itemId);
		const done = await change(event.locals, found.id, 'removed', (tx) => meeting.removeItem(tx, parsed.data.itemId, actor.userId));
		return refuse(409, 'removeItem', {}, {}, done.reason);
	},
	moveItem: async (event) => {
		const { actor, found, items } = await editableMeeting(event);
		const parsed = parseForm(
			z.object({
				itemId: z.string().refine((v) => items.some((item) => item.id === v), 'That item is not on this agenda'),
				direction: z.enum(['up', 'down'], { error: 'Choose to move the item up or down' })
			}),
			await event.request.formData()
		);
		if (!parsed.ok) return refuse(400, 'moveItem', {}, {}, Object.values(parsed.errors)[0]);
		const done = await change(event.locals, found.id, 'moved', (tx) => meeting.moveItem(tx, parsed.data.itemId, parsed.data.direction, actor.userId));
		return refuse(409, 'moveItem', {}, {}, done.reason);
	},
	uploadPaper: async (event) => {
		const { actor, found, items } = await editableMeeting(event);
		const form = await event.request.formData();
		const itemId = form.get('paperItemId');
		const file = form.get('paper');
		const values = { paperItemId: typeof itemId === 'string' ? itemId : '' };
		const errors: FieldErrors = {};
		if (typeof itemId !== 'string' || !items.some((item) => item.id === itemId)) errors.paperItemId = `${PAPER_LABELS.paperItemId}: choose the agenda item the paper is for`;
		if (!(file instanceof File) || file.size === 0) errors.paper = `${PAPER_LABELS.paper}: choose a file to upload`;
		else if (file.size > meeting.MAX_PAPER_BYTES) errors.paper = `${PAPER_LABELS.paper}: the file is ${(file.size / (1024 * 1024)).toFixed(1)} MB; a paper must be smaller than 20 MB`;
		if (Object.keys(errors).length > 0 || !(file instanceof File)) return refuse(400, 'uploadPaper', errors, values);
		// Only the name, never a path a browser may send, and not so long it breaks a download header.
		const filename = (file.name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f"]/g, '').trim().slice(-200) || 'paper';
		const content = new Uint8Array(await file.arrayBuffer());
		const contentType = file.type || 'application/octet-stream';
		// Its words are read for the search before the transaction opens: parsing a large PDF holds no transaction.
		const text = await extractPaperText({ filename, contentType, content }, event.locals.services.log);
		const done = await change(event.locals, found.id, 'uploaded', (tx) => meeting.addPaper(tx, itemId as string, { filename, contentType, content, text }, actor.userId));
		return refuse(409, 'uploadPaper', {}, values, done.reason);
	},
	removePaper: async (event) => {
		const { actor, found, items } = await editableMeeting(event);
		const parsed = parseForm(
			z.object({ paperId: z.string().refine((v) => items.some((item) => item.papers.some((p) => p.id === v)), 'That paper is not on this agenda') }),
			await event.request.formData()
		);
		if (!parsed.ok) return refuse(400, 'removePaper', {}, {}, parsed.errors.paperId);
		const done = await change(event.locals, found.id, 'paperRemoved', (tx) => meeting.removePaper(tx, parsed.data.paperId, actor.userId));
		return refuse(409, 'removePaper', {}, {}, done.reason);
	}
};
