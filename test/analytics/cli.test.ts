import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerAnalyze } from '../../src/cli/analyze.js';
import { fixtureStore } from './fixture.js';

let db: string;
beforeAll(async () => {
  const { store } = await fixtureStore();
  db = store.path;
  store.close();
});
afterAll(() => rmSync(dirname(db), { recursive: true, force: true }));

/** Runs `kt analyze …` in-process, as main.ts wires it, and returns what it printed. */
async function kt(...args: string[]): Promise<string> {
  const program = new Command().option('--db <path>').option('--json').exitOverride();
  registerAnalyze(program);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'kt', '--db', db, ...args]);
  } finally {
    write.mockRestore();
  }
  return out;
}

describe('kt analyze', () => {
  it('false-positives --json prints the clusters with the documented keys', async () => {
    const clusters = JSON.parse(await kt('--json', 'analyze', 'false-positives', '--by', 'provider', '--cause', 'policy_logic', '--terms', '2'));
    expect(clusters[0]).toMatchObject({ config_version: '1.0.0', provider: 'openai', false_positives: 5, resolved: 9 });
    expect(clusters[0].top_terms.map((t: { term: string }) => t.term)).toEqual(['process', 'python']);
    expect(Object.keys(clusters[0])).toContain('provider');
    expect(Object.keys(clusters[0])).not.toContain('team');
  });

  it('false-positives prints a table with the separating terms', async () => {
    const text = await kt('analyze', 'false-positives', '--min-resolved', '3');
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^policy\s+reason_code\s+config\s+escalations\s+resolved\s+fp\s+fp_rate\s+ci95\s+top_terms$/);
    expect(lines[2]).toMatch(/human-oversight\s+violence_terms\s+cfg_support@1\.0\.0\s+10\s+9\s+6\s+66\.7%\s+35\.4%–87\.9%\s+process, python, python process/);
    expect(lines).toHaveLength(4);
  });

  it('tuning prints the verdict; --json has before, after, change, verdict', async () => {
    const flags = ['--config-id', 'cfg_support', '--policy', 'human-oversight', '--reason-code', 'violence_terms', '--before', '1.0.0', '--after', '1.1.0'];
    expect(await kt('analyze', 'tuning', ...flags)).toMatch(/escalations per 1k: -200\.0 \(p = 0\.012\)[\s\S]*verdict: improved/);
    expect(Object.keys(JSON.parse(await kt('--json', 'analyze', 'tuning', ...flags))).sort()).toEqual(['after', 'before', 'change', 'verdict']);
  });

  it('tuning says n/a, not "n/a points", when a version has no false-positive rate', async () => {
    // pii-detector is new in 1.2.0: nothing of it was resolved under 1.1.0.
    const text = await kt('analyze', 'tuning', '--config-id', 'cfg_support', '--policy', 'pii-detector', '--before', '1.1.0', '--after', '1.2.0');
    expect(text).toMatch(/\nfalse-positive rate: n\/a \(no test possible\)\n/);
  });

  it('volume, backlog and quality print their tables', async () => {
    const volume = await kt('analyze', 'volume', '--bucket', 'week');
    expect(volume).toMatch(/FLAGGED: 2 teams rose/);
    expect(volume).toMatch(/cfg_support@1\.2\.0\s+pii-detector\s+pii_detected\s+2\s+blue 0\.0→400\.0, red 0\.0→400\.0/);
    expect(await kt('analyze', 'backlog', '--team', 'blue')).toMatch(/: 1 queued, 1 claimed, \d+ overdue/);
    expect(await kt('analyze', 'quality')).toMatch(/esc_evt_120_02\s+dave/);
  });

  it('volume takes --alpha and --min-teams, as GET /api/analytics/volume takes alpha and min_teams, with the same limits', async () => {
    // Two teams rose after 1.2.0 with p = 0.006: significant at 0.05, not at 0.001.
    expect(await kt('analyze', 'volume', '--bucket', 'week')).toMatch(/FLAGGED: 2 teams rose/);
    expect(await kt('analyze', 'volume', '--bucket', 'week', '--alpha', '0.001')).not.toMatch(/FLAGGED/);
    expect(await kt('analyze', 'volume', '--bucket', 'week', '--min-teams', '3')).not.toMatch(/FLAGGED/);
    await expect(kt('analyze', 'volume', '--alpha', '1.5')).rejects.toThrow('--alpha: expected a number from 0 to 1, got "1.5"');
    await expect(kt('analyze', 'volume', '--alpha', 'often')).rejects.toThrow('--alpha: expected a number from 0 to 1, got "often"');
    await expect(kt('analyze', 'volume', '--min-teams', '0')).rejects.toThrow('--min-teams: expected a whole number of 1 or more, got "0"');
  });

  it('names the flag when a value is wrong', async () => {
    await expect(kt('analyze', 'volume', '--bucket', 'month')).rejects.toThrow(/^Invalid --bucket "month": must be one of day, week\.$/);
    await expect(kt('analyze', 'tuning', '--policy', 'p', '--before', '1', '--after', '2')).rejects.toThrow(/required option '--config-id <id>' not specified/);
  });

  it.each([
    [['false-positives', '--min-resolved', 'many'], '--min-resolved: expected a whole number of 0 or more, got "many"'],
    [['false-positives', '--min-resolved', '-3'], '--min-resolved: expected a whole number of 0 or more, got "-3"'],
    [['false-positives', '--terms', '2.5'], '--terms: expected a whole number from 0 to 50, got "2.5"'],
    [['false-positives', '--terms', ''], '--terms: expected a whole number from 0 to 50, got ""'],
    [['volume', '--min-teams', '0'], '--min-teams: expected a whole number of 1 or more, got "0"'],
    [['tuning', '--config-id', 'cfg_support', '--policy', 'p', '--before', '1.0.0', '--after', '1.1.0', '--alpha', 'often'], '--alpha: expected a number from 0 to 1, got "often"'],
    [['quality', '--boilerplate-uses', '1'], '--boilerplate-uses: expected a whole number of 2 or more, got "1"'],
    [['quality', '--min-split', '1.5'], '--min-split: expected a number from 0 to 1, got "1.5"'],
  ])('refuses a bad number flag %j naming the flag and what it accepts', async (args, message) => {
    await expect(kt('analyze', ...args)).rejects.toThrow(message);
    await expect(kt('--json', 'analyze', ...args)).rejects.toMatchObject({ code: 'bad_input', message, details: { value: args.at(-1) } });
  });

  it('names the flags of a window that ends before it starts', async () => {
    for (const question of ['false-positives', 'volume', 'backlog', 'quality']) {
      await expect(kt('analyze', question, '--since', '2026-11-10', '--until', '2026-11-01')).rejects.toThrow(/^--since "2026-11-10" must be before --until "2026-11-01"\.$/);
    }
  });

  it('--csv prints the default table, --table another, as the API answers them', async () => {
    const clusters = JSON.parse(await kt('--json', 'analyze', 'false-positives', '--by', 'team'));
    const csv = (await kt('analyze', 'false-positives', '--by', 'team', '--csv')).split('\n');
    expect(csv[0]).toBe('policy,reason_code,config_id,config_version,team,escalations,resolved,false_positives,benign_positives,true_positives,false_positive_rate,ci_low,ci_high,teams,first_seen,last_seen,top_terms');
    expect(csv.filter(Boolean)).toHaveLength(clusters.length + 1);
    expect(csv[1]!.startsWith(`${clusters[0].policy},${clusters[0].reason_code},${clusters[0].config_id},${clusters[0].config_version},${clusters[0].team},${clusters[0].escalations},`)).toBe(true);
    const report = JSON.parse(await kt('--json', 'analyze', 'backlog'));
    const rows = JSON.parse(await kt('--json', 'analyze', 'backlog', '--table', 'by_reviewer'));
    expect(rows.map((r: { reviewer: string }) => r.reviewer)).toEqual(report.by_reviewer.map((r: { reviewer: string }) => r.reviewer));
    const table = await kt('analyze', 'backlog', '--table', 'by_reviewer');
    expect(table.split('\n')[0]).toMatch(/^reviewer +items +open +resolved +time_to_claim_p50_minutes/);
    await expect(kt('analyze', 'backlog', '--table', 'by_team')).rejects.toThrow('Invalid table: backlog has no table by_team; its tables are by_severity, by_reviewer.');
    await expect(kt('--json', 'analyze', 'backlog', '--csv')).rejects.toThrow('Give --csv or --json, not both.');
  });
});
