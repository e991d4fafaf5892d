import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { CHOICES, describeCategory, describeClosingTime, formatMoney } from '$lib/domain/governance';
import { formatLondon } from '$lib/domain/london-time';
import { parseForm, refuseForm, requiredText } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import * as writtenResolution from '$lib/server/written-resolution';
import { OUTCOME_LABELS } from '../labels';
import type { Actions, PageServerLoad } from './$types';

async function resolutionFor(locals: App.Locals, params: { id: string; rid: string }) {
	const found = await writtenResolution.get(locals.services.sql, uuidParam(params.rid));
	if (!found || found.bodyId !== uuidParam(params.id)) error(404, 'Page not found');
	return found;
}

const CHOICE_LABELS = { for: 'For', against: 'Against', abstain: 'Abstain' } as const;

/**
 * The ballot page: where the notice and the email link lead, through sign-in. Opening it never casts a vote; the
 * member chooses and posts the form.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = await actorOf(locals);
	const found = await resolutionFor(locals, params);
	authorise(actor, 'meeting.follow', { bodyId: found.bodyId });
	const { sql } = locals.services;
	const [returned, ballot] = await Promise.all([writtenResolution.ballots(sql, found.id), writtenResolution.ballotFor(sql, actor, found)]);
	const memberships = new Set((await sql<{ id: string }[]>`select id from memberships where user_id = ${actor.userId} and body_id = ${found.bodyId}`).map((m) => m.id));
	const mine = returned.filter((b) => memberships.has(b.membershipId));
	const cast = new Set(returned.map((b) => b.voteKey));
	return {
		bodyId: found.bodyId,
		bodyName: found.bodyName,
		resolution: {
			id: found.id,
			text: found.text,
			category: describeCategory(found.category),
			value: Number(found.valuePence) > 0 ? formatMoney(Number(found.valuePence)) : null,
			procedural: found.procedural,
			putBy: found.putByName,
			opened: formatLondon(found.openedAt),
			closes: describeClosingTime(found.closesAt.toISOString()),
			open: found.status === 'open',
			ballots: found.ballotCount,
			outcome: found.outcome ? OUTCOME_LABELS[found.outcome] : null,
			decisionId: found.decisionId,
			explanation: found.explanation ?? []
		},
		mine: mine.map((b) => ({ choice: CHOICE_LABELS[b.choice], at: formatLondon(b.castAt) })),
		votes: found.status === 'open' ? ballot.votes.filter((v) => !cast.has(v.key)) : [],
		refusal: found.status === 'open' && mine.length === 0 ? ballot.refusal : null,
		canVote: may(actor, 'resolution.vote', { bodyId: found.bodyId }),
		cast: url.searchParams.has('cast'),
		declared: url.searchParams.has('declared')
	};
};

export const actions: Actions = {
	/** A ballot, from this page only: a choice, and which vote when the member casts more than one. */
	cast: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await resolutionFor(locals, params);
		authorise(actor, 'resolution.vote', { bodyId: found.bodyId });
		const parsed = parseForm(
			z.object({
				choice: z.enum(CHOICES, { error: 'Choose for, against or abstain' }),
				vote: z.string().trim().max(100).optional()
			}),
			await request.formData(),
			{ labels: { choice: 'Your vote', vote: 'Which vote' } }
		);
		if (!parsed.ok) return refuseForm(400, 'cast', parsed.errors, parsed.values);
		const cast = await locals.services.transaction((tx) =>
			writtenResolution.cast(tx, actor, found.id, { choice: parsed.data.choice, ...(parsed.data.vote ? { organisationId: parsed.data.vote } : {}) })
		);
		if (!cast.ok) return refuseForm(409, 'cast', {}, parsed.data, cast.reason);
		redirect(303, `${writtenResolution.ballotPath(found.bodyId, found.id)}?cast`);
	},
	/** An interest declared before voting: the member's vote is then out of the count, as at a meeting. */
	declare: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await resolutionFor(locals, params);
		authorise(actor, 'resolution.vote', { bodyId: found.bodyId });
		const parsed = parseForm(z.object({ interest: requiredText('Say what the interest is, like: I am a director of the provider', 500) }), await request.formData(), {
			labels: { interest: 'Your interest' }
		});
		if (!parsed.ok) return refuseForm(400, 'declare', parsed.errors, parsed.values);
		const declared = await locals.services.transaction((tx) => writtenResolution.declareInterest(tx, actor, found.id, parsed.data.interest));
		if (!declared.ok) return refuseForm(409, 'declare', {}, parsed.data, declared.reason);
		redirect(303, `${writtenResolution.ballotPath(found.bodyId, found.id)}?declared`);
	}
};
