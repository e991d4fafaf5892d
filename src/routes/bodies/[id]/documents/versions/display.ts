import { formatLondon } from '$lib/domain/london-time';

/** What a version's standing reads as, shared by the versions pages and the exports. */

export interface Standing {
	/** Short, for a tag: "In force", "Adopted", "Proposed", "Not adopted". */
	label: string;
	tag: 'nhsuk-tag--green' | 'nhsuk-tag--grey' | 'nhsuk-tag--blue' | 'nhsuk-tag--white';
	/** A sentence saying where it stands and why. */
	text: string;
}

export interface VersionStandingInput {
	adoptedAt: Date | null;
	inForce: boolean;
	proposedMotionId: string | null;
	motionState: string | null;
	decisionState: string | null;
	proposedMeetingTitle: string | null;
	proposedMeetingStartsAt: Date | null;
}

const PENDING = ['proposed', 'consensus_called', 'voting'];
/** Decisions still to be settled one way or the other: the version cannot be proposed again meanwhile. */
const AWAITING = ['carried_subject_to_ratification', 'under_appeal'];

export function versionStanding(v: VersionStandingInput): Standing {
	if (v.adoptedAt) {
		return v.inForce
			? { label: 'In force', tag: 'nhsuk-tag--green', text: `Adopted ${formatLondon(v.adoptedAt)} at ${v.proposedMeetingTitle}: this is the version in force.` }
			: { label: 'Adopted', tag: 'nhsuk-tag--grey', text: `Adopted ${formatLondon(v.adoptedAt)} at ${v.proposedMeetingTitle}; a version adopted later has replaced it.` };
	}
	if (!v.proposedMotionId) return { label: 'Not adopted', tag: 'nhsuk-tag--white', text: 'Not adopted, and not proposed for adoption.' };
	const at = `${v.proposedMeetingTitle}${v.proposedMeetingStartsAt ? ` (${formatLondon(v.proposedMeetingStartsAt)})` : ''}`;
	if (PENDING.includes(v.motionState ?? '')) return { label: 'Proposed', tag: 'nhsuk-tag--blue', text: `Proposed for adoption at ${at}.` };
	const why: Record<string, string> = {
		withdrawn: 'the motion to adopt it was withdrawn',
		deferred: 'the motion to adopt it was deferred',
		not_carried: 'the motion to adopt it was not carried',
		indicative: 'only an indicative (non-binding) vote was held',
		recommendation: 'the decision was recorded as a recommendation to the parent body',
		carried_subject_to_ratification: 'the motion was carried subject to ratification, and is not yet ratified',
		lapsed: 'the decision lapsed without ratification',
		under_appeal: 'the decision is under appeal',
		overturned: 'the decision was overturned on appeal'
	};
	const reason = why[v.decisionState ?? ''] ?? why[v.motionState ?? ''] ?? 'the motion to adopt it has not carried';
	const settled = !AWAITING.includes(v.decisionState ?? '');
	return { label: 'Not adopted', tag: 'nhsuk-tag--white', text: `Not adopted: at ${at} ${reason}.${settled ? ' It can be proposed again.' : ''}` };
}
