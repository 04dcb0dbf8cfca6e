import { describe, expect, it } from 'vitest';
import { excerptChars, excerptOf } from '../../src/evidence/excerpt.js';

describe('excerptOf (the flagged text in evidence.pdf)', () => {
  it('shows a short text whole and says nothing was cut', () => {
    expect(excerptOf('how do I kill a python process', 30)).toEqual({ text: 'how do I kill a python process', length: 30, cut: false });
  });

  it('marks a text longer than the excerpt with an ellipsis and its full length', () => {
    const head = 'x'.repeat(excerptChars);
    expect(excerptOf(head, 12_345n)).toEqual({ text: `${head}…`, length: 12_345, cut: true });
    expect(excerptOf(head, excerptChars)).toMatchObject({ cut: false, text: head });
  });

  it('shows line breaks as ↵ and control characters as U+FFFD, so an excerpt stays a few lines', () => {
    expect(excerptOf('first line\r\n\n\n   second\u0000line\n', 40)!.text).toBe('first line ↵ second\uFFFDline');
  });

  it('is null for an event without the text', () => {
    expect(excerptOf(null, null)).toBeNull();
    expect(excerptOf('', 0)).toBeNull();
  });
});
