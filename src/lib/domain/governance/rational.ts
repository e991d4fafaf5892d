/**
 * Exact rational numbers on bigint, for weights, fractions and thresholds.
 *
 * Every figure that decides an outcome goes through this type: a weighted
 * capitation share of "33.33" is 3333/100, a threshold of "2/3" is 2/3, and a
 * comparison is a cross-multiplication of integers, so nothing can drift.
 */

function gcd(a: bigint, b: bigint): bigint {
	let x = a < 0n ? -a : a;
	let y = b < 0n ? -b : b;
	while (y !== 0n) {
		[x, y] = [y, x % y];
	}
	return x;
}

/** What {@link Rational.parse} returns: a value, or why the text is not a number. */
export type RationalParse = { ok: true; value: Rational } | { ok: false; reason: string };

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const FRACTION = /^([+-]?)(\d+)\s*\/\s*(\d+)$/;
const PERCENT = /^([+-]?\d+(?:\.\d+)?)\s*%$/;

/** An immutable exact fraction num/den, always in lowest terms with den > 0. */
export class Rational {
	readonly num: bigint;
	readonly den: bigint;

	private constructor(num: bigint, den: bigint) {
		this.num = num;
		this.den = den;
	}

	/**
	 * The fraction num/den. A zero denominator is a programming error, so it throws.
	 * Numbers must be safe integers: a float here would defeat the point.
	 */
	static of(num: bigint | number, den: bigint | number = 1n): Rational {
		const n = toBigInt(num);
		const d = toBigInt(den);
		if (d === 0n) throw new RangeError('Rational with a zero denominator');
		const sign = d < 0n ? -1n : 1n;
		const g = gcd(n, d) || 1n;
		return new Rational((sign * n) / g, (sign * d) / g);
	}

	static readonly zero = Rational.of(0n);
	static readonly one = Rational.of(1n);

	/**
	 * Reads "12", "33.33", "2/3", "75%" or "66.5%" exactly.
	 * Returns a value, never throws, so schemas can report the problem.
	 */
	static parse(text: string): RationalParse {
		const s = text.trim();
		const percent = PERCENT.exec(s);
		if (percent) {
			const inner = Rational.parse(percent[1] ?? '');
			return inner.ok ? { ok: true, value: inner.value.div(Rational.of(100n)) } : inner;
		}
		const fraction = FRACTION.exec(s);
		if (fraction) {
			const den = BigInt(fraction[3] ?? '0');
			if (den === 0n) return { ok: false, reason: `"${text}" has a zero denominator` };
			const num = BigInt(fraction[2] ?? '0');
			return { ok: true, value: Rational.of(fraction[1] === '-' ? -num : num, den) };
		}
		const decimal = DECIMAL.exec(s);
		if (decimal) {
			const places = decimal[3] ?? '';
			const num = BigInt((decimal[2] ?? '0') + places);
			return {
				ok: true,
				value: Rational.of(decimal[1] === '-' ? -num : num, 10n ** BigInt(places.length))
			};
		}
		return { ok: false, reason: `"${text}" is not a number, fraction or percentage` };
	}

	/** Like {@link Rational.parse} for text already validated at the edge; throws if it is not. */
	static from(text: string): Rational {
		const parsed = Rational.parse(text);
		if (!parsed.ok) throw new RangeError(parsed.reason);
		return parsed.value;
	}

	add(other: Rational): Rational {
		return Rational.of(this.num * other.den + other.num * this.den, this.den * other.den);
	}

	sub(other: Rational): Rational {
		return Rational.of(this.num * other.den - other.num * this.den, this.den * other.den);
	}

	mul(other: Rational): Rational {
		return Rational.of(this.num * other.num, this.den * other.den);
	}

	div(other: Rational): Rational {
		if (other.num === 0n) throw new RangeError('Division of a Rational by zero');
		return Rational.of(this.num * other.den, this.den * other.num);
	}

	/** -1, 0 or 1 as this is less than, equal to or greater than other. */
	compare(other: Rational): -1 | 0 | 1 {
		const left = this.num * other.den;
		const right = other.num * this.den;
		return left < right ? -1 : left > right ? 1 : 0;
	}

	equals(other: Rational): boolean {
		return this.compare(other) === 0;
	}

	isZero(): boolean {
		return this.num === 0n;
	}

	isInteger(): boolean {
		return this.den === 1n;
	}

	/** The largest integer not greater than this. */
	floor(): bigint {
		const q = this.num / this.den;
		return this.num < 0n && q * this.den !== this.num ? q - 1n : q;
	}

	/** The smallest integer not less than this. */
	ceil(): bigint {
		return -Rational.of(-this.num, this.den).floor();
	}

	/** Whether the decimal expansion ends (the denominator has no prime factor but 2 and 5). */
	isTerminating(): boolean {
		return decimalPlacesNeeded(this.den) !== undefined;
	}

	/**
	 * Decimal text rounded half away from zero to `places` places, for display only.
	 * Decisions never use this.
	 */
	toFixed(places: number): string {
		const scale = 10n ** BigInt(places);
		const negative = this.num < 0n;
		const abs = negative ? -this.num : this.num;
		const scaled = (abs * scale * 2n + this.den) / (this.den * 2n);
		const digits = scaled.toString().padStart(places + 1, '0');
		const whole = digits.slice(0, digits.length - places);
		const fraction = places > 0 ? '.' + digits.slice(digits.length - places) : '';
		return (negative && scaled !== 0n ? '-' : '') + whole + fraction;
	}

	/** Exact decimal text ("33.33") when the expansion ends, otherwise "p/q". */
	toString(): string {
		const places = decimalPlacesNeeded(this.den);
		if (places === undefined) return `${this.num}/${this.den}`;
		return this.toFixed(places);
	}

	/** Exact "p/q" (or "p" for integers), whatever the expansion. */
	toFraction(): string {
		return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`;
	}

	/** Serialises exactly, so JSON output never carries a float. */
	toJSON(): string {
		return this.toString();
	}
}

function toBigInt(value: bigint | number): bigint {
	if (typeof value === 'bigint') return value;
	if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`);
	return BigInt(value);
}

function decimalPlacesNeeded(den: bigint): number | undefined {
	let d = den;
	let twos = 0;
	let fives = 0;
	while (d % 2n === 0n) {
		d /= 2n;
		twos += 1;
	}
	while (d % 5n === 0n) {
		d /= 5n;
		fives += 1;
	}
	return d === 1n ? Math.max(twos, fives) : undefined;
}

/** The exact sum of a list of rationals (zero for none). */
export function sum(values: readonly Rational[]): Rational {
	return values.reduce((total, value) => total.add(value), Rational.zero);
}
