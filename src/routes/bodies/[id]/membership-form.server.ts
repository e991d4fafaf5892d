import { z } from 'zod';
import { MEMBERSHIP_ROLES, ROLE_LABELS, type MembershipRole } from '$lib/domain/roles';
import type { Tx } from '$lib/server/db';
import { type FieldLabels, optionalUuid } from '$lib/server/forms';
import * as membership from '$lib/server/membership';
import * as organisation from '$lib/server/organisation';

/** Roles whose holders vote, and so may have a deputy (as membership.ts enforces). */
const DEPUTISABLE: MembershipRole[] = ['chair', 'vice_chair', 'voting_member', 'ppv_representative'];

export interface MembershipChoices {
	/** Current voting members a deputy can stand in for (and, when editing, the one already named). */
	deputyOptions: { value: string; label: string }[];
	/** Current organisations, by name, and any ended ones the member already represents. */
	organisationOptions: { value: string; label: string }[];
}

/** What the role, "deputy for" and organisation fields offer for a membership of `bodyId`. */
export async function membershipChoices(
	tx: Tx,
	bodyId: string,
	editing: { id: string; deputyFor: string | null; organisationIds: string[] } | null = null
): Promise<MembershipChoices> {
	const [members, organisations] = await Promise.all([membership.listForBody(tx, bodyId), organisation.list(tx, { includeEnded: true })]);
	return {
		deputyOptions: members
			.filter((m) => m.id !== editing?.id && DEPUTISABLE.includes(m.role) && (m.current || m.id === editing?.deputyFor))
			.map((m) => ({ value: m.id, label: `${m.personName} (${ROLE_LABELS[m.role]})` })),
		organisationOptions: organisations
			.filter((o) => !o.endedOn || editing?.organisationIds.includes(o.id))
			.map((o) => ({ value: o.id, label: o.endedOn ? `${o.name} (ended)` : o.name }))
	};
}

/** The role, deputy and organisation fields of a membership or an invitation. */
export const membershipFields = {
	role: z.enum(MEMBERSHIP_ROLES, { error: 'Choose a role' }),
	deputyFor: optionalUuid('Choose the member this person is deputy for from the list'),
	organisationIds: z.array(z.string())
};

/** What those fields are called on the page, to name them in errors. */
export const membershipLabels: FieldLabels = { role: 'Role', deputyFor: 'Deputy for', organisationIds: 'Organisations represented' };

/** Checks the fields against the choices offered, so each problem is reported on its own field. */
export function checkMembershipFields(
	v: { role: MembershipRole; deputyFor: string | null; organisationIds: string[] },
	ctx: z.RefinementCtx,
	choices: MembershipChoices
): void {
	if (v.role === 'deputy') {
		if (!v.deputyFor) ctx.addIssue({ code: 'custom', path: ['deputyFor'], message: 'Choose the member this person is deputy for' });
		else if (!choices.deputyOptions.some((o) => o.value === v.deputyFor)) {
			ctx.addIssue({ code: 'custom', path: ['deputyFor'], message: 'A deputy stands in for a current chair, vice-chair, voting member or PPV representative of this body: choose one from the list' });
		}
	} else if (v.deputyFor) {
		ctx.addIssue({ code: 'custom', path: ['deputyFor'], message: 'Only a deputy names the member they stand in for: choose "Not a deputy", or the role Deputy' });
	}
	if (v.organisationIds.some((id) => !choices.organisationOptions.some((o) => o.value === id))) {
		ctx.addIssue({ code: 'custom', path: ['organisationIds'], message: 'Choose organisations from the list' });
	}
}
