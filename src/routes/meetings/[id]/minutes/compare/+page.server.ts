import { error } from '@sveltejs/kit';
import { redlineMinutes } from '$lib/domain/documents/redline';
import * as minutes from '$lib/server/minutes';
import { minutesReader, minutesSide } from '../minutes.server';
import type { PageServerLoad } from './$types';

/** Two versions of the minutes (or one and the current text) as a redline: for those who may read all of them. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const reader = await minutesReader(locals, params);
	if (!reader.readPartB) error(403, 'Only people who sit on this body can compare versions of its minutes.');
	const { sql } = locals.services;
	const found = reader.meeting;
	const [from, to] = await Promise.all([
		minutesSide(sql, found.id, url.searchParams.get('from'), 'from', reader.actor),
		minutesSide(sql, found.id, url.searchParams.get('to'), 'to', reader.actor)
	]);
	return {
		meeting: { id: found.id, title: found.title, bodyName: found.bodyName },
		from: { ref: from.ref, name: from.name, detail: from.detail },
		to: { ref: to.ref, name: to.name, detail: to.detail },
		redline: redlineMinutes(from.content, to.content),
		versions: (await minutes.versions(sql, found.id)).map((v) => ({ id: v.id, name: v.name, createdAt: v.createdAt }))
	};
};
