import { formatTable } from '../cli/table.js';
import type { Suggestion } from './suggest.js';
import type { VerifyResult } from './verify.js';
import type { SideNumbers, WhatifResult } from './whatif.js';

/** Human-readable forms of the tune results (the JSON forms are the objects themselves). */

const listed = 20;

function per1k(side: SideNumbers): string {
  if (side.escalations_per_1k === null) return 'n/a';
  const ci = side.escalations_per_1k_ci ? ` [${side.escalations_per_1k_ci[0].toFixed(1)}–${side.escalations_per_1k_ci[1].toFixed(1)}]` : '';
  return `${side.escalations_per_1k.toFixed(1)}${ci}`;
}

function fpRate(side: SideNumbers): string {
  if (side.false_positive_rate === null) return 'n/a (nothing resolved)';
  const ci = side.false_positive_rate_ci ? ` [${pct(side.false_positive_rate_ci[0])}–${pct(side.false_positive_rate_ci[1])}]` : '';
  return `${pct(side.false_positive_rate)}${ci} of ${side.resolved} resolved`;
}

function fixed(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(1);
}

function rate(x: number | null): string {
  return x === null ? 'n/a' : pct(x);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function ids(list: readonly string[]): string {
  const shown = list.slice(0, listed).join(', ');
  return list.length > listed ? `${shown}, … (${list.length - listed} more)` : shown;
}

export function whatifText(r: WhatifResult): string {
  const scope = r.window.config_version ? `version ${r.window.config_version}` : 'all versions';
  const lines = [
    `What-if: draft ${r.config_id} ${r.draft_version}, policies ${r.policies.join(', ')}`,
    ...(r.dropped_policies.length > 0 ? [`Policies the draft drops (their escalations no longer fire): ${r.dropped_policies.join(', ')}`] : []),
    `Replayed ${r.events} events of ${r.config_id} (${scope}) since ${r.window.since ?? 'the start'}${r.window.until ? ` until ${r.window.until}` : ''}.`,
    '',
    `Escalations that would no longer fire: ${r.removed.total}`,
    `  known false positives removed: ${r.removed.false_positives.length}`,
    `  known TRUE POSITIVES LOST:     ${r.removed.true_positives.length}${r.removed.true_positives.length ? `  ${ids(r.removed.true_positives)}` : ''}`,
    `  unreviewed:                    ${r.removed.unreviewed}`,
  ];
  for (const [category, n] of Object.entries(r.removed.other_resolved)) lines.push(`  resolved as ${category}: ${' '.repeat(Math.max(0, 17 - category.length))}${n}`);
  lines.push(`New escalations the draft would add: ${r.added.total}${r.added.sample_ids.length ? `  e.g. ${r.added.sample_ids.slice(0, 5).join(', ')}` : ''}`);
  if (r.reason_changed > 0) lines.push(`Kept, under another reason code: ${r.reason_changed}`);
  if (r.undetermined > 0) lines.push(`Kept as is because a rule outside the evaluable subset decides them: ${r.undetermined}`);
  lines.push(
    '',
    `                     ${'current'.padEnd(40)}projected`,
    `escalations          ${String(r.current.escalations).padEnd(40)}${r.projected.escalations}`,
    `per 1k events        ${per1k(r.current).padEnd(40)}${per1k(r.projected)}`,
    `false-positive rate  ${fpRate(r.current).padEnd(40)}${fpRate(r.projected)}`,
    '(projected false-positive rate: over kept escalations already resolved; added ones have no review yet)',
    '',
    'By rule:',
    formatTable(
      r.by_rule.map((b) => ({
        rule: `${b.policy} / ${b.reason_code}`,
        escalations: `${b.current.escalations} → ${b.projected.escalations}`,
        per_1k: `${fixed(b.current.escalations_per_1k)} → ${fixed(b.projected.escalations_per_1k)}`,
        fp_rate: `${rate(b.current.false_positive_rate)} → ${rate(b.projected.false_positive_rate)}`,
      })),
    ).trimEnd(),
  );
  if (r.not_replayed.length > 0) {
    lines.push('', 'Not replayed (never guessed):');
    for (const n of r.not_replayed) lines.push(`  ${n.policy}${n.rule ? ` rule ${n.rule} (${n.reason_code ?? '?'})` : ''}: ${n.reason}`);
  }
  lines.push('', `Prediction ${r.prediction_id} stored; after deploying ${r.draft_version}, check it with: kt tune verify --config-id ${r.config_id} --config-version ${r.draft_version}`);
  return lines.join('\n') + '\n';
}

export function suggestText(s: Suggestion, file: string): string {
  const c = s.coverage;
  const lines = [
    `Draft ${s.config_id} ${s.version} (from ${s.base_version}) written to ${file}`,
    `  ${s.policy} / ${s.reason_code}: unless.any += ${s.terms.map((t) => JSON.stringify(t.term)).join(', ')}`,
    `  in ${s.base_version} these suppress ${c.false_positives} of ${c.of_false_positives} resolved false positives (cause policy_logic)` +
      ` and ${c.true_positives} of ${c.of_true_positives} true positives`,
  ];
  for (const t of s.terms) {
    lines.push(`    ${JSON.stringify(t.term)}: +${t.suppresses_false_positives} false positives, ${t.suppresses_true_positives} true positives (z ${t.z.toFixed(2)})`);
  }
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  lines.push(`Next: kt tune whatif --draft ${file} --config-version ${s.base_version}`);
  return lines.join('\n') + '\n';
}

export function verifyText(r: VerifyResult): string {
  const changed = r.by_rule.filter((b) => b.changed_by_draft);
  const kind = r.made_before_deploy ? 'prediction' : 'replay after the fact';
  const lines = [r.summary, `(${kind} ${r.prediction_id} of ${r.predicted_at}; policies ${r.policies.join(', ')}; deployed ${r.deployed_at})`];
  if (changed.length > 0) {
    lines.push('', `Rules the draft changed (${r.made_before_deploy ? 'predicted' : 'replayed'} → measured):`);
    lines.push(
      formatTable(
        changed.map((b) => ({
          rule: `${b.policy} / ${b.reason_code}`,
          per_1k: `${fixed(b.escalations_per_1k.predicted)} → ${fixed(b.escalations_per_1k.measured)}`,
          in_interval: inInterval(b.escalations_per_1k.within_interval),
          fp_rate: `${rate(b.false_positive_rate.predicted)} → ${rate(b.false_positive_rate.measured)} (${b.measured.resolved} resolved)`,
          fp_in_interval: inInterval(b.false_positive_rate.within_interval),
        })),
      ).trimEnd(),
    );
  }
  return lines.join('\n') + '\n';
}

function inInterval(x: boolean | null): string {
  return x === null ? 'n/a' : x ? 'yes' : 'NO';
}
