import type http from 'node:http';
import * as unsubscribe from '../src/lib/server/unsubscribe';
import type { Services } from '../src/lib/server/services';

/** The path of an unsubscribe link: /unsubscribe/<token>. */
export const UNSUBSCRIBE_PATH = /^\/unsubscribe\/([a-z0-9]{1,64})$/;

/**
 * The POST of an unsubscribe link, answered here rather than by SvelteKit: a mail client's one-click unsubscribe
 * (RFC 8058) posts `List-Unsubscribe=One-Click` as a form from its own servers, with no cookie and no Origin of
 * ours, which SvelteKit's cross-site form check refuses whatever the route. The token is the only key, and all it
 * can do is turn off one kind of email for one person, so a cross-site post can do no harm that the link itself
 * could not. The page's own button posts here too and is sent back to the page, which then says what stopped.
 */
export async function answerUnsubscribePost(services: Services, token: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
	// The body says only "List-Unsubscribe=One-Click"; read and drop it, refusing anything large.
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > 4096) {
			res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' });
			return void res.end('Too large');
		}
	}
	const done = await services.transaction((tx) => unsubscribe.apply(tx, token));
	const fromThePage = (req.headers.accept ?? '').includes('text/html');
	if (fromThePage) {
		res.writeHead(303, { location: `/unsubscribe/${token}${done ? '?done' : ''}`, 'cache-control': 'no-store' });
		return void res.end();
	}
	res.writeHead(done ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
	res.end(done ? 'Unsubscribed' : 'This unsubscribe link is not valid');
}
