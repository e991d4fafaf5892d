import * as governance from '$lib/domain/governance';
import { formatLondon, londonDate } from '$lib/domain/london-time';
import { decide, type Actor } from '$lib/domain/policy';
import * as audit from './audit';
import * as agendaBacklog from './agenda-backlog';
import type { Tx } from './db';
import * as decision from './decision';
import * as jobs from './jobs';
import * as membership from './membership';
import * as notification from './notification';
import type { Result } from './result';
import * as sitting from './sitting';

/**
 * Written resolutions (migrations/020): a motion put to a body's members with a closing time, voted on in the
 * portal, closed by a scheduled job that asks the engine for the outcome, enters it in the decision register and
 * reports it to the next meeting for noting. A link alone never casts a vote: the email's link opens the ballot
 * page, and a ballot is a POST from that page by the person signed in.
 */

export const CLOSE_JOB = 'written_resolution.close';
export const REMINDER_JOB = 'written_resolution.reminder';
/** The reminder goes this long before the closing time, to those who have not voted. */
const REMINDER_BEFORE_MS = 24 * 60 * 60 * 1000;

export type ResolutionStatus = 'open' | 'closed';

export interface WrittenResolution {
	id: string;
	bodyId: string;
	bodyName: string;
	text: string;
	category: string;
	valuePence: string;
	procedural: boolean;
	noticeGivenOn: string | null;
	putBy: string;
	putByName: string;
	openedAt: Date;
	closesAt: Date;
	status: ResolutionStatus;
	outcome: governance.WrittenResolutionState | null;
	figures: Record<string, unknown> | null;
	explanation: string[] | null;
	closedAt: Date | null;
	decisionId: string | null;
	/** Ballots returned so far; how each voted is in `ballots` once closed. */
	ballotCount: number;
}

export interface PutInput {
	text: string;
	category: string;
	valuePence: number;
	procedural: boolean;
	noticeGivenOn: string | null;
	closesAt: Date;
}

/** A ballot as the record keeps it. */
export interface BallotRow {
	voteKey: string;
	membershipId: string;
	voterName: string;
	organisationId: string | null;
	choice: governance.Choice;
	castAt: Date;
}

const select = (tx: Tx) => tx`
	select r.id, r.body_id, b.name as body_name, r.text, r.category, r.value_pence::text as value_pence, r.procedural,
		r.notice_given_on, r.put_by, u.name as put_by_name, r.opened_at, r.closes_at, r.status, r.outcome, r.figures, r.explanation,
		r.closed_at, (select d.id from decisions d where d.written_resolution_id = r.id) as decision_id,
		(select count(*)::int from written_resolution_ballots wb where wb.resolution_id = r.id) as ballot_count
	from written_resolutions r join bodies b on b.id = r.body_id join users u on u.id = r.put_by`;

/** The ballot page's path: where the notice and the email link lead, through sign-in. */
export const ballotPath = (bodyId: string, id: string) => `/bodies/${bodyId}/resolutions/${id}`;

export async function get(tx: Tx, id: string): Promise<WrittenResolution | null> {
	const [row] = await tx<WrittenResolution[]>`${select(tx)} where r.id = ${id}`;
	return row ?? null;
}

/** A body's written resolutions, open ones first, then the newest. */
export async function listForBody(tx: Tx, bodyId: string): Promise<WrittenResolution[]> {
	return tx<WrittenResolution[]>`${select(tx)} where r.body_id = ${bodyId} order by r.status = 'closed', r.opened_at desc, r.id`;
}

/** The interests declared on a resolution, as the engine reads them: each keeps its member out of the vote. */
export async function declarations(tx: Tx, id: string): Promise<governance.Declaration[]> {
	const rows = await tx<{ memberId: string; interest: string }[]>`
		select membership_id as member_id, interest from written_resolution_declarations where resolution_id = ${id} order by declared_at, membership_id`;
	return rows.map((row) => ({ memberId: row.memberId, outcome: 'may_not_vote' as const, interest: row.interest }));
}

