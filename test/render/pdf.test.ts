import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportEvidence } from '../../src/evidence/export.js';
import { verifyEvidence } from '../../src/evidence/verify.js';
import { htmlToPdf } from '../../src/render/pdf.js';
import { writeReport } from '../../src/reports/render.js';
import { openStore, type Store } from '../../src/store/database.js';
import { fixtureNow, fixtureStore } from '../reports/fixture.js';

// Real Chromium (KT_CHROME_PATH or /usr/bin/chromium) and poppler's pdfinfo/pdftotext/pdftoppm.
let store: Store;
let out: string;
let cleanup: () => void;
beforeAll(async () => {
  const fixture = await fixtureStore();
  const path = fixture.store.path;
  fixture.store.close();
  out = mkdtempSync(join(tmpdir(), 'kt-pdf-'));
  store = await openStore(path, { allowedDirectories: [out] });
  cleanup = () => { store.close(); fixture.cleanup(); rmSync(out, { recursive: true, force: true }); };
});
afterAll(() => cleanup());

function pages(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
}

function text(pdf: string): string {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
}

describe('PDF printing with Chromium', () => {
  it('prints a report on numbered A4 pages that render to images', async () => {
    const pdf = join(out, 'volume.pdf');
    await writeReport(store, { name: 'volume', params: {}, viewer: 'everyone', now: fixtureNow }, pdf);
    const count = pages(pdf);
    expect(count).toBeGreaterThanOrEqual(2);
    const content = text(pdf);
    expect(content).toContain('Review volume, rollouts and backlog');
    expect(content).toContain(`page 1 of ${count}`);
    expect(content).toContain(`page ${count} of ${count}`);
    expect(content).toMatch(/flagged: 2 teams rose/);
    expect(content).toContain('How the numbers are defined');
    // Reports are tagged (accessible) PDFs.
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
    // A4 portrait: 595 x 842 points.
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.\d* x 841\.\d*|Page size:\s+595\.\d* x 842/);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdf, join(out, 'volume')]);
    expect(readdirSync(out).some((f) => /^volume-0?1\.png$/.test(f))).toBe(true);
  });

  it('prints the evidence document into the pack, which then verifies', async () => {
    const dir = join(out, 'pack');
    const result = await exportEvidence(store, { from: '2026-09-01', to: '2026-10-01', reason: 'Auditor sample for Q3' }, { outDir: dir, actor: 'rita', viewer: 'everyone' });
    expect(result.manifest.files.map((f) => f.path)).toContain('evidence.pdf');
    const content = text(join(dir, 'evidence.pdf'));
    expect(content).toContain('Auditor sample for Q3');
    expect(content).toContain('esc_evt_100_00');
    expect(content).toMatch(/page 1 of \d+/);
    // Printed untagged (the time and size of tagging grow with the pack; evidence.html keeps the structure).
    const info = execFileSync('pdfinfo', [join(dir, 'evidence.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+no/);
    // Named by its pack, as a pack printed in parts is.
    expect(info).toContain(`Title:           Evidence pack ${result.pack_id}`);
    expect((await verifyEvidence(dir)).ok).toBe(true);
  });

  it('prints a long evidence document in parts, joined in order and numbered once', async () => {
    const dir = join(out, 'pack-in-parts');
    // Two escalations a part: the fixture's month makes several parts.
    const result = await exportEvidence(store, { from: '2026-09-01', to: '2026-10-01', reason: 'Printed in parts' }, { outDir: dir, actor: 'rita', viewer: 'everyone', printPartSize: 2 });
    const count = pages(join(dir, 'evidence.pdf'));
    const content = text(join(dir, 'evidence.pdf'));
    const ids = readFileSync(join(dir, 'escalations.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]!);
    expect(ids.length).toBeGreaterThan(4);
    // Every escalation once, in the order of the data files, front matter first and closing sections last.
    const at = ids.map((id) => content.indexOf(`. ${id} —`));
    expect(at.every((position) => position > content.indexOf('Printed in parts'))).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(content.lastIndexOf('Known limitations')).toBeGreaterThan(at.at(-1)!);
    // One count over the whole document, on every page, where a whole print has it.
    for (let page = 1; page <= count; page++) expect(content).toContain(`page ${page} of ${count}`);
    expect(content).not.toMatch(new RegExp(`page \\d+ of (?!${count}\\b)\\d+`));
    const info = execFileSync('pdfinfo', [join(dir, 'evidence.pdf')], { encoding: 'utf8' });
    expect(info).toContain(`Title:           Evidence pack ${result.pack_id}`);
    expect(info).toMatch(/Page size:\s+595\.\d* x 841\.\d*|Page size:\s+595\.\d* x 842/);
    // The parts were printed elsewhere and removed: the pack holds its listed files only.
    expect(readdirSync(dir).sort()).toEqual([...result.manifest.files.map((f) => f.path), 'manifest.json'].sort());
    expect((await verifyEvidence(dir)).ok).toBe(true);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(count), '-l', String(count), join(dir, 'evidence.pdf'), join(out, 'parts-last')]);
    expect(readdirSync(out).some((f) => f.startsWith('parts-last'))).toBe(true);
  });

  it('fails with one clear message when Chromium is missing, leaving no file', async () => {
    const saved = process.env.KT_CHROME_PATH;
    process.env.KT_CHROME_PATH = '/nonexistent/chromium';
    try {
      const target = join(out, 'never.pdf');
      await expect(htmlToPdf('<p>x</p>', target, { title: 'x' })).rejects.toThrow(
        /Chromium is not available at \/nonexistent\/chromium.*apt-get install -y chromium.*KT_CHROME_PATH/);
      expect(existsSync(target)).toBe(false);
      // HTML needs no browser.
      const html = join(out, 'fp.html');
      await writeReport(store, { name: 'false-positives', params: {}, viewer: 'everyone', now: fixtureNow }, html);
      expect(existsSync(html)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.KT_CHROME_PATH;
      else process.env.KT_CHROME_PATH = saved;
    }
  });
});
