import { describe, expect, it } from 'vitest';
import { isUpcoming } from './meeting-dates';

describe('an upcoming meeting', () => {
	const now = new Date('2026-12-02T12:00:00Z');
	const ending = (iso: string) => new Date(iso);

	it('is one under way, whenever it was meant to end', () => {
		expect(isUpcoming({ status: 'in_progress', endsAt: ending('2026-12-01T12:00:00Z') }, now)).toBe(true);
	});

	it('is one scheduled that has not yet ended, to the minute', () => {
		expect(isUpcoming({ status: 'scheduled', endsAt: ending('2026-12-02T12:00:00Z') }, now)).toBe(true);
		expect(isUpcoming({ status: 'scheduled', endsAt: ending('2026-12-02T11:59:00Z') }, now)).toBe(false);
	});

	it('is never one closed or cancelled', () => {
		for (const status of ['closed', 'cancelled'] as const) expect(isUpcoming({ status, endsAt: ending('2027-01-01T12:00:00Z') }, now)).toBe(false);
	});
});
