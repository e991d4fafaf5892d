import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { documentNoun, documentTitle } from '$lib/domain/documents/titles';
import * as documentVersion from '$lib/server/document-version';
import { parseForm, requiredText } from '$lib/server/forms';
import { authorise, may } from '$lib/server/guard';
import { versionStanding } from './display';
import { documentOf, editorPath } from './versions.server';
import type { Actions, PageServerLoad } from './$types';

const SaveSchema = z.object({ name: requiredText('Enter a name for the version, like “Draft for the June meeting”', documentVersion.MAX_NAME) });

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { actor, body, document } = await documentOf(locals, params, url.searchParams.get('doc'));
	const versions = await documentVersion.list(locals.services.sql, document.name);
	return {
		body: { id: body.id, name: body.name },
		document: { name: document.name, title: documentTitle(document), noun: documentNoun(document), editor: editorPath(document) },
		versions: versions.map((v) => ({
			id: v.id,
			name: v.name,
			authorName: v.authorName,
			createdAt: v.createdAt,
			standing: versionStanding(v)
		})),
		canEdit: may(actor, 'document.edit', { bodyId: body.id })
	};
};

export const actions: Actions = {
	default: async ({ locals, params, url, request }) => {
		const { actor, body, document } = await documentOf(locals, params, url.searchParams.get('doc'));
		authorise(actor, 'document.edit', { bodyId: body.id });
		const parsed = parseForm(SaveSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null });
		const saved = await locals.services.sql.begin((tx) => documentVersion.create(tx, document.name, parsed.data.name, actor.userId));
		if (!saved.ok) return fail(409, { errors: {}, values: { name: parsed.data.name }, message: saved.reason });
		redirect(303, `/bodies/${body.id}/documents/versions/${saved.value.id}?saved`);
	}
};
