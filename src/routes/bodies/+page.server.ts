import type { BodyKind } from '$lib/domain/roles';
import * as body from '$lib/server/body';
import { actorOf, may } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export interface BodyNode {
	id: string;
	name: string;
	kind: BodyKind;
	endedOn: string | null;
	children: BodyNode[];
}

export const load: PageServerLoad = async ({ locals }) => {
	const actor = await actorOf(locals);
	const bodies = await body.list(locals.services.sql);
	const nodes = new Map<string, BodyNode>(bodies.map((b) => [b.id, { id: b.id, name: b.name, kind: b.kind, endedOn: b.endedOn, children: [] }]));
	const roots: BodyNode[] = [];
	// body.list is ordered by name, so each list of children comes out in name order too.
	for (const b of bodies) {
		const parent = b.parentId ? nodes.get(b.parentId) : undefined;
		(parent ? parent.children : roots).push(nodes.get(b.id)!);
	}
	return { roots, count: bodies.length, canCreate: may(actor, 'body.create') };
};
