import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { compareSnapshots } from '$lib/domain/documents/compare';
import { documentNoun, documentTitle } from '$lib/domain/documents/titles';
import { parseRulesText } from '$lib/domain/governance';
import * as adoption from '$lib/server/adoption';
import * as documentVersion from '$lib/server/document-version';
import { parseForm, uuid } from '$lib/server/forms';
import { authorise, may } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import { versionStanding } from '../display';
import { editorPath, versionOf, versionsPath } from '../versions.server';
import type { Actions, PageServerLoad } from './$types';

const ProposeSchema = z.object({ meetingId: uuid('Choose the meeting that is to decide on adopting this version') });

/** Whether rules text would take effect if adopted, and if not, why: shown before anyone proposes it. */
function rulesCheck(rulesText: string): { valid: boolean; problems: string[] } {
	const parsed = parseRulesText(rulesText);
	if (parsed.ok) return { valid: true, problems: [] };
	return { valid: false, problems: parsed.empty ? ['There are no structured rules in this version.'] : parsed.problems };
}

/** Redlines of this version against the current text, and against the version saved just before it (newest first in `versions`). */
function comparePaths(bodyId: string, docName: string, versionId: string, versions: documentVersion.Version[]) {
	const path = (from: string, to: string) => `/bodies/${bodyId}/documents/versions/compare?${new URLSearchParams({ doc: docName, from, to })}`;
	const previous = versions[versions.findIndex((v) => v.id === versionId) + 1];
	return {
		current: path(versionId, 'current'),
		previous: previous ? { name: previous.name, path: path(previous.id, versionId) } : null
	};
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { actor, body, version, document } = await versionOf(locals, params);
	const { sql } = locals.services;
	const [snapshot, current, versions] = await Promise.all([
		documentVersion.versionSnapshot(sql, version),
		documentVersion.currentSnapshot(sql, document),
		documentVersion.list(sql, document.name)
	]);
	if (!snapshot) error(404, 'Page not found');
	const canPropose = may(actor, 'meeting.schedule', { bodyId: body.id });
	const meetings = canPropose
		? (await meeting.listForBody(sql, body.id))
				.filter((m) => m.status === 'scheduled' || m.status === 'in_progress')
				.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
				.map((m) => ({ id: m.id, title: m.title, startsAt: m.startsAt, status: m.status }))
		: [];
	return {
		body: { id: body.id, name: body.name },
		document: { name: document.name, kind: document.kind, title: documentTitle(document), noun: documentNoun(document), editor: editorPath(document), versions: versionsPath(document) },
		version: {
			id: version.id,
			name: version.name,
			authorName: version.authorName,
			createdAt: version.createdAt,
			adopted: version.adoptedAt !== null,
			proposedMeetingId: version.proposedMeetingId,
			proposedMeetingTitle: version.proposedMeetingTitle,
			adoptedRulesRecorded: version.adoptedRulesId !== null,
			rulesProblems: version.rulesProblems,
			standing: versionStanding(version)
		},
		snapshot,
		rules: snapshot.kind === 'terms-of-reference' ? rulesCheck(snapshot.content.rulesText) : null,
		changes: compareSnapshots(snapshot, current),
		compare: comparePaths(body.id, document.name, version.id, versions),
		meetings,
		canEdit: may(actor, 'document.edit', { bodyId: body.id }),
		canPropose,
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	restore: async ({ locals, params }) => {
		const { actor, body, version } = await versionOf(locals, params);
		authorise(actor, 'document.edit', { bodyId: body.id });
		const restored = await documentVersion.restore(locals.services, version.id, actor.userId);
		if (!restored.ok) return fail(409, { action: 'restore' as const, errors: {}, values: {}, message: restored.reason });
		// People editing it now get the restore at once, not on their next edit.
		return { action: 'restore' as const, restored: restored.value.changed };
	},

	propose: async ({ locals, params, request }) => {
		const { actor, body, version } = await versionOf(locals, params);
		authorise(actor, 'meeting.schedule', { bodyId: body.id });
		const parsed = parseForm(ProposeSchema, await request.formData());
		if (!parsed.ok) return fail(400, { action: 'propose' as const, errors: parsed.errors, values: parsed.values, message: null });
		const proposed = await locals.services.transaction((tx) => adoption.propose(tx, version.id, parsed.data.meetingId, actor.userId));
		if (!proposed.ok) return fail(409, { action: 'propose' as const, errors: {}, values: { meetingId: parsed.data.meetingId }, message: proposed.reason });
		// People following the meeting live see the new item and motion straight away.
		return { action: 'propose' as const, proposedTo: proposed.value.meetingId };
	}
};
