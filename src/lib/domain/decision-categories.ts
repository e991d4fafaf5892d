/**
 * The decision categories a motion, a delegation or a mandate most often names. Categories are matched exactly
 * (delegations and mandates against motions), so they share one spelling: snake_case codes with a label for people.
 */

/** The standard decision categories; a body's delegations may name others. */
export const COMMON_CATEGORIES = [
	{ value: 'service_designation', label: 'Service designation' },
	{ value: 'service_review', label: 'Service review' },
	{ value: 'procurement', label: 'Procurement' },
	{ value: 'contracting', label: 'Contracting' },
	{ value: 'commissioning_policy', label: 'Commissioning policy' },
	{ value: 'investment', label: 'Investment' },
	{ value: 'disinvestment', label: 'Disinvestment' }
];
