import { describe, expect, it } from 'vitest';
import { KtError, refusalInWords } from '../../src/errors.js';
import { durationMs, parseTimeText, resolveTimeWindow, timeTextSchema } from '../../src/domain/time-window.js';

const now = new Date('2026-09-21T12:00:00Z');

describe('time text', () => {
  it.each([
    ['5m', '2026-09-21T11:55:00.000Z'],
    ['1h', '2026-09-21T11:00:00.000Z'],
    ['24h', '2026-09-20T12:00:00.000Z'],
    ['7d', '2026-09-14T12:00:00.000Z'],
    ['2w', '2026-09-07T12:00:00.000Z'],
    [' 90M ', '2026-09-21T10:30:00.000Z'],
  ])('reads the duration %s back from now', (text, expected) => {
    expect(parseTimeText(text, now)?.toISOString()).toBe(expected);
  });

  it.each([
    ['2026-09-14T10:00:00Z', '2026-09-14T10:00:00.000Z'],
    ['2026-09-14T10:00:00.250Z', '2026-09-14T10:00:00.250Z'],
    ['2026-09-14T12:00:00+02:00', '2026-09-14T10:00:00.000Z'],
    ['2026-09-14T05:30:00-04:30', '2026-09-14T10:00:00.000Z'],
    ['2026-09-14', '2026-09-14T00:00:00.000Z'],
  ])('reads the RFC 3339 timestamp %s', (text, expected) => {
    expect(parseTimeText(text, now)?.toISOString()).toBe(expected);
  });

  it.each(['', '5', 'm', '5x', '0m', '-5m', '1.5h', 'yesterday', '2026-09-14T10:00:00', '2026-02-30T10:00:00Z', '2026-09-14T25:00:00Z', '14/09/2026'])(
    'refuses %j',
    (text) => {
      expect(parseTimeText(text, now)).toBeUndefined();
    },
  );

  it('names the flag and the value when refusing a duration, the option and problem apart for the API and forms', () => {
    expect(() => durationMs('0d', 'window')).toThrowError(/^--window "0d" must be a positive duration/);
    try {
      durationMs('5x', 'window');
    } catch (error) {
      expect(error).toBeInstanceOf(KtError);
      expect((error as KtError).exitCode).toBe(2);
      expect((error as KtError).details).toMatchObject({ window: '5x', field: 'window', option: 'window', problem: '"5x" must be a positive duration like 5m, 1h, 7d or 2w' });
    }
  });

  it('validates as a zod schema', () => {
    expect(timeTextSchema(now).parse('1h').toISOString()).toBe('2026-09-21T11:00:00.000Z');
    const result = timeTextSchema(now).safeParse('soon');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/neither a duration/);
  });

  it('measures durations and refuses non-positive ones', () => {
    expect(durationMs('2w', 'window')).toBe(14 * 86_400_000);
    expect(() => durationMs('0d', 'window')).toThrowError(/--window "0d" must be a positive duration/);
  });
});

describe('time window', () => {
  it('leaves absent bounds open', () => {
    expect(resolveTimeWindow({}, now)).toEqual({ since: null, until: null });
    expect(resolveTimeWindow({ since: '1h' }, now)).toEqual({ since: new Date('2026-09-21T11:00:00Z'), until: null });
  });

  it('refuses an empty or inverted window, naming both flags', () => {
    expect(() => resolveTimeWindow({ since: '1h', until: '2h' }, now)).toThrowError('--since "1h" must be before --until "2h".');
    expect(() => resolveTimeWindow({ since: '2026-09-01T00:00:00Z', until: '2026-09-01T00:00:00Z' }, now)).toThrowError(/must be before/);
  });

  it('carries an inverted window\'s options and problem apart, so the API and the web forms can say it in their words', () => {
    let refusal: unknown;
    try {
      resolveTimeWindow({ since: '2026-11-10', until: '2026-11-01' }, now);
    } catch (error) {
      refusal = error;
    }
    if (!(refusal instanceof KtError)) throw new Error('an inverted window was not refused');
    expect(refusal.details).toMatchObject({ field: 'since', option: 'since', problem: '"2026-11-10" must be before', versus: 'until', after_versus: '"2026-11-01"' });
    expect(refusalInWords(refusal, (option) => option)).toBe('since "2026-11-10" must be before until "2026-11-01".');
    expect(refusalInWords(refusal, (option, place) => (place === 'versus' ? `the ${option}` : `The ${option}`))).toBe('The since "2026-11-10" must be before the until "2026-11-01".');
  });

  it('names query parameters when asked', () => {
    expect(() => resolveTimeWindow({ until: 'later' }, now, (f) => f)).toThrowError(/^until "later" is neither/);
  });
});
