import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { describeClosing, stageOf, SUBJECT_KINDS, type SubjectKind } from '$lib/domain/consultation';
import { formatLondon, londonToInstant } from '$lib/domain/london-time';
import * as consultation from '$lib/server/consultation';
import { closingFields, type FieldLabels, labelErrors, parseForm, refuseForm, requiredText, typedValues, uuid } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import { bodyParam } from '$lib/server/params';
import type { Actions, PageServerLoad } from './$types';

const STAGE_LABELS = { open: 'Open for comments', closed: 'Closed: responses being written', published: 'Responses published' } as const;

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = await actorOf(locals);
	const found = await bodyParam(locals.services.sql, params.id);
	authorise(actor, 'document.view', { bodyId: found.id });
	const { sql } = locals.services;
	const now = new Date();
	const canOpen = may(actor, 'consultation.manage', { bodyId: found.id });
	const [list, choices] = await Promise.all([consultation.listForBody(sql, found.id), canOpen ? consultation.choices(sql, found.id, now) : null]);
	return {
		body: found,
		consultations: list.map((c) => {
			const stage = stageOf(c, now);
			return { id: c.id, title: c.title, subject: c.subject, stage, stageLabel: STAGE_LABELS[stage], closes: describeClosing(c.closesAt), published: c.publishedAt ? formatLondon(c.publishedAt) : null };
		}),
		choices: choices && {
			versions: choices.versions,
			meetings: choices.meetings.map((m) => ({ id: m.id, label: `${m.title}, ${formatLondon(m.startsAt)}`, items: m.items }))
		},
		canOpen
	};
};

const labels: FieldLabels = {
	title: 'Title',
	kind: 'What is consulted on',
	versionId: 'Document version',
	paperId: 'Paper',
	itemIds: 'Agenda items',
	closesOn: 'Closing date',
	closesAt: 'Closing time'
};

const common = { title: requiredText('Enter a title for the consultation, like: Draft priorities plan 2016/17', 200), ...closingFields };

/** One form per kind of subject, each naming what it consults on. */
const openSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('document_version'), versionId: uuid('Choose the version to consult on'), ...common }),
	z.object({ kind: z.literal('paper'), paperId: uuid('Choose the paper to consult on'), ...common }),
	z.object({ kind: z.literal('agenda_items'), itemIds: z.array(uuid('Choose items from the list')).min(1, 'Choose at least one agenda item'), ...common })
]);

export const actions: Actions = {
	/** Opens a consultation: the problems name their fields; the service's refusal says which rule refused it. */
	open: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await bodyParam(locals.services.sql, params.id);
		authorise(actor, 'consultation.manage', { bodyId: found.id });
		const submitted = await request.formData();
		// Which form of subject decides which fields are needed; without one, nothing else can be checked.
		if (!SUBJECT_KINDS.includes(submitted.get('kind') as SubjectKind)) {
			return refuseForm(400, 'open', labelErrors({ kind: 'Choose what is consulted on' }, labels), typedValues(submitted));
		}
		const parsed = parseForm(openSchema, submitted, { arrays: ['itemIds'], labels });
		if (!parsed.ok) return refuseForm(400, 'open', parsed.errors, parsed.values);
		const v = parsed.data;
		const subject: consultation.SubjectInput =
			v.kind === 'document_version' ? { kind: v.kind, versionId: v.versionId } : v.kind === 'paper' ? { kind: v.kind, paperId: v.paperId } : { kind: v.kind, itemIds: v.itemIds };
		const opened = await locals.services.transaction((tx) => consultation.open(tx, actor, found.id, { title: v.title, subject, closesAt: londonToInstant(v.closesOn, v.closesAt) }));
		if (!opened.ok) {
			const typed = typedValues(submitted);
			if (opened.errors) return refuseForm(409, 'open', labelErrors(opened.errors, labels), { ...typed, itemIds: submitted.getAll('itemIds') });
			return refuseForm(opened.refused ? 403 : 409, 'open', {}, typed, opened.reason);
		}
		redirect(303, consultation.consultationPath(found.id, opened.value.id));
	}
};
