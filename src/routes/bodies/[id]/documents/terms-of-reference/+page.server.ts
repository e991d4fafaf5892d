import { loadDocumentPage } from '../document-page.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const page = await loadDocumentPage(locals, params.id);
	return { ...page, docName: `terms-of-reference:${page.body.id}` };
};
