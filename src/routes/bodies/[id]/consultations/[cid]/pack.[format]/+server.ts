import { error } from '@sveltejs/kit';
import * as consultation from '$lib/server/consultation';
import { exportDownload, type ExportFormat } from '$lib/server/export/download';
import { actorOf } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import type { RequestHandler } from './$types';

/** The "you said, we did" pack as a PDF or Word download, with the responses its reader may see. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const format = params.format;
	if (format !== 'pdf' && format !== 'docx') error(404, 'Page not found');
	const actor = await actorOf(locals);
	const file = await consultation.packExport(locals.services.sql, actor, uuidParam(params.cid));
	if (!file.ok) error(file.refused ? 403 : 404, file.refused ? file.reason : 'Page not found');
	return exportDownload(file.value, [file.value.bodyName, 'you said we did', file.value.title.replace(/^You said, we did: /, '')], format as ExportFormat);
};