/**
 * A member declares an interest in an open resolution, before voting: as at a meeting, their vote is then out of
 * the count and of the eligible votes. Refused once they have voted (the ballot stands) or after the closing time.
 */
export async function declareInterest(tx: Tx, actor: Actor, id: string, interest: string, now: Date = new Date()): Promise<Result<null>> {
	const [found] = await tx<{ bodyId: string; status: ResolutionStatus; closesAt: Date }[]>`
		select body_id, status, closes_at from written_resolutions where id = ${id} for share`;
	if (!found) return { ok: false, reason: 'No such written resolution' };
	const allowed = decide(actor, 'resolution.vote', { bodyId: found.bodyId });
	if (!allowed.allowed) return { ok: false, reason: allowed.reason };
	if (found.status === 'closed' || !governance.isBeforeClose(found.closesAt.toISOString(), now.toISOString())) {
		return { ok: false, reason: `Voting closed at ${governance.describeClosingTime(found.closesAt.toISOString())}` };
	}
	const text = interest.trim();
	if (text === '' || text.length > 500) return { ok: false, reason: 'Say what the interest is, in at most 500 characters' };
	const memberships = (await tx<{ id: string }[]>`
		select m.id from memberships m where m.user_id = ${actor.userId} and m.body_id = ${found.bodyId} and ${membership.held(tx, 'm')}`).map((m) => m.id);
	if (memberships.length === 0) return { ok: false, reason: 'Only members of the body declare interests on its written resolutions' };
	const [voted] = await tx`select 1 from written_resolution_ballots where resolution_id = ${id} and membership_id = any(${memberships}::uuid[])`;
	if (voted) return { ok: false, reason: 'You have already voted on this resolution; your ballot stands. Tell the secretariat of the interest' };
	for (const membershipId of memberships) {
		await tx`
			insert into written_resolution_declarations (resolution_id, membership_id, interest) values (${id}, ${membershipId}, ${text})
			on conflict (resolution_id, membership_id) do update set interest = excluded.interest, declared_at = now()`;
	}
	await audit.record(tx, { actorId: actor.userId, action: 'written_resolution.declare', entity: 'written_resolution', entityId: id, after: { memberships, interest: text } });
	return { ok: true, value: null };
}

/** The ballots returned on a resolution, in the order they arrived. */
export async function ballots(tx: Tx, id: string): Promise<BallotRow[]> {
	return tx<BallotRow[]>`
		select wb.vote_key, wb.membership_id, u.name as voter_name, wb.organisation_id, wb.choice, wb.cast_at
		from written_resolution_ballots wb join memberships m on m.id = wb.membership_id join users u on u.id = m.user_id
		where wb.resolution_id = ${id} order by wb.cast_at, wb.id`;
}

/**
 * Puts a written resolution to the body: the chair, vice-chair or secretariat, where the rules allow one for this
 * decision, with a closing time in the future. Schedules its close and a reminder a day before, and tells every
 * member who may vote, with a link straight to the ballot page.
 */
