/**
 * The governance rules engine: quorum, votes, delegated authority, mandates and
 * notice, decided exactly and explained in plain English. Pure: no I/O, no clock.
 *
 * import * as governance from '$lib/domain/governance';
 */

export { Rational, sum, type RationalParse } from './rational';
export { addDays, compareDates, daysBetween, formatDate, formatDateWithWeekday, isIsoDate, weekday } from './calendar';
export {
	BANK_HOLIDAYS_ENGLAND_AND_WALES,
	BANK_HOLIDAY_YEARS,
	CALENDAR_DAYS,
	countNoticeDays,
	describeDayCount,
	describeIssueDate,
	describeNoticeBefore,
	describeNoticeRule,
	isBankHoliday,
	isCalendarDays,
	latestIssueDate,
	type LatestIssue,
	type NoticeCounting,
	type NoticeDays
} from './notice-days';
export {
	describeCategory,
	describeFraction,
	describeOrganisationKind,
	describeRole,
	formatMoney,
	formatPercent,
	formatPercentBeside,
	listInEnglish
} from './explain';
export {
	MEMBER_ROLES,
	ORGANISATION_KINDS,
	RULES_SCHEMA_VERSION,
	RulesSchema,
	ThresholdSchema,
	parseRules,
	parseRulesText,
	type Comparison,
	type GovernanceRules,
	type GovernanceRulesInput,
	type MemberRole,
	type OrganisationKind,
	type QuorumRules,
	type RulesParse,
	type RulesTextParse,
	type Threshold,
	type UrgentActionRules,
	type VotingRules,
	type WrittenResolutionRules
} from './rules';
export {
	ATTENDANCE_STATUSES,
	DECLARATION_OUTCOMES,
	holdsVote,
	seatMembers,
	type AttendanceRecord,
	type AttendanceStatus,
	type Declaration,
	type DeclarationOutcome,
	type Member,
	type Organisation,
	type Seat,
	type Sitting
} from './membership';
export { evaluateQuorum, type QuorumCondition, type QuorumEntry, type QuorumResult } from './quorum';
export {
	eligibleVoters,
	type Caster,
	type Eligibility,
	type ExcludedVote,
	type VoteEntitlement
} from './eligibility';
export { ballotCaster, indicativeAllowed, mayPutToMeeting, objector, type BallotOffer, type CastingCheck } from './casting';
export { checkMandate, type Mandate, type MandateCheck, type MandatedDecision } from './mandates';
export {
	bindingVoteMayOpen,
	checkDecisionNotice,
	checkPapersNotice,
	checkSubDelegation,
	describeAlternatives,
	findDelegatedAuthority,
	type AuthorityCheck,
	type Body,
	type ChairAlternative,
	type Delegation,
	type ItemContext,
	type Motion,
	type NoticeCheck,
	type OpeningCheck,
	type SubDelegationCheck,
	type SubDelegationProposal,
	type SubDelegationRequest,
	type VoteOpening
} from './authority';
export {
	CHOICES,
	decideConsensus,
	decideVote,
	type Ballot,
	type Choice,
	type ConsensusRecord,
	type CountedBallot,
	type DecisionOutcome,
	type DecisionReached,
	type DecisionRefused,
	type OrganisationRef,
	type OutcomeState,
	type SetAsideBallot,
	type ThresholdResult,
	type VoteFigures,
	type VoteRecord
} from './outcome';
export {
	CASE_SCHEMA_VERSION,
	CaseSchema,
	parseCase,
	type CaseParse,
	type EvaluationCase,
	type EvaluationCaseInput
} from './case';
export { evaluateCase, itemFromCase, type CaseEvaluation, type OpeningWithoutQuorum } from './evaluate';
export { checkOutsideMeetingScope, describeScope, type ScopeCheck } from './between-meetings';
export {
	describeClosingTime,
	evaluateWrittenResolution,
	isBeforeClose,
	mayCastWrittenResolution,
	mayPutWrittenResolution,
	writtenResolutionElectorate,
	type CastTarget,
	type PutCheck,
	type ResolutionBallot,
	type ResponseCheck,
	type ResponseCondition,
	type WrittenResolutionContext,
	type WrittenResolutionEvaluation,
	type WrittenResolutionState
} from './written-resolution';
export { evaluateUrgentAction, type UrgentActionContext, type UrgentActionEvaluation } from './urgent-action';
export {
	evaluateAnyCase,
	parseAnyCase,
	type AnyCase,
	type AnyCaseParse,
	type AnyEvaluation,
	type UrgentActionCase,
	type WrittenResolutionCase
} from './between-meetings-case';
export {
	checkRecommendationPath,
	extendRecommendationPath,
	type BodyAbove,
	type PathLevel,
	type RecommendationPath,
	type RecommendationStep
} from './recommendation-path';
