/**
 * The words of a meeting, once: what an item is for, how someone attended, what a declared interest means for
 * them, where a meeting and a motion stand. Server pages, the live meeting and the minutes all say them from here.
 */
import { ATTENDANCE_STATUSES, DECLARATION_OUTCOMES, type AttendanceStatus, type DeclarationOutcome } from './governance/membership';

export { ATTENDANCE_STATUSES, DECLARATION_OUTCOMES, type AttendanceStatus, type DeclarationOutcome };

export const PURPOSES = ['information', 'discussion', 'decision', 'assurance', 'ratification'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const PURPOSE_LABELS: Record<Purpose, string> = {
	information: 'For information',
	discussion: 'For discussion',
	decision: 'For decision',
	assurance: 'For assurance',
	ratification: 'For ratification'
};

export type MeetingStatus = 'scheduled' | 'in_progress' | 'closed' | 'cancelled';
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
	scheduled: 'Not started',
	in_progress: 'In progress',
	closed: 'Closed',
	cancelled: 'Cancelled'
};

export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
	present: 'Present',
	remote: 'Present remotely',
	apologies: 'Apologies',
	absent: 'Absent',
	in_attendance: 'In attendance',
	observer: 'Observer'
};

/** What follows from a declared interest, as it reads after the person's name: "Ann may take part in the discussion but not vote". */
export const DECLARATION_FOLLOWS: Record<DeclarationOutcome, string> = {
	may_take_part: 'may take part',
	may_not_vote: 'may take part in the discussion but not vote',
	leaves_for_item: 'leaves the meeting for the item'
};

/** The same, on its own (a choice, a tag): "May take part in the discussion but not vote". */
export const DECLARATION_LABELS = Object.fromEntries(
	DECLARATION_OUTCOMES.map((outcome) => [outcome, DECLARATION_FOLLOWS[outcome].charAt(0).toUpperCase() + DECLARATION_FOLLOWS[outcome].slice(1)])
) as Record<DeclarationOutcome, string>;

export const MOTION_STATES = ['suggested', 'declined', 'proposed', 'consensus_called', 'voting', 'decided', 'withdrawn', 'deferred'] as const;
export type MotionState = (typeof MOTION_STATES)[number];
export const MOTION_STATE_LABELS: Record<MotionState, string> = {
	suggested: 'Waiting for the chair',
	declined: 'Not accepted by the chair',
	proposed: 'Proposed',
	consensus_called: 'Consensus called',
	voting: 'Voting open',
	decided: 'Decided',
	withdrawn: 'Withdrawn',
	deferred: 'Deferred'
};