export async function put(tx: Tx, actor: Actor, bodyId: string, input: PutInput, now: Date = new Date()): Promise<Result<WrittenResolution>> {
	const allowed = decide(actor, 'resolution.propose', { bodyId });
	if (!allowed.allowed) return { ok: false, reason: allowed.reason };
	if (input.closesAt <= now) return { ok: false, reason: `The closing time must be in the future; ${formatLondon(input.closesAt)} has passed` };
	const loaded = await sitting.loadBetweenMeetings(tx, bodyId, londonDate(input.closesAt));
	if (!loaded.ok) return loaded;
	const motion = motionOf(input);
	const context = contextOf(loaded.value, motion, now, input.closesAt);
	const check = governance.mayPutWrittenResolution(context);
	if (!check.ok) return { ok: false, reason: check.reason };

	const [row] = await tx<{ id: string }[]>`
		insert into written_resolutions (body_id, text, category, value_pence, procedural, notice_given_on, put_by, opened_at, closes_at)
		values (${bodyId}, ${input.text}, ${input.category}, ${input.valuePence}, ${input.procedural}, ${input.noticeGivenOn}, ${actor.userId}, ${now}, ${input.closesAt})
		returning id`;
	const id = row!.id;
	await jobs.schedule(tx, { kind: CLOSE_JOB, key: `written-resolution:${id}:close`, runAt: input.closesAt, payload: { id } });
	const remindAt = new Date(input.closesAt.getTime() - REMINDER_BEFORE_MS);
	if (remindAt > now) await jobs.schedule(tx, { kind: REMINDER_JOB, key: `written-resolution:${id}:reminder`, runAt: remindAt, payload: { id } });

	const created = (await get(tx, id))!;
	const electorate = governance.writtenResolutionElectorate(context);
	await notification.notify(
		tx,
		castersOf(loaded.value, electorate),
		{
			kind: 'resolution_opened',
			bodyId,
			title: `Written resolution of ${created.bodyName}, closing ${formatLondon(input.closesAt)}: ${input.text}`,
			link: ballotPath(bodyId, id),
			key: `written-resolution:${id}:opened`
		},
		actor.userId
	);
	await audit.record(tx, { actorId: actor.userId, action: 'written_resolution.put', entity: 'written_resolution', entityId: id, after: { ...created, footing: check.footing } });
	return { ok: true, value: created };
}

/** What a member asks to cast: their choice, and which vote when they cast more than one (an organisation's). */
export interface CastInput {
	choice: governance.Choice;
	organisationId?: string;
}

/**
 * Casts a ballot on an open resolution, for the person signed in: refused after the closing time (naming it in
 * London time), and for anyone the engine would not count. One ballot per seat: a second, or a deputy's after the
 * member's, is refused, and two at once are settled by the unique key, each seat counted once.
 */
export async function cast(tx: Tx, actor: Actor, id: string, input: CastInput, now: Date = new Date()): Promise<Result<{ voteKey: string; label: string }>> {
	// Shared, so ballots go in side by side while the close (which takes the row for update) waits for them.
	const [found] = await tx<{ bodyId: string; status: ResolutionStatus; closesAt: Date }[]>`
		select body_id, status, closes_at from written_resolutions where id = ${id} for share`;
	if (!found) return { ok: false, reason: 'No such written resolution' };
	const allowed = decide(actor, 'resolution.vote', { bodyId: found.bodyId });
	if (!allowed.allowed) return { ok: false, reason: allowed.reason };
	const resolution = (await get(tx, id))!;
	if (found.status === 'closed' || !governance.isBeforeClose(found.closesAt.toISOString(), now.toISOString())) {
		return { ok: false, reason: `Voting closed at ${governance.describeClosingTime(found.closesAt.toISOString())}; a ballot after the closing time cannot be counted` };
	}
	const loaded = await sitting.loadBetweenMeetings(tx, found.bodyId, londonDate(found.closesAt));
	if (!loaded.ok) return loaded;
	const context = contextOf(loaded.value, motionOf(resolution), resolution.openedAt, resolution.closesAt, await declarations(tx, id));
	const memberships = sitting.membershipsOf(loaded.value, actor.userId);
	if (memberships.length === 0) return { ok: false, reason: `You are not a member of ${resolution.bodyName}` };
	let target: governance.CastTarget = { ok: false, reason: 'You hold no vote on this resolution' };
	let membershipId = memberships[0]!;
	for (const candidate of memberships) {
		const tried = governance.mayCastWrittenResolution(context, { voterId: candidate, ...(input.organisationId ? { organisationId: input.organisationId } : {}) }, now.toISOString());
		if (tried.ok || !target.ok) {
			target = tried;
			membershipId = candidate;
		}
		if (tried.ok) break;
	}
	if (!target.ok) return { ok: false, reason: target.reason };
	const organisationId = context.rules.voting.basis === 'per_member' ? null : target.key;
	const inserted = await tx<{ id: string }[]>`
		insert into written_resolution_ballots (resolution_id, vote_key, membership_id, organisation_id, choice, cast_at)
		values (${id}, ${target.key}, ${membershipId}, ${organisationId}, ${input.choice}, ${now})
		on conflict (resolution_id, vote_key) do nothing
		returning id`;
	if (inserted.length === 0) {
		const [by] = await tx<{ name: string }[]>`
			select u.name from written_resolution_ballots wb join memberships m on m.id = wb.membership_id join users u on u.id = m.user_id
			where wb.resolution_id = ${id} and wb.vote_key = ${target.key}`;
		return { ok: false, reason: `A ballot for ${target.label} has already been returned${by ? ` by ${by.name}` : ''}; each vote is cast once` };
	}
	await audit.record(tx, {
		actorId: actor.userId,
		action: 'written_resolution.vote',
		entity: 'written_resolution',
		entityId: id,
		after: { voteKey: target.key, membershipId, organisationId, choice: input.choice, castAt: now }
	});
	return { ok: true, value: { voteKey: target.key, label: target.label } };
}

