import { describe, expect, it } from 'vitest';
import { neighbouringYear, parseFinancialYear } from './financial-year';

describe('financial years as typed', () => {
	it('reads 2015/16 and 2015-16 alike', () => {
		expect(parseFinancialYear('2015/16')).toEqual({ label: '2015/16', key: '2015-16' });
		expect(parseFinancialYear(' 2015-16 ')).toEqual({ label: '2015/16', key: '2015-16' });
		expect(parseFinancialYear('1999/00')).toBeNull();
		expect(parseFinancialYear('2099/00')).toEqual({ label: '2099/00', key: '2099-00' });
	});
	it('refuses a second year that does not follow the first, and other text', () => {
		expect(parseFinancialYear('2015/17')).toBeNull();
		expect(parseFinancialYear('2015')).toBeNull();
		expect(parseFinancialYear('15/16')).toBeNull();
	});
	it('steps a year either way', () => {
		expect(neighbouringYear({ label: '2015/16', key: '2015-16' }, -1).key).toBe('2014-15');
		expect(neighbouringYear({ label: '2099/00', key: '2099-00' }, 1).key).toBe('2100-01');
	});
});
