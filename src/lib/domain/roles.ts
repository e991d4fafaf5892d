/** The roles a person can hold in a body (DOMAIN.md, "Who"). */
export const MEMBERSHIP_ROLES = [
	'chair',
	'vice_chair',
	'voting_member',
	'deputy',
	'adviser',
	'ppv_representative',
	'observer',
	'secretariat'
] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export const ROLE_LABELS: Record<MembershipRole, string> = {
	chair: 'Chair',
	vice_chair: 'Vice-chair',
	voting_member: 'Voting member',
	deputy: 'Deputy',
	adviser: 'Adviser (non-voting)',
	ppv_representative: 'Patient and public voice (PPV) representative',
	observer: 'Observer',
	secretariat: 'Secretariat'
};

/** A role in words, from wherever it was read (a live state, a row): one of the roles, or the value as it is. */
export function roleLabel(role: string): string {
	return (ROLE_LABELS as Record<string, string>)[role] ?? role;
}

export const ORGANISATION_KINDS = [
	'nhs_england',
	'ccg',
	'provider',
	'local_authority',
	'public_health',
	'patient_voluntary',
	'other'
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
	nhs_england: 'NHS England',
	ccg: 'Clinical commissioning group (CCG)',
	provider: 'Provider',
	local_authority: 'Local authority',
	public_health: 'Public health',
	patient_voluntary: 'Patient or voluntary organisation',
	other: 'Other'
};

export const BODY_KINDS = ['regional_team', 'oversight_group', 'delivery_sub_group', 'other'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const BODY_KIND_LABELS: Record<BodyKind, string> = {
	regional_team: 'NHS England regional team',
	oversight_group: 'Collaborative commissioning oversight group',
	delivery_sub_group: 'Delivery sub-group',
	other: 'Other'
};
