import { BODY_KINDS, BODY_KIND_LABELS, MEMBERSHIP_ROLES, ROLE_LABELS } from '$lib/domain/roles';

/** The kinds of body as choices for a select. */
export const bodyKindOptions = BODY_KINDS.map((kind) => ({ value: kind, label: BODY_KIND_LABELS[kind] }));

/** The eight roles as choices for a select. */
export const roleOptions = MEMBERSHIP_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

/** The decision categories a mandate most often covers; others can be typed. */
export { COMMON_CATEGORIES } from '$lib/domain/decision-categories';
