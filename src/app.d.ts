// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Services } from '$lib/server/services';
import type { SessionUser } from '$lib/server/session';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** A reference the user can quote; the full error is in the log under it. */
			reference?: string;
		}
		interface Locals {
			services: Services;
			user: SessionUser | null;
			sessionId: string | null;
		}
		interface Platform {
			req?: import('node:http').IncomingMessage & { services?: Services };
		}
	}
}

export {};
