import { error } from '@sveltejs/kit';
import { editorPath } from '$lib/domain/documents/document-name';
import { documentNoun, documentTitle } from '$lib/domain/documents/titles';
import { formatLondon } from '$lib/domain/london-time';
import * as body from '$lib/server/body';
import * as documentVersion from '$lib/server/document-version';
import { parseDocumentName, type DocumentName } from '$lib/server/document-version';
import type { ExportInput } from '$lib/server/export/content';
import { exportDownload } from '$lib/server/export/download';
import { actorOf, authorise } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import { versionStanding } from './display';

export { editorPath };

/** The versions page of a document. */
export function versionsPath(document: DocumentName): string {
	return `/bodies/${document.bodyId}/documents/versions?doc=${encodeURIComponent(document.name)}`;
}

/** The document named by `?doc=`, which must be one of this body's: anything else is a missing page. */
export async function documentOf(locals: App.Locals, params: { id: string }, docName: string | null) {
	const actor = await actorOf(locals);
	const found = await body.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	const document = parseDocumentName((docName ?? '').slice(0, 200));
	if (!document || document.bodyId !== found.id) error(404, 'Page not found');
	authorise(actor, 'document.view', { bodyId: found.id });
	return { actor, body: found, document };
}

/** A version of one of this body's documents, from the URL. */
export async function versionOf(locals: App.Locals, params: { id: string; versionId: string }) {
	const actor = await actorOf(locals);
	const found = await body.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	const version = await documentVersion.get(locals.services.sql, uuidParam(params.versionId));
	if (!version || version.bodyId !== found.id) error(404, 'Page not found');
	authorise(actor, 'document.view', { bodyId: found.id });
	return { actor, body: found, version, document: parseDocumentName(version.docName)! };
}

/** One side of a comparison as the URL gives it: a version's id, or the document as it is now. */
export type ComparedRef = 'current' | { versionId: string };

/**
 * The two sides of a comparison of one of this body's documents, for people who may read its versions. A version
 * id that names no version of this body's is a missing page naming the field; two different documents (or a
 * `doc` that is not the versions' document) are refused, saying so. `doc` is needed only when both sides are the
 * current text.
 */
export async function comparisonOf(locals: App.Locals, params: { id: string }, query: { from: ComparedRef; to: ComparedRef; doc: string | null }) {
	const actor = await actorOf(locals);
	const { sql } = locals.services;
	const found = await body.get(sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	authorise(actor, 'document.view', { bodyId: found.id });

	const versionAt = async (field: 'from' | 'to', ref: ComparedRef) => {
		if (ref === 'current') return null;
		const version = await documentVersion.get(sql, ref.versionId.toLowerCase());
		// Another body's version is as missing as one that never was.
		if (!version || version.bodyId !== found.id) {
			error(404, `No saved version of a document of ${found.name} has the id given as “${field}”. Choose the versions to compare from the list of versions.`);
		}
		return version;
	};
	const [from, to] = [await versionAt('from', query.from), await versionAt('to', query.to)];

	let named: DocumentName | null = null;
	if (query.doc !== null) {
		named = parseDocumentName(query.doc.slice(0, 200));
		if (!named || named.bodyId !== found.id) error(404, `“doc” names no document of ${found.name}.`);
	}
	const documents = [from, to].flatMap((v) => (v ? [parseDocumentName(v.docName)!] : []));
	if (from && to && from.docName !== to.docName) {
		error(
			400,
			`Versions of two different documents cannot be compared: “from” is a version of the ${documentNoun(documents[0]!)} and “to” of the ${documentNoun(documents[1]!)}. Choose two versions of one document.`
		);
	}
	const document = documents[0] ?? named;
	if (!document) error(400, 'Say which document to compare: “doc” is needed when both “from” and “to” are the current text.');
	if (named && named.name !== document.name) {
		error(400, `“doc” names the ${documentNoun(named)}, but the version compared is of the ${documentNoun(document)}. Choose two versions of one document.`);
	}
	return { actor, body: found, document, from, to };
}

/** A version, or (`versionId` null) the document as it is now, as a PDF or Word download. */
export async function exportResponse(
	locals: App.Locals,
	params: { id: string; versionId?: string },
	url: URL,
	format: 'pdf' | 'docx'
): Promise<Response> {
	const { sql } = locals.services;
	let input: ExportInput;
	let fileParts: string[];
	if (params.versionId !== undefined) {
		const { body: found, version, document } = await versionOf(locals, { id: params.id, versionId: params.versionId });
		const snapshot = await documentVersion.versionSnapshot(sql, version);
		if (!snapshot) error(404, 'Page not found');
		input = {
			title: documentTitle(document),
			bodyName: found.name,
			versionLabel: `Version '${version.name}', saved ${formatLondon(version.createdAt)} by ${version.authorName}`,
			status: versionStanding(version).text,
			snapshot
		};
		fileParts = [found.name, documentTitle(document), version.name];
	} else {
		const { body: found, document } = await documentOf(locals, params, url.searchParams.get('doc'));
		input = {
			title: documentTitle(document),
			bodyName: found.name,
			versionLabel: `Current text, ${formatLondon(new Date())}`,
			status: 'Working text: not a saved version, and not adopted.',
			snapshot: await documentVersion.currentSnapshot(sql, document)
		};
		fileParts = [found.name, documentTitle(document), 'current'];
	}
	return exportDownload(input, fileParts, format);
}
