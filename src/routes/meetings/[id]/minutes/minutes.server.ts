import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { MinutesSnapshot } from '$lib/domain/documents/snapshots';
import { formatLondon } from '$lib/domain/london-time';
import type { ExportInput } from '$lib/server/export/content';
import { exportDownload, type ExportFormat } from '$lib/server/export/download';
import type { Actor } from '$lib/domain/policy';
import { actorOf, may } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import * as minutes from '$lib/server/minutes';
import { uuidParam } from '$lib/server/params';

/** A meeting's minutes as a reader may have them: who they are decides whether drafts and Part B are theirs. */
export async function minutesReader(locals: App.Locals, params: { id: string }) {
	const found = await meeting.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	const actor = await actorOf(locals);
	const target = { bodyId: found.bodyId };
	const follows = may(actor, 'meeting.follow', target);
	return { meeting: found, actor, follows, readPartB: follows && may(actor, 'meeting.read_part_b', target) };
}

/** One side of a comparison or an export: a saved version, or the minutes as they are now. */
export interface MinutesSide {
	ref: string;
	name: string;
	detail: string;
	content: MinutesSnapshot;
}

const Ref = z.union([z.literal('current'), z.uuid()]);

/**
 * The minutes `ref` names ('current' or a version's id), as `reader` may read them;
 * a clear error naming `field` when it names nothing of this meeting's.
 */
export async function minutesSide(tx: Parameters<typeof minutes.current>[0], meetingId: string, ref: string | null, field: string, reader: Actor): Promise<MinutesSide> {
	const parsed = Ref.safeParse(ref ?? '');
	if (!parsed.success) error(400, `${field}: choose a version of the minutes, or the current text`);
	if (parsed.data === 'current') {
		return { ref: 'current', name: 'the current text', detail: `As it stands, ${formatLondon(new Date())}`, content: await minutes.current(tx, meetingId, reader) };
	}
	const version = (await minutes.versions(tx, meetingId)).find((v) => v.id === parsed.data);
	const content = version ? await minutes.versionText(tx, meetingId, version.id, reader) : null;
	if (!version || !content) error(404, `${field}: these minutes have no such version`);
	return { ref: version.id, name: `version “${version.name}”`, detail: `Saved ${formatLondon(version.createdAt)} by ${version.authorName}`, content };
}

/**
 * The minutes as a PDF or Word download: a saved version (?version=) or the draft as it stands, for the body's
 * members; the approved minutes, Part A only, for anyone else once they are published.
 */
export async function minutesExport(locals: App.Locals, params: { id: string }, url: URL, format: ExportFormat): Promise<Response> {
	const { sql } = locals.services;
	const reader = await minutesReader(locals, params);
	const found = reader.meeting;
	const approved = await minutes.approvedText(sql, found.id, reader.actor);
	const saved = approved ? await minutes.get(sql, found.id) : null;
	let side: MinutesSide;
	let status: string;
	if (url.searchParams.has('version') || !approved) {
		if (!reader.readPartB) error(403, 'These minutes are not published yet: minutes are published once they are approved as accurate.');
		side = await minutesSide(sql, found.id, url.searchParams.get('version') ?? 'current', 'version', reader.actor);
		status = side.ref === saved?.approvedVersionId ? 'Approved as accurate.' : 'Draft: not approved as accurate.';
	} else {
		side = {
			ref: saved!.approvedVersionId ?? 'approved',
			name: 'the approved minutes',
			detail: `Approved as accurate${saved!.approvedAtMeetingStartsAt ? ` at the meeting of ${formatLondon(saved!.approvedAtMeetingStartsAt)}` : ''}`,
			content: { partA: approved.partA, partB: approved.partB }
		};
		status = reader.readPartB ? 'Approved as accurate. Part B is confidential: not for publication.' : 'Approved as accurate. Published minutes: Part B business is not included.';
	}
	const input: ExportInput = {
		title: `Minutes: ${found.title}`,
		bodyName: found.bodyName,
		versionLabel: `${side.name.charAt(0).toUpperCase()}${side.name.slice(1)}. ${side.detail}`,
		status,
		snapshot: { kind: 'minutes', content: side.content }
	};
	return exportDownload(input, [found.bodyName, 'minutes', found.title, side.ref === 'current' ? 'draft' : side.name], format);
}
