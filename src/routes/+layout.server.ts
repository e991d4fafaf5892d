import * as notification from '$lib/server/notification';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, depends }) => {
	depends('app:inbox');
	return { user: locals.user, unread: locals.user ? await notification.unreadCount(locals.services.sql, locals.user.id) : 0 };
};
