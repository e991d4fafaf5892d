import { documentNoun } from '$lib/domain/documents/titles';
import { parseDocumentName } from '$lib/domain/documents/document-name';
import * as audit from './audit';
import type { Tx } from './db';
import * as documentVersion from './document-version';
import type { VersionKind } from './document-version';
import * as meeting from './meeting';
import * as motion from './motion';
import type { Result } from './result';

/*
 * Proposing a version of a body's document for adoption: an item and a motion on a coming meeting's agenda. The
 * adoption itself, when the decision carries it, is document-version.onDecision, which decision.record calls;
 * keeping the proposal here keeps document-version.ts from importing motion.ts, which imports decision.ts.
 */

/** Motion categories of adoption: the terms of reference have their own; the plan and the matrix are procedural. */
function motionCategory(kind: VersionKind): string {
	return kind === 'terms-of-reference' ? 'terms_of_reference' : 'procedural';
}

/**
 * Puts the adoption of a version on the agenda of a coming meeting of the body, with a motion to adopt it.
 * The motion is procedural: adopting its own documents is within a body's own power (DOMAIN.md).
 */
export async function propose(
	tx: Tx,
	versionId: string,
	meetingId: string,
	actorId: string
): Promise<Result<{ itemId: string; motionId: string; meetingId: string }>> {
	const version = await documentVersion.get(tx, versionId);
	if (!version) return { ok: false, reason: 'No such version' };
	const document = parseDocumentName(version.docName)!;
	if (version.adoptedAt) return { ok: false, reason: `Version “${version.name}” has already been adopted` };
	const target = await meeting.get(tx, meetingId);
	if (!target || target.bodyId !== version.bodyId) return { ok: false, reason: 'Choose a meeting of this body' };
	if (target.status !== 'scheduled' && target.status !== 'in_progress') {
		return { ok: false, reason: `${target.title} is ${target.status.replace('_', ' ')}: choose a meeting that is still to come or in progress` };
	}
	if (version.proposedMotionId && ['proposed', 'consensus_called', 'voting'].includes(version.motionState ?? '')) {
		return { ok: false, reason: `Version “${version.name}” is already proposed for adoption at ${version.proposedMeetingTitle}: that motion must be decided, withdrawn or deferred first` };
	}
	if (['carried_subject_to_ratification', 'under_appeal'].includes(version.decisionState ?? '')) {
		return { ok: false, reason: `The decision on adopting version “${version.name}” at ${version.proposedMeetingTitle} is not settled yet (awaiting ratification or appeal)` };
	}
	const [body] = await tx<{ name: string }[]>`select name from bodies where id = ${version.bodyId}`;
	const item = await meeting.addItem(
		tx,
		meetingId,
		{ title: `Adoption of ${documentNoun(document)} version '${version.name}'`, purpose: 'decision', presenter: '', minutesAllotted: 10, part: 'A', parentId: null },
		actorId
	);
	if (!item.ok) return item;
	const proposed = await motion.propose(
		tx,
		item.value.id,
		{
			text: `That ${body!.name} adopts version '${version.name}' of its ${documentNoun(document)}.`,
			category: motionCategory(version.kind),
			valuePence: 0n,
			procedural: true,
			proposer: null,
			seconder: null,
			noticeGivenOn: null
		},
		actorId
	);
	if (!proposed.ok) return proposed;
	await tx`update document_versions set proposed_motion_id = ${proposed.value.id} where id = ${versionId}`;
	await audit.record(tx, {
		actorId,
		action: 'document_version.propose',
		entity: 'document_version',
		entityId: versionId,
		after: { meetingId, itemId: item.value.id, motionId: proposed.value.id }
	});
	return { ok: true, value: { itemId: item.value.id, motionId: proposed.value.id, meetingId } };
}
