import { describe, expect, it } from 'vitest';
import { reportDefinition } from '../../src/reports/definition.js';
import { wordedDefinition } from '../../src/reports/definition-wording.js';

describe('wordedDefinition', () => {
  const volume = reportDefinition('volume');

  it('fills each placeholder with the report’s word and leaves the rest as written', () => {
    const worded = wordedDefinition(volume, { by: 'policy', bucket: 'day' });
    expect(worded.definitions.find((d) => d.term === 'Escalations')?.meaning).toBe("Escalations counted in the day of their event's time, per policy.");
    expect(worded.definitions.map((d) => d.term)).toEqual(volume.definitions.map((d) => d.term));
    expect(JSON.stringify(worded)).not.toMatch(/\{[a-z_]+\}/);
  });

  it('refuses a placeholder the report gives no word for, instead of printing it', () => {
    expect(() => wordedDefinition(volume, { bucket: 'day' })).toThrow(/volume uses \{by\}, which the report does not fill/);
  });
});
