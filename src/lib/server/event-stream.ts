/** A stream lasts this long, then ends: the browser reconnects, and the reader is checked again on the way in. */
const STREAM_MS = 30 * 60 * 1000;
/** A comment now and then keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 25 * 1000;

/**
 * A server-sent event stream for one reader (the inbox's unread count, a list's thread changes): it tells the
 * browser to retry after 5 s, sends a keep-alive comment now and then, and ends after half an hour or when `end`
 * is called. `follow` starts whatever feeds it, given `send` and `end`, and returns what stops each feed; they
 * are called once when the stream ends, however it ends (the reader gone, `end`, the half hour).
 */
export function eventStream(follow: (send: (text: string) => void, end: () => void) => (() => void)[]): Response {
	const encoder = new TextEncoder();
	let end = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let ended = false;
			const send = (text: string) => {
				if (!ended) controller.enqueue(encoder.encode(text));
			};
			const keepAlive = setInterval(() => send(': keep-alive\n\n'), KEEP_ALIVE_MS);
			const expiry = setTimeout(() => end(), STREAM_MS);
			let stops: (() => void)[] = [];
			end = () => {
				if (ended) return;
				ended = true;
				for (const stop of stops) stop();
				clearInterval(keepAlive);
				clearTimeout(expiry);
				try {
					controller.close();
				} catch {
					// Already cancelled by the browser going away.
				}
			};
			send('retry: 5000\n\n');
			stops = follow(send, () => end());
			// Ended while starting (the instance closing): what was just started stops too.
			if (ended) for (const stop of stops) stop();
		},
		cancel() {
			end();
		}
	});
	return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
}
