import { actorOf, authorise } from '$lib/server/guard';
import { listOutbox } from '$lib/server/mail';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	authorise(await actorOf(locals), 'outbox.read');
	return { messages: await listOutbox(locals.services.sql), delivers: locals.services.mailer.delivers };
};
