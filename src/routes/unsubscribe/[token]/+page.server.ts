import { NOTIFICATION_KIND_LABELS } from '$lib/domain/notification-kinds';
import * as unsubscribe from '$lib/server/unsubscribe';
import type { PageServerLoad } from './$types';

// Only a read: mail scanners follow links, so a GET never unsubscribes. The button posts to this same address,
// which server/one-click-unsubscribe.ts answers (as it does a mail client's one-click).
export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const found = await unsubscribe.find(locals.services.sql, params.token);
	return {
		found: found
			? { name: found.name, what: found.kind ? `emails when ${lowerFirst(NOTIFICATION_KIND_LABELS[found.kind])}` : 'the daily digest of notifications' }
			: null,
		done: url.searchParams.has('done'),
		signedIn: locals.user !== null
	};
};

const lowerFirst = (text: string) => text[0]!.toLowerCase() + text.slice(1);
