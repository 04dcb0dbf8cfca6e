import { describe, expect, it } from 'vitest';
import { codeLinesHtml, formatMinutes, formatPValue, formatSigned, formatSignedMinutes, identifierHtml, pStatement } from '../../src/render/format.js';
import { verdictSentence } from '../../src/reports/tuning.js';
import type { TuningComparison, VersionOutcome } from '../../src/analytics/tuning.js';

describe('p-values in words', () => {
  it('reads "p < 0.001" for a tiny value and "p = 0.012" otherwise, never "p = < 0.001"', () => {
    expect(formatPValue(0.0000172)).toBe('< 0.001');
    expect(pStatement(0.0000172)).toBe('p < 0.001');
    expect(pStatement(0.012249)).toBe('p = 0.012');
    expect(pStatement(0.001)).toBe('p = 0.001');
  });

  it('writes the tuning verdict with them', () => {
    const side = (config_version: string, escalations_per_1k: number, false_positive_rate: number): VersionOutcome => ({
      config_version, events: 1000, escalations: escalations_per_1k, escalations_per_1k, resolved: 10, false_positives: 5,
      false_positive_rate, ci_low: null, ci_high: null, true_positives: 5, median_minutes_to_resolve: 60,
    });
    const comparison: TuningComparison = {
      before: side('2.3.0', 10.7, 0.855),
      after: side('2.4.0', 1.3, 0.235),
      change: { escalations_per_1k: -9.4, false_positive_rate: -0.62, median_minutes_to_resolve: 0, escalation_rate_p_value: 0.00001, false_positive_rate_p_value: 0.2 },
      verdict: 'improved',
    };
    const sentence = verdictSentence(comparison, 0.05);
    expect(sentence).toContain('went from 10.7 to 1.3 (p < 0.001)');
    expect(sentence).toContain('(p = 0.200, not significant)');
    expect(sentence).not.toContain('= <');
  });
});

describe('changes of a rate', () => {
  it('are percentage points, not a percent of the rate: 57.1% → 16.7% is −40.5 points (a 71% drop), as kt analyze tuning says', () => {
    expect(formatSigned(1 / 6 - 4 / 7, 'points')).toBe('−40.5 points');
    expect(formatSigned(0.05, 'points')).toBe('+5.0 points');
    expect(formatSigned(0, 'points')).toBe('0.0 points');
    expect(formatSigned(null, 'points')).toBe('—');
  });

  it('carry no sign when they round to zero: a tiny drop is "0.0", never "−0.0" or "+0.0"', () => {
    expect(formatSigned(-0.04, 'number', 1)).toBe('0.0');
    expect(formatSigned(0.04, 'number', 1)).toBe('0.0');
    expect(formatSigned(-0.0004, 'points')).toBe('0.0 points');
    expect(formatSigned(0.0004, 'percent')).toBe('0.0%');
    expect(formatSigned(-0.4, 'number', 0)).toBe('0');
    expect(formatSigned(-0.05, 'number', 1)).toBe('−0.1');
  });
});

describe('changes of a duration', () => {
  it('are in the unit of the durations they are the change of, the larger one deciding', () => {
    // 3.0 h → 5.0 h: the change is +2.0 h, not +120 min.
    expect(formatMinutes(180)).toBe('3.0 h');
    expect(formatSignedMinutes(120, [180, 300])).toBe('+2.0 h');
    // 30 min → 3.0 d: the change is in days, as the larger value is.
    expect(formatSignedMinutes(4290, [30, 4320])).toBe('+3.0 d');
    expect(formatSignedMinutes(-15, [45, 30])).toBe('−15 min');
    // A small change of long durations stays in their unit, and reads 0.0 h when it rounds to zero.
    expect(formatSignedMinutes(2, [600, 602])).toBe('0.0 h');
    expect(formatSignedMinutes(null, [60, null])).toBe('—');
  });
});

describe('identifiers in tables', () => {
  it('may wrap only after _, - or /, never inside a word', () => {
    expect(identifierHtml('cfg_support_prod')).toBe('<span class="id">cfg_<wbr>support_<wbr>prod</span>');
    expect(identifierHtml('gpt-4o-mini')).toBe('<span class="id">gpt-<wbr>4o-<wbr>mini</span>');
    expect(identifierHtml('2.3.0')).toBe('<span class="id">2.3.0</span>');
  });

  it('escapes HTML and prints a missing value as —', () => {
    expect(identifierHtml('a<b>_"c"')).toBe('<span class="id">a&lt;b&gt;_<wbr>&quot;c&quot;</span>');
    expect(identifierHtml(null)).toBe('—');
    expect(identifierHtml('')).toBe('—');
  });
});

describe('rule text in reports', () => {
  it('is one block per line carrying its indentation, escaped, with empty lines kept', () => {
    expect(codeLinesHtml('a:\n  regex: <x>\n\nb')).toBe(
      '<span class="line" style="--indent:2ch">a:</span>' +
      '<span class="line" style="--indent:4ch">  regex: &lt;x&gt;</span>' +
      '<span class="line" style="--indent:2ch"> </span>' +
      '<span class="line" style="--indent:2ch">b</span>',
    );
  });
});
