import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { email, type FieldErrors, parseForm } from '$lib/server/forms';
import * as passwordReset from '$lib/server/password-reset';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals, getClientAddress }) => {
		const parsed = parseForm(z.object({ email }), await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, sent: false, message: null });
		const { sql, mailer, origin } = locals.services;
		const requested = await sql.begin((tx) => passwordReset.request(tx, parsed.data.email, getClientAddress()));
		if (requested.limited) {
			const { windowMinutes } = passwordReset.RESET_LIMITS;
			return fail(429, {
				sent: false,
				errors: {} as FieldErrors,
				values: { email: parsed.data.email } as Record<string, string | string[]>,
				message: `You have asked for several reset links in the last ${windowMinutes} minutes. Use the link in the newest email, or wait ${windowMinutes} minutes and ask again.`
			});
		}
		if (requested.reset) {
			const reset = requested.reset;
			await mailer.send({
				to: parsed.data.email,
				subject: 'Reset your oversight portal password',
				text: [
					`Dear ${reset.name},`,
					'',
					'Someone asked to reset the password of your oversight portal account. If it was you, follow this link within an hour:',
					'',
					`${origin}/reset-password/${reset.token}`,
					'',
					'If it was not you, ignore this email: your password stays as it is.'
				].join('\n')
			});
		}
		// The same answer whether or not the account exists, so the form cannot be used to find out who has one.
		return { sent: true, errors: {} as FieldErrors, values: {} as Record<string, string | string[]>, message: null };
	}
};
