import type { BodyKind } from '$lib/domain/roles';

export interface BodyNode {
	id: string;
	name: string;
	kind: BodyKind;
	endedOn: string | null;
	children: BodyNode[];
}

/** Bodies as a tree, each sub-group under its parent; in the order given (by name), so children come out in name order too. */
export function bodyTree(bodies: { id: string; name: string; kind: BodyKind; parentId: string | null; endedOn: string | null }[]): BodyNode[] {
	const nodes = new Map<string, BodyNode>(bodies.map((b) => [b.id, { id: b.id, name: b.name, kind: b.kind, endedOn: b.endedOn, children: [] }]));
	const roots: BodyNode[] = [];
	for (const b of bodies) {
		const parent = b.parentId ? nodes.get(b.parentId) : undefined;
		(parent ? parent.children : roots).push(nodes.get(b.id)!);
	}
	return roots;
}
