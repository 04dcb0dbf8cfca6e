import type { Command } from 'commander';
import { demoOptionsSchema, runDemo, type DemoResult } from '../demo/run.js';
import { storyVersions } from '../demo/story.js';
import { formatDate } from '../render/format.js';
import { globalOptions } from './context.js';
import { checkFlags } from './flags.js';
import { formatTable } from './table.js';
import { localActor } from './users.js';

/** kt demo: generate the seeded demo dataset, load it, add one user per role, tell the story. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('generate ~90 days of realistic, seeded demo data, load it into --db and print the story it hides')
    .option('--seed <n>', 'the random seed: the same seed gives the same data', '1')
    .option('--scale <n>', 'volume multiplier: 1 = ~200k events, 25 = ~5M; fractions such as 0.05 work', '1')
    .option('--end <date>', 'when the data ends: YYYY-MM-DD, RFC 3339 or today (default 2026-11-20)')
    .option('--out <dir>', 'write the generated files here and keep them (default: a temporary directory)')
    .option('--keep-files', 'keep the temporary files and print where they are', false)
    .option('--force', 'delete and recreate the store if it already holds data', false)
    .action(async (o: { seed: string; scale: string; end?: string; out?: string; keepFiles: boolean; force: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const progress = g.json ? undefined : (step: string) => process.stderr.write(`kt demo: ${step}…\n`);
      const options = { seed: o.seed, scale: o.scale, end: o.end, out: o.out, keepFiles: o.keepFiles, force: o.force };
      checkFlags(demoOptionsSchema, options);
      const result = await runDemo(g.db, options, localActor(), progress);
      if (g.json) process.stdout.write(JSON.stringify(jsonSummary(result), null, 2) + '\n');
      else process.stdout.write(textSummary(result));
    });
}

function jsonSummary(result: DemoResult): Record<string, unknown> {
  const { generated, loaded } = result;
  return {
    db: result.db,
    seed: generated.seed,
    scale: generated.scale,
    window: generated.window,
    events: generated.events,
    verdicts: generated.verdicts,
    escalated_events: generated.escalated_events,
    imported_escalations: generated.imported_escalations,
    left_to_kt: generated.left_to_kt,
    configs: generated.configs,
    ingest: loaded.reports.map(({ rejections, ...report }) => ({ ...report, rejections: rejections.slice(0, 10) })),
    users: loaded.users,
    story: generated.story,
    files: result.kept,
    timings: result.timings,
  };
}

function textSummary(result: DemoResult): string {
  const { generated, loaded } = result;
  const rejected = loaded.reports.reduce((n, r) => n + r.rejected, 0);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  const v = generated.verdicts;
  // A week either side of the broad rule's deploy: the rise, and every team it hit.
  const broadDeploy = generated.configs.find((c) => c.config_id === 'cfg_support_prod' && c.version === storyVersions.broad)?.deployed_at;
  const daysFrom = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
  const out: string[] = [
    `Loaded the kt demo into ${result.db} (seed ${generated.seed}, scale ${generated.scale}) in ${seconds(result.timings.total_ms)}` +
      ` (generate ${seconds(result.timings.generate_ms)}, load ${seconds(result.timings.load_ms)}).`,
    '',
    `${generated.events.toLocaleString('en')} events from ${generated.window.start.slice(0, 10)} to ${generated.window.end.slice(0, 10)}: ` +
      `${v.allow} allowed, ${v.escalate} escalated, ${v.block} blocked, ${v.redact} redacted; teams support, sales, engineering, hr, legal.`,
    `${generated.escalated_events} escalations: ${generated.imported_escalations.resolved} resolved, ${generated.imported_escalations.claimed} claimed and ` +
      `${generated.imported_escalations.queued} queued in the upstream export; kt created ${generated.left_to_kt.queued} queued ones for events` +
      ` newer than the export, and ${generated.left_to_kt.routed} claimed by bob through routing.`,
    rejected === 0 ? 'Ingest rejected nothing.' : `Warning: ingest rejected ${rejected} rows; run with --json for the details.`,
    '',
    'Configuration versions:',
    formatTable(generated.configs.map((c) => ({ ...c, deployed_at: formatDate(c.deployed_at) })), ['config_id', 'version', 'deployed_at', 'author', 'change']).trimEnd(),
    '',
    ...storyText(result),
    '',
    'Users (tokens are shown once; use them as Authorization: Bearer TOKEN, or to sign in to kt serve):',
    formatTable(loaded.users.map((u) => ({ ...u })), ['id', 'role', 'token', 'purpose']).trimEnd(),
    '',
    'Try next:',
    '  kt analyze false-positives --cause policy_logic --min-resolved 10',
    `  kt analyze tuning --config-id cfg_support_prod --policy human-oversight --reason-code violence_terms --before ${storyVersions.broad} --after ${storyVersions.narrowed}`,
    '  kt analyze volume --config-id cfg_support_prod --bucket week',
    ...(broadDeploy ? [`  kt events summary --policy human-oversight --reason-code violence_terms --since ${daysFrom(broadDeploy, -7)} --until ${daysFrom(broadDeploy, 8)}`] : []),
    '  kt analyze quality',
    '  kt analyze backlog',
    `  kt tune suggest --config-id cfg_support_prod --policy human-oversight --reason-code violence_terms --config-version ${storyVersions.broad}`,
    '  kt serve        # then open http://127.0.0.1:8787 and sign in with a token above',
  ];
  const daysOld = Math.floor((Date.now() - Date.parse(generated.window.end)) / 86_400_000);
  if (daysOld >= 1) {
    out.push('', `Note: the data ends ${generated.window.end.slice(0, 10)}, ${daysOld} days ago, so open items look overdue and --since windows miss it;`);
    out.push('kt demo --end today --force makes it end now (same story, other dates).');
  }
  if (result.kept) out.push('', `Generated files kept in ${result.kept}`);
  return out.join('\n') + '\n';
}

function storyText(result: DemoResult): string[] {
  const versions = new Map(result.generated.story.versions.map((s) => [s.config_version, s]));
  const before = versions.get(storyVersions.before);
  const broad = versions.get(storyVersions.broad);
  const narrowed = versions.get(storyVersions.narrowed);
  const deployOf = (version: string) => result.generated.configs.find((c) => c.config_id === 'cfg_support_prod' && c.version === version)?.deployed_at.slice(0, 10) ?? '?';
  const percent = (rate: number | null | undefined) => (rate == null ? 'n/a' : `${Math.round(rate * 100)}%`);
  return [
    'The story hidden in the data:',
    `  cfg_support_prod ${storyVersions.broad} (deployed ${deployOf(storyVersions.broad)}) replaced the precise violence_terms regex of human-oversight`,
    '  with the bare terms kill, shoot, stab, gun, bomb. It now fires on "kill the python process", "shoot me an email",',
    `  "shoot over the deck", "photo shoot"… violence_terms escalations went from ${before?.escalations_per_1k ?? 0} to ${broad?.escalations_per_1k ?? 0} per 1,000 events,`,
    `  ${percent(broad?.false_positive_rate)} of the reviewed ones false positives (cause policy_logic), in ${broad?.teams_with_false_positives.join(', ') || 'no teams'} at once.`,
    `  ${storyVersions.narrowed} (deployed ${deployOf(storyVersions.narrowed)}) added an unless for those phrases: ${narrowed?.escalations_per_1k ?? 0} per 1,000 events,`,
    `  ${percent(narrowed?.false_positive_rate)} false positives ("kill switch" still slips through).`,
    '  Also: marcus pastes one boilerplate note, dana often writes one word, chen leaves false positives without a cause,',
    '  reviewers split on legal_advice and harassment, legacy order numbers trip payment_card (cause detector_data),',
    "  and since cfg_legal_prod 1.6.0 legal's Azure gpt-4o escalations are routed to bob.",
  ];
}
