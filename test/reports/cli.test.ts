import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKt } from '../kt-bin.js';
import { fixtureStore } from './fixture.js';

/** `kt report` as a user runs it: the installed bin (the bundle), a store on disk, a file out. */
const kt = (args: string[]) => runKt(args, { timeoutMs: 120_000 });

let dir: string;
let db: string;
let cleanup: () => void;
beforeAll(async () => {
  const fixture = await fixtureStore();
  fixture.store.close();
  ({ dir, cleanup } = fixture);
  db = join(dir, 'kt.duckdb');
});
afterAll(() => cleanup());

const tuning = ['report', 'tuning', '--config-id', 'cfg_support', '--policy', 'human-oversight', '--reason-code', 'violence_terms', '--before', '1.0.0', '--after', '1.1.0'];

describe('kt report (the bundled CLI)', () => {
  it('prints the tuning report to a PDF with its title, versions and page numbers', async () => {
    const out = join(dir, 'tuning.pdf');
    const result = await kt(['--db', db, '--json', ...tuning, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ report: 'tuning', format: 'pdf', out });
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('Tuning before and after');
    expect(text).toContain('cfg_support');
    expect(text).toMatch(/1\.0\.0[\s\S]*1\.1\.0/);
    expect(text).toMatch(/page 1 of \d+/i);
  });

  it('writes HTML without Chromium, and names a missing option', async () => {
    const out = join(dir, 'tuning.html');
    const ok = await kt(['--db', db, ...tuning, '--out', out]);
    expect(ok.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/i);
    const missing = await kt(['--db', db, 'report', 'tuning', '--out', out]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/config.id/i);
  });

  it('writes the report\'s data as CSV: the tuning report\'s two versions, every false-positive cluster', async () => {
    const out = join(dir, 'tuning.csv');
    const ok = await kt(['--db', db, ...tuning, '--out', out]);
    expect(ok.code, ok.stderr).toBe(0);
    const [header, before, after, ...rest] = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(header).toBe('side,config_version,events,escalations,escalations_per_1k,resolved,false_positives,false_positive_rate,ci_low,ci_high,true_positives,median_minutes_to_resolve');
    expect([before!.split(',').slice(0, 2), after!.split(',').slice(0, 2), rest]).toEqual([['before', '1.0.0'], ['after', '1.1.0'], []]);
    // The CSV holds every cluster, also those past the report's --top.
    const fp = join(dir, 'fp.csv');
    expect((await kt(['--db', db, 'report', 'false-positives', '--top', '1', '--out', fp])).code).toBe(0);
    const clusters = JSON.parse((await kt(['--db', db, '--json', 'analyze', 'false-positives'])).stdout);
    expect(clusters.length).toBeGreaterThan(1);
    expect(readFileSync(fp, 'utf8').trimEnd().split('\n')).toHaveLength(clusters.length + 1);
  });

  it('refuses a --format it does not know by that flag and value, not by the file name (which may say .pdf)', async () => {
    const out = join(dir, 'format.pdf');
    const result = await kt(['--db', db, 'report', 'volume', '--format', 'docx', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('kt: Invalid --format "docx": must be one of html, pdf, csv.\n');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a --format the file name contradicts, and takes one the name does not decide', async () => {
    const out = join(dir, 'contradicts.html');
    const result = await kt(['--db', db, 'report', 'volume', '--format', 'pdf', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`kt: --format pdf does not agree with ${out}, a .html file name: give one of them, or make them agree.\n`);
    expect(existsSync(out)).toBe(false);
    const plain = join(dir, 'volume-report.out');
    const ok = await kt(['--db', db, 'report', 'volume', '--format', 'html', '--out', plain]);
    expect(ok.code).toBe(0);
    expect(readFileSync(plain, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('takes --alpha and --min-teams for the volume report, as GET /reports/volume?alpha=&min_teams= does, with the same limits', async () => {
    const out = join(dir, 'volume-thresholds.html');
    const ok = await kt(['--db', db, 'report', 'volume', '--alpha', '0.01', '--min-teams', '3', '--out', out]);
    expect(ok.code).toBe(0);
    const text = readFileSync(out, 'utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Teams rising together to flag a deploy 3');
    expect(text).toContain('Significance level 0.01');
    const alpha = await kt(['--db', db, 'report', 'volume', '--alpha', '2', '--out', join(dir, 'refused.html')]);
    expect(alpha.code).toBe(2);
    expect(alpha.stderr).toBe('kt: --alpha: expected a number from 0 to 1, got "2"\n');
    const minTeams = await kt(['--db', db, 'report', 'volume', '--min-teams', '0', '--out', join(dir, 'refused.html')]);
    expect(minTeams.code).toBe(2);
    expect(minTeams.stderr).toBe('kt: --min-teams: expected a whole number of 1 or more, got "0"\n');
    expect(existsSync(join(dir, 'refused.html'))).toBe(false);
    const help = await kt(['report', '--help']);
    expect(help.stdout).toMatch(/--alpha <p>\s+tuning, volume: significance level/);
    expect(help.stdout).toMatch(/--min-teams <n>\s+volume: teams rising together/);
  });

  it('refuses a flag meant for another report, naming what the report takes, instead of printing it without', async () => {
    const out = join(dir, 'foreign.html');
    const quarter = await kt(['--db', db, 'report', 'false-positives', '--quarter', '2026Q3', '--alpha', '0.1', '--out', out]);
    expect(quarter.code).toBe(2);
    expect(quarter.stderr).toBe('kt: --quarter, --alpha do not apply to the false-positives report; it takes --since, --until, --team, --config-id, --by, --min-resolved, --cause, --terms, --top.\n');
    const both = await kt(['--db', db, 'report', 'volume', '--quarter', '2026Q3', '--until', '2026-10-01', '--out', out]);
    expect(both).toMatchObject({ code: 2, stderr: 'kt: --quarter cannot be given with --until (give one or the other).\n' });
    const top = await kt(['--db', db, '--json', ...tuning, '--top', '3', '--out', out]);
    expect(top.code).toBe(2);
    expect(JSON.parse(top.stdout || top.stderr)).toMatchObject({ error: { code: 'bad_input', details: { report: 'tuning', unknown: ['--top'] } } });
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown policy or reason code (exit 4) and a version compared with itself (exit 2), writing nothing', async () => {
    const out = join(dir, 'refused.pdf');
    const policy = await kt(['--db', db, 'report', 'tuning', '--config-id', 'cfg_support', '--policy', 'nope', '--before', '1.0.0', '--after', '1.1.0', '--out', out]);
    expect(policy.code).toBe(4);
    expect(policy.stderr).toBe('kt: Policy nope is not known in config cfg_support 1.0.0 or 1.1.0: no stored event carries it and neither configuration defines it; known policies: human-oversight.\n');
    const reason = await kt(['--db', db, 'analyze', 'tuning', '--config-id', 'cfg_support', '--policy', 'human-oversight', '--reason-code', 'nope', '--before', '1.0.0', '--after', '1.1.0']);
    expect(reason.code).toBe(4);
    expect(reason.stderr).toMatch(/^kt: Reason code nope is not known for policy human-oversight/);
    expect(reason.stdout).toBe('');
    const same = await kt(['--db', db, 'report', 'tuning', '--config-id', 'cfg_support', '--policy', 'human-oversight', '--before', '1.1.0', '--after', '1.1.0', '--out', out]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/^kt: The before and after versions are both 1\.1\.0/);
    expect(existsSync(out)).toBe(false);
  });

  it('reports the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect((await kt(['--version'])).stdout.trim()).toBe(pkg.version);
  });
});
