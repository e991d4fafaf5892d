import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { compareSnapshots } from '$lib/domain/documents/compare';
import { redlineSnapshots } from '$lib/domain/documents/redline';
import { documentNoun, documentTitle } from '$lib/domain/documents/titles';
import { formatLondon } from '$lib/domain/london-time';
import * as documentVersion from '$lib/server/document-version';
import { isUuid } from '$lib/server/params';
import { versionStanding } from '../display';
import { comparisonOf, editorPath, versionsPath, type ComparedRef } from '../versions.server';
import type { PageServerLoad } from './$types';

/** `from` and `to`: a saved version's id, or `current` for the document as it is now. */
const side = (field: 'from' | 'to', role: string) =>
	z
		.string({ error: `Choose the ${role}: “${field}” is missing` })
		.trim()
		.refine((v) => v === 'current' || isUuid(v), `Choose the ${role}: “${field}” must be the id of a saved version, or “current” for the current text`)
		.transform((v): ComparedRef => (v === 'current' ? 'current' : { versionId: v }));

const CompareQuery = z.object({
	from: side('from', 'version to compare from'),
	to: side('to', 'version to compare with'),
	doc: z.string().max(200, '“doc” is not the name of a document').nullable()
});

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const query = CompareQuery.safeParse({ from: url.searchParams.get('from') ?? undefined, to: url.searchParams.get('to') ?? undefined, doc: url.searchParams.get('doc') });
	if (!query.success) error(400, query.error.issues.map((issue) => `${issue.message}.`).join(' '));
	const { body, document, from, to } = await comparisonOf(locals, params, query.data);
	const { sql } = locals.services;

	const snapshotOf = async (version: documentVersion.Version | null) => {
		if (!version) return documentVersion.currentSnapshot(sql, document);
		const snapshot = await documentVersion.versionSnapshot(sql, version);
		if (!snapshot) error(404, 'Page not found');
		return snapshot;
	};
	const [before, after, versions] = await Promise.all([snapshotOf(from), snapshotOf(to), documentVersion.list(sql, document.name)]);
	const sideOf = (version: documentVersion.Version | null) =>
		version
			? {
					ref: version.id,
					name: `version “${version.name}”`,
					detail: `Saved ${formatLondon(version.createdAt)} by ${version.authorName}`,
					standing: versionStanding(version),
					href: `/bodies/${body.id}/documents/versions/${version.id}`
				}
			: { ref: 'current', name: 'the current text', detail: `As it is now, ${formatLondon(new Date())}`, standing: null, href: editorPath(document) };

	return {
		body: { id: body.id, name: body.name },
		document: { name: document.name, kind: document.kind, title: documentTitle(document), noun: documentNoun(document), editor: editorPath(document), versions: versionsPath(document) },
		from: sideOf(from),
		to: sideOf(to),
		redline: redlineSnapshots(before, after),
		changes: compareSnapshots(before, after),
		versions: versions.map((v) => ({ id: v.id, name: v.name, createdAt: v.createdAt }))
	};
};
