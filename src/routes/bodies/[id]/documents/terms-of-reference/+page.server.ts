import { loadCoEditedPage } from '../document-page.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	return loadCoEditedPage(locals, params.id, (bodyId) => `terms-of-reference:${bodyId}`);
};
