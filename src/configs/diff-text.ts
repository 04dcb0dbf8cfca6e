import type { ConfigDiff, FieldChange, RuleRef } from './diff.js';

/** A config diff as text a policy owner reads in a terminal or a review comment. */
export function formatConfigDiff(diff: ConfigDiff): string {
  const lines = [`config ${diff.config_id}: ${diff.from} → ${diff.to}`];
  for (const c of diff.pack) lines.push(`  ${changeText(c)}`);
  if (diff.chain) lines.push(`  ${changeText(diff.chain)}`);
  for (const p of diff.policies.added) lines.push(`  + policy ${p}`);
  for (const p of diff.policies.removed) lines.push(`  - policy ${p}`);
  for (const policy of diff.policies.changed) {
    lines.push(`  ~ policy ${policy.policy}`);
    for (const c of policy.changes) lines.push(`      ${changeText(c)}`);
    for (const r of policy.rules.added) lines.push(`      + rule ${ruleText(r)}`);
    for (const r of policy.rules.removed) lines.push(`      - rule ${ruleText(r)}`);
    for (const r of policy.rules.changed) {
      const moved = r.from_position === r.to_position ? `#${r.to_position}` : `#${r.from_position} → #${r.to_position}`;
      lines.push(`      ~ rule ${r.reason_code} (${moved})`);
      for (const c of r.changes) lines.push(`          ${changeText(c)}`);
    }
  }
  for (const t of diff.targets.added) lines.push(`  + target ${t}`);
  for (const t of diff.targets.removed) lines.push(`  - target ${t}`);
  for (const t of diff.targets.changed) {
    lines.push(`  ~ target ${t.target}`);
    for (const c of t.changes) lines.push(`      ${changeText(c)}`);
  }
  for (const c of diff.other) lines.push(`  ${changeText(c)}`);
  if (diff.identical) lines.push('  (no change to policies, rules or targets)');
  return lines.join('\n') + '\n';
}

/** One field change as a line: `unless.any: + "python process"`, `match.regex: "a" → "b"`. */
export function changeText(c: FieldChange): string {
  const parts = [...(c.added ?? []).map((x) => `+ ${show(x)}`), ...(c.removed ?? []).map((x) => `- ${show(x)}`)];
  // A reorder is shown whole (order decides in a chain), with what was added or dropped beside it.
  if (c.reordered) return `${c.path}: ${show(c.from)} → ${show(c.to)}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  if (parts.length > 0) return `${c.path}: ${parts.join(', ')}`;
  if (c.from === null) return `${c.path}: set to ${show(c.to)}`;
  if (c.to === null) return `${c.path}: removed (was ${show(c.from)})`;
  return `${c.path}: ${show(c.from)} → ${show(c.to)}`;
}

function ruleText(r: RuleRef): string {
  return `${r.reason_code} (#${r.position}): ${show(r.rule)}`;
}

function show(value: unknown): string {
  return JSON.stringify(value);
}
