import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, two passes, one lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;

/** Hashes a password with argon2id (the library's default algorithm). */
export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** Why a new password is not acceptable, or null. */
export function passwordProblem(password: string, email = ''): string | null {
	if (password.length < MIN_PASSWORD_LENGTH) return `Enter a password of at least ${MIN_PASSWORD_LENGTH} characters`;
	if (password.length > 256) return 'Enter a password of at most 256 characters';
	if (email && password.toLowerCase().includes(email.toLowerCase().split('@')[0] ?? '\u0000')) {
		return 'Enter a password that does not contain your email address';
	}
	return null;
}
