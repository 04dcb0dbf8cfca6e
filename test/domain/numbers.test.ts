import { describe, expect, it } from 'vitest';
import { decimalNumber, expectedNumber, wholeNumber } from '../../src/domain/numbers.js';

describe('wholeNumber', () => {
  const limit = wholeNumber({ min: 1, max: 500 });

  it('takes digits as text or a whole JSON number within the range', () => {
    expect(limit.parse('1')).toBe(1);
    expect(limit.parse('500')).toBe(500);
    expect(limit.parse(42)).toBe(42);
  });

  it.each(['', ' 5', '0', '-3', '2.5', '501', 'many', '1e3', '0x10', '99999999999999999999', 2.5, Number.NaN])('refuses %j, saying what it accepts', (given) => {
    const result = limit.safeParse(given);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.message).toBe('must be a whole number from 1 to 500');
    expect(expectedNumber(issue)).toBe('a whole number from 1 to 500');
  });

  it('describes an open-ended range', () => {
    expect(wholeNumber({ min: 0 }).safeParse('-1').error?.issues[0]?.message).toBe('must be a whole number of 0 or more');
    expect(wholeNumber({ min: 0 }).parse('123456789')).toBe(123456789);
    // Beyond what a double holds exactly, the open end is named rather than repeated.
    expect(wholeNumber({ min: 1 }).safeParse('99999999999999999999999').error?.issues[0]?.message).toBe('must be a whole number from 1 to 9007199254740991');
  });

  it('takes a default when the flag or parameter is absent', () => {
    expect(limit.default(50).parse(undefined)).toBe(50);
  });
});

describe('decimalNumber', () => {
  it('takes decimals written as people write them', () => {
    const share = decimalNumber({ min: 0, max: 1 });
    expect(['0', '0.05', '.5', '1', 0.25].map((v) => share.parse(v))).toEqual([0, 0.05, 0.5, 1, 0.25]);
    expect(share.safeParse('1.01').error?.issues[0]?.message).toBe('must be a number from 0 to 1');
    expect(share.safeParse('NaN').success).toBe(false);
    expect(share.safeParse('Infinity').success).toBe(false);
  });

  it('can exclude its minimum and name a unit', () => {
    const scale = decimalNumber({ min: 0, aboveMin: true, max: 200 });
    expect(scale.safeParse('0').error?.issues[0]?.message).toBe('must be a number greater than 0 and at most 200');
    expect(scale.parse('0.05')).toBe(0.05);
    expect(decimalNumber({ min: 0.1, max: 3600, unit: 'seconds' }).safeParse('0').error?.issues[0]?.message).toBe('must be a number of seconds from 0.1 to 3600');
  });
});
