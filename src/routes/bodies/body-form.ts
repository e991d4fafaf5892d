import { z } from 'zod';
import { BODY_KINDS } from '$lib/domain/roles';
import { optionalUuid, requiredText } from '$lib/server/forms';

/** The fields of a body, shared by the add and edit forms. */
export const bodyForm = z.object({
	name: requiredText('Enter the name of the body'),
	kind: z.enum(BODY_KINDS, { error: 'Choose the kind of body' }),
	parentId: optionalUuid('Choose a parent body from the list')
});

/** Ids of `rootId` and every body below it: none of them can become its parent. */
export function selfAndBelow(bodies: { id: string; parentId: string | null }[], rootId: string): Set<string> {
	const found = new Set([rootId]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const b of bodies) {
			if (b.parentId && found.has(b.parentId) && !found.has(b.id)) {
				found.add(b.id);
				grew = true;
			}
		}
	}
	return found;
}
