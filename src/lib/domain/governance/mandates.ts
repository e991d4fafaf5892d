/**
 * Mandates: the authority an organisation gives its representative to commit it
 * (Carter Rec. 9). A representative commits their organisation only within one.
 */

import { compareDates, formatDate } from './calendar';
import { describeCategory, formatMoney } from './explain';

/** An organisation's authority for one representative to commit it. */
export interface Mandate {
	memberId: string;
	organisationId: string;
	/** Decision categories the mandate covers. */
	categories: string[];
	/** The most the representative may commit the organisation to in one decision, in pence. */
	financialLimitPence: number;
	/** Last day the mandate is valid (inclusive), YYYY-MM-DD. */
	expiresOn: string;
}

/** What a mandate check needs to know about the decision. */
export interface MandatedDecision {
	category: string;
	valuePence: number;
	/** The meeting date, YYYY-MM-DD. */
	date: string;
}

/** Whether a representative's vote commits the organisation, and if not, why not. */
export type MandateCheck = { ok: true; mandate: Mandate } | { ok: false; reason: string };

/**
 * Checks that `memberId` holds a mandate from `organisationId` covering the
 * decision's category, value and date. Where several mandates exist, any one
 * that covers the decision will do; otherwise the reason given is the closest miss.
 */
export function checkMandate(
	mandates: readonly Mandate[],
	memberId: string,
	organisation: { id: string; name: string },
	decision: MandatedDecision
): MandateCheck {
	const held = mandates.filter(
		(mandate) => mandate.memberId === memberId && mandate.organisationId === organisation.id
	);
	if (held.length === 0) return { ok: false, reason: `no mandate from ${organisation.name} is recorded` };

	const reasons: string[] = [];
	for (const mandate of held) {
		if (!mandate.categories.includes(decision.category)) {
			reasons.push(`the mandate from ${organisation.name} does not cover ${describeCategory(decision.category)}`);
		} else if (compareDates(decision.date, mandate.expiresOn) > 0) {
			reasons.push(`the mandate from ${organisation.name} expired on ${formatDate(mandate.expiresOn)}`);
		} else if (decision.valuePence > mandate.financialLimitPence) {
			reasons.push(
				`the mandate from ${organisation.name} allows up to ${formatMoney(mandate.financialLimitPence)} and this decision commits ${formatMoney(decision.valuePence)}`
			);
		} else {
			return { ok: true, mandate };
		}
	}
	// Of several near misses, the financial limit is the one most worth telling: the organisation can raise it.
	const valueMiss = reasons.find((reason) => reason.includes('allows up to'));
	return { ok: false, reason: valueMiss ?? reasons[0] ?? `no mandate from ${organisation.name} is recorded` };
}
