/**
 * How each co-edited document is laid out inside its Yjs document: the contract between the editors in the
 * browser, version snapshots, comparison, adoption and export. Pure data: no Yjs import here, so it can be read
 * anywhere; the Yjs types named are what the editors create under these keys.
 */

/** Terms of reference and collaboration agreement (2015 guidance §3.4.2; Carter App. 7). */
export const TERMS_OF_REFERENCE_SECTIONS = [
	{ key: 'purpose', heading: 'Purpose and functions' },
	{ key: 'membership', heading: 'Membership and roles' },
	{ key: 'quorum', heading: 'Quorum' },
	{ key: 'decision_making', heading: 'Decision-making and voting' },
	{ key: 'delegated_authority', heading: 'Delegated authority and financial limits' },
	{ key: 'conflicts', heading: 'Conflicts of interest' },
	{ key: 'notice', heading: 'Notice, papers and urgent business' },
	{ key: 'sub_groups', heading: 'Sub-groups' },
	{ key: 'reporting', heading: 'Reporting and accountability' },
	{ key: 'patient_involvement', heading: 'Patient and public involvement' },
	{ key: 'appeal', heading: 'Appeal and arbitration' },
	{ key: 'review', heading: 'Review date' }
] as const;
export type SectionKey = (typeof TERMS_OF_REFERENCE_SECTIONS)[number]['key'];

/**
 * Terms of reference in Yjs:
 * - each section's rich text is the Y.XmlFragment `section:<key>` (one Tiptap editor with the Collaboration extension per section);
 * - the structured rules are the Y.Text `rules`, holding the rules document as JSON text (validated against the
 *   governance RulesSchema; what is adopted is what parses).
 */
export const sectionFragment = (key: SectionKey) => `section:${key}`;
export const RULES_TEXT = 'rules';

/**
 * The minutes of a meeting (`minutes:<meeting>`): two rich-text fragments in the terms of reference's layout,
 * Part A (published once approved) and Part B (confidential business, never published), kept apart so the
 * published minutes leave Part B out by structure, however the text is edited.
 */
export const MINUTES_PART_A = 'minutes-part-a';
export const MINUTES_PART_B = 'minutes-part-b';

/** The prioritisation criteria of Carter Appendix 9, each scored 0–3 and summed to rank. */
export const PRIORITY_CRITERIA = [
	{ key: 'vulnerability', label: 'Vulnerability (succession, staff loss)' },
	{ key: 'increasing_need', label: 'Increasing need or demand' },
	{ key: 'designation_review', label: 'Designation needs review' },
	{ key: 'provider_constraints', label: 'Serious risk to access from provider constraints' },
	{ key: 'clinical_governance', label: 'Clinical governance or outcome concerns' },
	{ key: 'inequity', label: 'Inequity of access' },
	{ key: 'financial_risk', label: 'Major financial risk or risk-sharing review' },
	{ key: 'national_standards', label: 'Lead work on national outcomes or standards' },
	{ key: 'high_risk', label: 'High risk (legal, media, political, policy, evidence, health impact, financial)' }
] as const;
export type CriterionKey = (typeof PRIORITY_CRITERIA)[number]['key'];

export const PROGRAMMES_OF_CARE = ['Internal Medicine', 'Cancer', 'Blood and Infection', 'Mental Health', 'Trauma', 'Women and Children'] as const;

export const PRIORITY_CATEGORIES = [
	'Service designation',
	'Service review',
	'Developing contestability and benchmarking',
	'Routine contract management'
] as const;

export const RAG_STATUSES = ['red', 'amber', 'green'] as const;
export type RagStatus = (typeof RAG_STATUSES)[number];

/**
 * Priorities plan in Yjs: the Y.Array `priorities` of Y.Map, each with
 * id (string), title, programme, services, why (strings), scores (Y.Map criterion key → 0..3),
 * category, lead, subGroup, qippSavingPence (string of whole pence), rag (RagStatus),
 * ragHistory (Y.Array of { status, on: 'YYYY-MM-DD', note }), milestones (Y.Array of Y.Map { id, title, due: 'YYYY-MM-DD', done: boolean }).
 */
export const PRIORITIES_ARRAY = 'priorities';

/** RACI matrix rows: the commissioning cycle (2015 guidance §3.4). */
export const DEFAULT_RACI_ACTIVITIES = [
	{ stage: 'Planning', activity: 'Needs assessment' },
	{ stage: 'Planning', activity: 'Priority setting' },
	{ stage: 'Planning', activity: 'Strategic planning' },
	{ stage: 'Planning', activity: 'Pathway design' },
	{ stage: 'Planning', activity: 'Engagement and consultation' },
	{ stage: 'Specify and procure', activity: 'Service specifications' },
	{ stage: 'Specify and procure', activity: 'Commissioning policies' },
	{ stage: 'Specify and procure', activity: 'Procurement' },
	{ stage: 'Specify and procure', activity: 'Contracting' },
	{ stage: 'Deliver and improve', activity: 'Contract monitoring' },
	{ stage: 'Deliver and improve', activity: 'Performance challenge' },
	{ stage: 'Deliver and improve', activity: 'Service review' },
	{ stage: 'Deliver and improve', activity: 'Evaluation' },
	{ stage: 'Deliver and improve', activity: 'QIPP delivery' },
	{ stage: 'Deliver and improve', activity: 'Financial oversight' }
] as const;

/** RACI matrix columns: the stakeholders. */
export const DEFAULT_RACI_STAKEHOLDERS = [
	'NHS England regional team',
	'Specialised commissioning hub',
	'Oversight group',
	'Delivery sub-group',
	'CCGs',
	'CRGs / programmes of care',
	'Clinical senate or leadership forum',
	'Public health',
	'Local authority',
	'Patients and public',
	'Providers',
	'Overview and scrutiny committee'
] as const;

export const RACI_VALUES = ['R', 'A', 'C', 'I'] as const;
export type RaciValue = (typeof RACI_VALUES)[number];

/**
 * RACI matrix in Yjs: Y.Array `rows` of Y.Map { id, stage, activity }, Y.Array `columns` of Y.Map { id, name },
 * and Y.Map `cells` keyed `<rowId>:<columnId>` → RaciValue (absent = empty). Order is the arrays' order.
 */
export const RACI_ROWS = 'rows';
export const RACI_COLUMNS = 'columns';
export const RACI_CELLS = 'cells';
export const cellKey = (rowId: string, columnId: string) => `${rowId}:${columnId}`;
