import { describe, expect, it } from 'vitest';
import { parseDemoEnd } from '../../src/demo/run.js';
import { KtError } from '../../src/errors.js';

describe('kt demo --end', () => {
  const now = new Date('2026-11-24T21:30:00Z');

  it('takes a date (midnight UTC), an RFC 3339 time, or today (the midnight that began today)', () => {
    expect(parseDemoEnd('2026-11-20', now).toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(parseDemoEnd('2026-11-20T12:00:00+02:00', now).toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(parseDemoEnd('today', now).toISOString()).toBe('2026-11-24T00:00:00.000Z');
  });

  it('refuses an end more than a day ahead of now: the upstream reviews would be in the future, which ingest refuses', () => {
    expect(parseDemoEnd('2026-11-25T21:00:00Z', now).toISOString()).toBe('2026-11-25T21:00:00.000Z');
    expect(() => parseDemoEnd('2026-11-26', now)).toThrowError('--end "2026-11-26" is in the future: the demo\'s reviews would not have happened yet; give a date up to today, or today.');
  });

  it('refuses anything else, naming the flag', () => {
    for (const bad of ['yesterday', '2026-13-01', '2026-11-20T10:00:00', '']) {
      expect(() => parseDemoEnd(bad, now)).toThrowError(KtError);
      expect(() => parseDemoEnd(bad, now)).toThrowError(/--end/);
    }
  });
});
