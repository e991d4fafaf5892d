import { error, redirect } from '@sveltejs/kit';
import { decide, type Action, type Actor, type Target } from '$lib/domain/policy';
import * as membership from './membership';

/**
 * The signed-in person as the policy sees them, or a redirect to sign in.
 * Routes call `authorise` with it; the policy module alone decides.
 */
export async function actorOf(locals: App.Locals): Promise<Actor> {
	if (!locals.user) redirect(303, '/sign-in');
	return membership.actorFor(locals.services.sql, locals.user);
}

/** Refuses with 403 and the policy's reason unless `actor` may do `action`. */
export function authorise(actor: Actor, action: Action, target: Target = {}): void {
	const decision = decide(actor, action, target);
	if (!decision.allowed) error(403, decision.reason);
}

/** Whether `actor` may do `action`, for showing or hiding links. */
export function may(actor: Actor, action: Action, target: Target = {}): boolean {
	return decide(actor, action, target).allowed;
}
