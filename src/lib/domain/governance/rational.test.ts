import { describe, expect, it } from 'vitest';
import { Rational, sum } from './rational';

describe('Rational', () => {
	it('reads decimals, fractions and percentages exactly', () => {
		expect(Rational.from('33.33').toFraction()).toBe('3333/100');
		expect(Rational.from('2/3').toFraction()).toBe('2/3');
		expect(Rational.from('0.75').equals(Rational.of(3, 4))).toBe(true);
		expect(Rational.from('75%').equals(Rational.of(3, 4))).toBe(true);
		expect(Rational.from('66.5%').toFraction()).toBe('133/200');
		expect(Rational.from(' 4 / 8 ').toFraction()).toBe('1/2');
	});

	it('reports text that is not a number, rather than throwing', () => {
		expect(Rational.parse('three-quarters')).toEqual({
			ok: false,
			reason: '"three-quarters" is not a number, fraction or percentage'
		});
		expect(Rational.parse('1/0').ok).toBe(false);
		expect(Rational.parse('0.1.2').ok).toBe(false);
		expect(() => Rational.from('nonsense')).toThrow(RangeError);
	});

	it('does not drift where floating point would', () => {
		// 0.1 + 0.2 !== 0.3 in floating point.
		expect(Rational.from('0.1').add(Rational.from('0.2')).equals(Rational.from('0.3'))).toBe(true);
		const thirds = sum([Rational.from('33.33'), Rational.from('33.33'), Rational.from('33.34')]);
		expect(thirds.equals(Rational.of(100))).toBe(true);
		expect(Rational.of(1, 3).mul(Rational.of(3)).equals(Rational.one)).toBe(true);
	});

	it('keeps lowest terms and a positive denominator', () => {
		const value = Rational.of(6, -8);
		expect([value.num, value.den]).toEqual([-3n, 4n]);
		expect(Rational.of(0, 5).equals(Rational.zero)).toBe(true);
		expect(() => Rational.of(1, 0)).toThrow(RangeError);
		expect(() => Rational.of(0.5)).toThrow(RangeError);
	});

	it('compares exactly at a boundary', () => {
		expect(Rational.of(75, 100).compare(Rational.of(3, 4))).toBe(0);
		expect(Rational.of(7499, 10000).compare(Rational.of(3, 4))).toBe(-1);
		expect(Rational.of(2, 3).compare(Rational.from('0.666666666666'))).toBe(1);
		expect(Rational.of(1, 2).sub(Rational.of(1, 3)).div(Rational.of(1, 6)).equals(Rational.one)).toBe(true);
	});

	it('floors and ceils, negatives included', () => {
		expect(Rational.of(13, 2).floor()).toBe(6n);
		expect(Rational.of(13, 2).ceil()).toBe(7n);
		expect(Rational.of(-13, 2).floor()).toBe(-7n);
		expect(Rational.of(-13, 2).ceil()).toBe(-6n);
		expect(Rational.of(6).ceil()).toBe(6n);
	});

	it('writes terminating values as decimals and others as fractions', () => {
		expect(Rational.from('33.330').toString()).toBe('33.33');
		expect(Rational.of(5, 8).toString()).toBe('0.625');
		expect(Rational.of(200, 3).toString()).toBe('200/3');
		expect(JSON.stringify({ weight: Rational.from('12.5') })).toBe('{"weight":"12.5"}');
	});

	it('rounds half away from zero for display', () => {
		expect(Rational.of(5, 6).toFixed(3)).toBe('0.833');
		expect(Rational.of(1, 8).toFixed(2)).toBe('0.13');
		expect(Rational.of(-1, 8).toFixed(2)).toBe('-0.13');
		expect(Rational.of(2, 3).toFixed(0)).toBe('1');
		expect(Rational.of(-1, 1000).toFixed(1)).toBe('0.0');
	});
});
