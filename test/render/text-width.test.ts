import { describe, expect, it } from 'vitest';
import { fitText, textWidth } from '../../src/render/text-width.js';

describe('chart text width', () => {
  it('grows with the text and the font size, wide letters more than narrow ones', () => {
    expect(textWidth('mmmm', 10)).toBeGreaterThan(textWidth('iiii', 10) * 3);
    expect(textWidth('violence_terms', 20)).toBeCloseTo(textWidth('violence_terms', 10) * 2);
    expect(textWidth('', 10)).toBe(0);
  });

  it('cuts text to the room given, ending in …, and leaves text that fits alone', () => {
    expect(fitText('short', 200, 10)).toBe('short');
    const cut = fitText('human-oversight / employment_decision 2.4.0', 100, 10);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 10)).toBeLessThanOrEqual(100);
    expect('human-oversight / employment_decision 2.4.0'.startsWith(cut.slice(0, -1))).toBe(true);
  });
});
