import * as audit from '$lib/server/audit';
import { actorOf, authorise } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	authorise(await actorOf(locals), 'audit.read');
	const { sql } = locals.services;
	const rows = await sql<{ id: string; at: Date; actorName: string | null; action: string; entity: string; entityId: string }[]>`
		select a.id, a.at, u.name as actor_name, a.action, a.entity, a.entity_id
		from audit_log a left join users u on u.id = a.actor_id
		order by a.id desc limit 200`;
	return { rows, verdict: await audit.verify(sql) };
};
