import type * as governance from '$lib/domain/governance';
import { MEMBERSHIP_ROLES } from '$lib/domain/roles';
import type { SimulatorBody } from '$lib/domain/rules-simulator';
import * as body from './body';
import * as bodyRules from './body-rules';
import type { Tx } from './db';
import * as mandate from './mandate';
import * as membership from './membership';
import * as organisation from './organisation';
import * as weight from './weight';

/**
 * A body as it stands on `onDate` (YYYY-MM-DD), for the rules simulator: the members who hold a membership that day
 * (by the one definition, `membership.held`), the organisations they represent with the body's weights, the
 * delegations in force and the members' mandates not ended. Read through each concept's own module; the body's
 * rules are not read, so draft rules can be tried on a body that has none recorded yet. Null for no such body.
 */
export async function simulatorBody(tx: Tx, bodyId: string, onDate: string): Promise<SimulatorBody | null> {
	const found = await body.get(tx, bodyId);
	if (!found) return null;
	const parentBodyName = found.parentName ?? 'its parent body';
	const heldThatDay = await tx<{ id: string }[]>`
		select m.id from memberships m where m.body_id = ${bodyId} and ${membership.held(tx, 'm', tx`${onDate}::date`)}`;
	const held = new Set(heldThatDay.map((row) => row.id));
	// Chair first, then by role as the terms of reference list them, then by name: the order the simulator shows them in.
	const rank = (role: (typeof MEMBERSHIP_ROLES)[number]) => MEMBERSHIP_ROLES.indexOf(role);
	const members = (await membership.listForBody(tx, bodyId))
		.filter((m) => held.has(m.id))
		.sort((a, b) => rank(a.role) - rank(b.role) || a.personName.localeCompare(b.personName, 'en-GB'));

	const represented = new Set(members.flatMap((m) => m.organisations.map((o) => o.id)));
	const weights = new Map((await weight.listForBody(tx, bodyId)).map((w) => [w.organisationId, w.weight]));
	// One by one: a body's members represent a few organisations, and the portal may hold thousands.
	const organisations = (await Promise.all([...represented].map((organisationId) => organisation.get(tx, organisationId))))
		.filter((o) => o !== null)
		.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
		.map((o): governance.Organisation => {
			const weighs = weights.get(o.id);
			return { id: o.id, name: o.name, kind: o.kind, ...(weighs !== undefined ? { weight: weighs } : {}) };
		});

	const mandates: governance.Mandate[] = [];
	for (const m of members) {
		for (const given of await mandate.listForMembership(tx, m.id)) {
			if (given.endedOn) continue;
			mandates.push({
				memberId: m.id,
				organisationId: given.organisationId,
				categories: given.categories,
				financialLimitPence: Number(given.financialLimitPence),
				expiresOn: given.expiresOn
			});
		}
	}

	return {
		id: found.id,
		name: found.name,
		parentBodyName,
		onDate,
		delegations: await bodyRules.delegationsFor(tx, bodyId, parentBodyName),
		organisations,
		members: members.map((m) => ({
			id: m.id,
			name: m.personName,
			role: m.role,
			represents: m.organisations.map((o) => o.id),
			// A deputy for someone who no longer sits that day stands in for nobody.
			...(m.deputyFor && held.has(m.deputyFor) ? { deputyFor: m.deputyFor } : {}),
			...(m.clinician ? { clinician: true } : {})
		})),
		mandates
	};
}