/**
 * Closes a resolution at its closing time (the job): the engine decides from the ballots returned in time, by the
 * rules then in force; the outcome with its figures and explanation goes in the decision register (unless no
 * decision was reached), and a report goes to the next meeting for noting. Closing twice does nothing.
 */
export async function close(tx: Tx, id: string): Promise<Result<governance.WrittenResolutionEvaluation | null>> {
	const [found] = await tx<{ status: ResolutionStatus }[]>`select status from written_resolutions where id = ${id} for update`;
	if (!found) return { ok: false, reason: 'No such written resolution' };
	if (found.status === 'closed') return { ok: true, value: null };
	const resolution = (await get(tx, id))!;
	const decidedOn = londonDate(resolution.closesAt);
	const loaded = await sitting.loadBetweenMeetings(tx, resolution.bodyId, decidedOn);
	if (!loaded.ok) return loaded;
	const context = contextOf(loaded.value, motionOf(resolution), resolution.openedAt, resolution.closesAt, await declarations(tx, id));
	const returned = await ballots(tx, id);
	const evaluation = governance.evaluateWrittenResolution(
		context,
		returned.map((b) => ({ voterId: b.membershipId, choice: b.choice, castAt: b.castAt.toISOString(), ...(b.organisationId ? { organisationId: b.organisationId } : {}) }))
	);
	const outcome = evaluation.outcome?.ok ? evaluation.outcome : null;
	const figures = {
		footing: outcome?.footing ?? null,
		figures: outcome?.figures ?? null,
		ballots: outcome?.ballots ?? [],
		setAside: [...(outcome?.setAside ?? []), ...evaluation.late],
		response: evaluation.response ?? null,
		recommendationTo: evaluation.recommendationTo ?? null,
		motion: context.motion
	};
	await tx`
		update written_resolutions set status = 'closed', outcome = ${evaluation.state}, figures = ${tx.json(figures as never)},
			explanation = ${evaluation.explanation}, closed_at = now()
		where id = ${id}`;
	if (evaluation.state !== 'no_decision') {
		await decision.recordBetweenMeetings(tx, {
			source: { writtenResolutionId: id },
			bodyId: resolution.bodyId,
			text: resolution.text,
			state: evaluation.state,
			parentBodyId: loaded.value.parentBodyId,
			ratifyingOrganisationIds: (outcome?.ratifyingOrganisations ?? []).map((o) => o.id),
			ratifyBy: evaluation.ratifyBy ?? null,
			appealBy: evaluation.appealBy ?? null,
			figures,
			explanation: evaluation.explanation,
			decidedAt: resolution.closesAt
		});
	}
	await agendaBacklog.report(tx, {
		bodyId: resolution.bodyId,
		purpose: 'information',
		title: `Written resolution (for noting): ${resolution.text}`,
		writtenResolutionId: id
	}, resolution.closesAt);
	await audit.record(tx, { actorId: null, action: 'written_resolution.close', entity: 'written_resolution', entityId: id, after: { state: evaluation.state, reason: evaluation.reason ?? null } });
	return { ok: true, value: evaluation };
}

