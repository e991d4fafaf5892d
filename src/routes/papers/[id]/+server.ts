import { error } from '@sveltejs/kit';
import { actorOf, authorise } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import { uuidParam } from '$lib/server/params';
import type { RequestHandler } from './$types';

/** "Board paper – £2m.pdf" → a header value every browser reads: an ASCII fallback and the exact name (RFC 6266). */
function contentDisposition(filename: string): string {
	const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Downloads a paper, for those who may follow the body's meetings; the paper service withholds Part B from others. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = await actorOf(locals);
	const found = await meeting.getPaper(locals.services.sql, uuidParam(params.id), actor);
	if (!found) error(404, 'Page not found');
	if ('withheld' in found) error(403, found.withheld);
	const { paper } = found;
	authorise(actor, 'meeting.follow', { bodyId: paper.bodyId });
	return new Response(new Uint8Array(paper.content), {
		headers: {
			'Content-Type': /^[\w.+-]+\/[\w.+-]+$/.test(paper.contentType) ? paper.contentType : 'application/octet-stream',
			'Content-Disposition': contentDisposition(paper.filename),
			'Content-Length': String(paper.content.byteLength),
			'Cache-Control': 'private, no-store'
		}
	});
};
