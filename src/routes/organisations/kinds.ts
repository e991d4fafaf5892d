import { ORGANISATION_KINDS, ORGANISATION_KIND_LABELS } from '$lib/domain/roles';

/** The kinds of organisation as choices for a select. */
export const kindOptions = ORGANISATION_KINDS.map((kind) => ({ value: kind, label: ORGANISATION_KIND_LABELS[kind] }));