/** A day before closing (the job), tells each member who may vote and has not yet of the closing time. */
export async function remind(tx: Tx, id: string): Promise<string[]> {
	const resolution = await get(tx, id);
	if (!resolution || resolution.status === 'closed') return [];
	const loaded = await sitting.loadBetweenMeetings(tx, resolution.bodyId, londonDate(resolution.closesAt));
	if (!loaded.ok) return [];
	const context = contextOf(loaded.value, motionOf(resolution), resolution.openedAt, resolution.closesAt, await declarations(tx, id));
	const voted = new Set((await ballots(tx, id)).map((b) => b.voteKey));
	const electorate = governance.writtenResolutionElectorate(context);
	const waiting = { ...electorate, entitlements: electorate.entitlements.filter((vote) => !voted.has(vote.key)) };
	return notification.notify(tx, castersOf(loaded.value, waiting), {
		kind: 'resolution_closing',
		bodyId: resolution.bodyId,
		title: `Written resolution of ${resolution.bodyName} closes ${formatLondon(resolution.closesAt)}; you have not voted: ${resolution.text}`,
		link: ballotPath(resolution.bodyId, id),
		key: `written-resolution:${id}:closing`
	});
}

/** The votes a person could cast on the resolution now, or why they cannot: for the ballot page. */
export async function ballotFor(tx: Tx, actor: Actor, resolution: WrittenResolution, now: Date = new Date()): Promise<{ votes: { key: string; label: string }[]; refusal: string | null }> {
	const loaded = await sitting.loadBetweenMeetings(tx, resolution.bodyId, londonDate(resolution.closesAt));
	if (!loaded.ok) return { votes: [], refusal: loaded.reason };
	const context = contextOf(loaded.value, motionOf(resolution), resolution.openedAt, resolution.closesAt, await declarations(tx, resolution.id));
	const mine = sitting.membershipsOf(loaded.value, actor.userId);
	if (mine.length === 0) return { votes: [], refusal: `You are not a member of ${resolution.bodyName}` };
	const votes: { key: string; label: string }[] = [];
	const refusals: string[] = [];
	for (const membershipId of mine) {
		const tried = governance.mayCastWrittenResolution(context, { voterId: membershipId }, now.toISOString());
		if (tried.ok) votes.push({ key: tried.key, label: tried.label });
		else if (tried.reason.startsWith('Say which vote')) {
			for (const organisationId of context.members.find((m) => m.id === membershipId)?.represents ?? []) {
				const one = governance.mayCastWrittenResolution(context, { voterId: membershipId, organisationId }, now.toISOString());
				if (one.ok) votes.push({ key: one.key, label: one.label });
			}
		} else refusals.push(tried.reason);
	}
	return { votes, refusal: votes.length > 0 ? null : (refusals[0] ?? 'You hold no vote on this resolution') };
}

function motionOf(input: Pick<PutInput, 'text' | 'category' | 'procedural' | 'noticeGivenOn'> & { valuePence: number | string }): governance.Motion {
	return {
		text: input.text,
		category: input.category,
		valuePence: Number(input.valuePence),
		procedural: input.procedural,
		...(input.noticeGivenOn ? { noticeGivenOn: input.noticeGivenOn } : {})
	};
}

function contextOf(loaded: sitting.LoadedSitting, motion: governance.Motion, openedAt: Date, closesAt: Date, declarations: governance.Declaration[] = []): governance.WrittenResolutionContext {
	return {
		rules: loaded.sitting.rules,
		body: loaded.body,
		organisations: loaded.sitting.organisations,
		members: loaded.sitting.members,
		declarations,
		mandates: loaded.mandates,
		motion,
		openedAt: openedAt.toISOString(),
		closesAt: closesAt.toISOString()
	};
}

function castersOf(loaded: sitting.LoadedSitting, electorate: governance.Eligibility): string[] {
	return electorate.entitlements.flatMap((vote) => vote.casters.map((c) => loaded.userOf.get(c.memberId)).filter((u): u is string => u !== undefined));
}
