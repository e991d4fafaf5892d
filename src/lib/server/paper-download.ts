import type { Paper } from './meeting';

/** "Board paper – £2m.pdf" → a header value every browser reads: an ASCII fallback and the exact name (RFC 6266). */
function contentDisposition(filename: string): string {
	const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** A paper as a download: always an attachment (never shown inline, so an uploaded HTML file cannot run here). */
export function paperResponse(paper: Pick<Paper, 'filename' | 'contentType' | 'content'>, cacheControl: string): Response {
	return new Response(new Uint8Array(paper.content), {
		headers: {
			'Content-Type': /^[\w.+-]+\/[\w.+-]+$/.test(paper.contentType) ? paper.contentType : 'application/octet-stream',
			'Content-Disposition': contentDisposition(paper.filename),
			'Content-Length': String(paper.content.byteLength),
			'Cache-Control': cacheControl
		}
	});
}
