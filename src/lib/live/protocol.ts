import { z } from 'zod';
import { ATTENDANCE_STATUSES, DECLARATION_OUTCOMES } from '$lib/domain/meeting-words';

/**
 * The live meeting protocol: every event a client may send, with its payload schema. Each is answered through
 * the acknowledgement with { ok: true, ... } or { ok: false, reason }, and every change is followed by a `state`
 * broadcast to the meeting's room carrying the meeting's sequence number.
 */
const uuid = z.string().uuid('Expected an id');
const meetingId = uuid;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date written YYYY-MM-DD');

export const COMMANDS = {
	join: z.object({ meetingId }),
	sync: z.object({ meetingId }),
	start: z.object({ meetingId }),
	close: z.object({ meetingId }),
	currentItem: z.object({ meetingId, itemId: uuid }),
	attendance: z.object({
		meetingId,
		membershipId: uuid,
		status: z.enum(ATTENDANCE_STATUSES),
		deputyFor: uuid.nullable().default(null),
		departed: z.boolean().default(false)
	}),
	checkIn: z.object({ meetingId, status: z.enum(['present', 'remote']) }),
	declare: z.object({
		meetingId,
		itemId: uuid,
		membershipId: uuid,
		interest: z.string().trim().min(1, 'Describe the interest').max(500),
		outcome: z.enum(DECLARATION_OUTCOMES)
	}),
	/** A member declares their own interest on the item being taken; the chair's `declare` rules on it. */
	declareOwn: z.object({
		meetingId,
		itemId: uuid,
		interest: z.string().trim().min(1, 'Interest: describe the interest').max(500, 'Interest: enter at most 500 characters'),
		outcome: z.enum(DECLARATION_OUTCOMES)
	}),
	raiseHand: z.object({ meetingId }),
	lowerHand: z.object({ meetingId }),
	callNext: z.object({ meetingId }),
	propose: z.object({
		meetingId,
		itemId: uuid,
		text: z.string().trim().min(1, 'Enter the motion').max(2000),
		category: z.string().trim().min(1, 'Choose a decision category').max(100),
		valuePence: z.string().regex(/^\d{1,15}$/, 'Expected a value in whole pence').default('0'),
		procedural: z.boolean().default(false),
		proposer: uuid.nullable().default(null),
		seconder: uuid.nullable().default(null),
		noticeGivenOn: date.nullable().default(null)
	}),
	/** A member proposes a motion; it waits, suggested, until the chair accepts or declines it. */
	suggestMotion: z.object({
		meetingId,
		itemId: uuid,
		text: z.string().trim().min(1, 'Motion: enter the motion').max(2000, 'Motion: enter at most 2,000 characters'),
		category: z.string().trim().min(1, 'Decision category: choose a decision category').max(100),
		valuePence: z.string().regex(/^\d{1,15}$/, 'Value: expected a value in whole pence').default('0'),
		noticeGivenOn: date.nullable().default(null)
	}),
	acceptMotion: z.object({ meetingId, motionId: uuid }),
	declineMotion: z.object({ meetingId, motionId: uuid }),
	callConsensus: z.object({ meetingId, motionId: uuid, indicative: z.boolean().default(false) }),
	object: z.object({ meetingId, motionId: uuid }),
	recordConsensus: z.object({ meetingId, motionId: uuid }),
	openVote: z.object({ meetingId, motionId: uuid, indicative: z.boolean().default(false), countVisibility: z.enum(['open', 'hidden']).default('open'), secret: z.boolean().default(false) }),
	castBallot: z.object({ meetingId, motionId: uuid, organisationId: uuid.nullable().default(null), choice: z.enum(['for', 'against', 'abstain']) }),
	closeVote: z.object({ meetingId, motionId: uuid, castingVote: z.enum(['for', 'against']).nullable().default(null) }),
	defer: z.object({ meetingId, motionId: uuid }),
	withdraw: z.object({ meetingId, motionId: uuid }),
	addAction: z.object({
		meetingId,
		itemId: uuid.nullable().default(null),
		description: z.string().trim().min(1, 'Describe the action').max(1000),
		ownerMembershipId: uuid.nullable().default(null),
		dueOn: date.nullable().default(null)
	}),
	discussion: z.object({ meetingId, itemId: uuid, text: z.string().max(20_000) })
} as const;

export type CommandName = keyof typeof COMMANDS;
export type Command<N extends CommandName> = z.output<(typeof COMMANDS)[N]>;
export type Ack = { ok: true; [key: string]: unknown } | { ok: false; reason: string };
