import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import type { EvidenceExportResult } from '../../src/evidence/export.js';
import { ExportJobs } from '../../src/server/export-jobs.js';
import { ingestFile } from '../../src/ingest/index.js';
import { openStore } from '../../src/store/database.js';
import { createUser } from '../../src/store/users.js';
import { loadTuneFixture } from '../tune/fixture.js';
import { openWebWorld, type WebWorld } from './world.js';

/**
 * The reviewer's day in real Chromium against kt served on 127.0.0.1: one browser
 * launch, one incognito context per person. Screenshots of the queue, an open item
 * and a resolved item (desktop and phone width) go to test-output/screenshots/.
 */
const shots = join(process.cwd(), 'test-output', 'screenshots');
const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let world: WebWorld;
let server: RunningServer;
let browser: Browser;
let profile: string;
let coraToken: string;
const exportJobs = new ExportJobs({ waitMs: 0 });

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  world = await openWebWorld(new Date(), { evidence: true });
  coraToken = (await createUser(world.store, { id: 'cora', role: 'compliance', teams: [] }, 'test')).token;
  // Exports never wait for their end: each goes by its progress page, as a large pack does.
  server = await startServer(world.store, { port: 0, host: '127.0.0.1', exportJobs });
  profile = mkdtempSync(join(tmpdir(), 'kt-chromium-'));
  browser = await puppeteer.launch({
    executablePath: process.env.KT_CHROME_PATH ?? '/usr/bin/chromium',
    userDataDir: profile,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  world?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function personPage(): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(desktop);
  return page;
}

/** Clicks something that submits or navigates, and waits for the next page. */
async function clickAndWait(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

async function signIn(page: Page, token: string, path = '/'): Promise<void> {
  await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.type('#token', token);
  await clickAndWait(page, 'form[action="/login"] button[type=submit]');
}

const text = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLElement).innerText);

/** Every visible form control has a label (or an accessible name): no unlabeled inputs. */
async function unlabeledControls(page: Page): Promise<string[]> {
  return page.$$eval('input:not([type=hidden]), select, textarea, button', (els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .filter((el) => {
        const control = el as HTMLInputElement;
        const hasLabel = (control.labels?.length ?? 0) > 0 || control.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent!.trim() !== '');
        return !hasLabel;
      })
      .map((el) => el.outerHTML.slice(0, 80)));
}

describe('reviewer web UI in Chromium', () => {
  it('takes a reviewer from sign-in through filtering, reading, claiming and resolving an item', async () => {
    const alice = await personPage();
    await signIn(alice, world.tokens.alice);
    expect(new URL(alice.url()).pathname).toBe('/');
    expect(await text(alice, 'h1')).toBe('Escalation queue');
    expect(await text(alice, '.who-id')).toBe('alice');
    expect(await unlabeledControls(alice)).toEqual([]);
    // Oldest first; the overdue item is marked.
    const ids = await alice.$$eval('.queue-item .qi-id', (els) => els.map((e) => e.textContent));
    expect(ids[0]).toBe('esc_101');
    expect(ids).not.toContain('esc_201');
    expect(await alice.$eval('.queue-item', (el) => el.classList.contains('is-overdue'))).toBe(true);
    await alice.screenshot({ path: join(shots, 'queue-1280.png'), fullPage: true });
    // Keyboard: the first Tab reaches the skip link.
    await alice.keyboard.press('Tab');
    expect(await alice.evaluate(() => document.activeElement?.className)).toBe('skip-link');

    // Filter: one reason code under one config version.
    await alice.select('#f-reason', 'violence_terms');
    await alice.select('#f-version', '2.3.0');
    await clickAndWait(alice, '.filters button[type=submit]');
    const url = new URL(alice.url());
    expect(url.searchParams.get('reason_code')).toBe('violence_terms');
    const filtered = await alice.$$eval('.queue-item .qi-id', (els) => els.map((e) => e.textContent));
    expect(filtered).toEqual(['esc_101', 'esc_102']);

    // Open the oldest: the linked event on the left, the decision beside it at the top (not
    // below the pattern, out of sight), the pattern under the decision, the audit under the event.
    await clickAndWait(alice, '.queue-item .qi-title a');
    expect(new URL(alice.url()).pathname).toBe('/escalations/esc_101');
    const headings = await alice.$$eval('main h2', (els) => els.map((e) => e.textContent!.trim()));
    expect(headings).toEqual(['Linked event', 'Audit timeline', 'Review', 'Pattern']);
    const box = async (selector: string) => (await (await alice.$(selector))!.boundingBox())!;
    const [event, review, patternBox, history] = [await box('.panel-event'), await box('.panel-action'), await box('.panel-pattern'), await box('.panel-audit')];
    expect(review.x).toBeGreaterThan(event.x + event.width - 1);
    expect(Math.abs(review.y - event.y)).toBeLessThan(2);
    expect(patternBox.y).toBeGreaterThan(review.y + review.height);
    expect(history.y - (event.y + event.height)).toBeLessThan(40); // right under the event, whatever the other column's height
    expect(await text(alice, '.panel-event')).toContain('How do I kill the python process');
    expect(await text(alice, '.panel-event')).toContain('cfg_support_prod version 2.3.0');
    expect(await text(alice, '.panel-event')).toContain('reason_code: violence_terms');
    const pattern = await text(alice, '.panel-pattern');
    expect(pattern).toContain('4 other escalations');
    expect(pattern).toContain('The rule should ignore kill next to process/job words.');
    await alice.screenshot({ path: join(shots, 'open-item-1280.png'), fullPage: true });

    // Claim, then try to resolve without a note: refused, with the reason on the page.
    await clickAndWait(alice, 'form[action$="/claim"] button');
    expect(await text(alice, '.message-notice')).toContain('You claimed this escalation');
    expect(await text(alice, '.detail-head')).toContain('Owner: you');
    expect(await unlabeledControls(alice)).toEqual([]);
    await alice.click('[data-quick="approve"]');
    expect(await alice.$eval('#category', (el) => (el as HTMLSelectElement).value)).toBe('false_positive');
    expect(await alice.$eval('#cause-field', (el) => el.classList.contains('is-hidden'))).toBe(false);
    expect(await alice.evaluate(() => document.activeElement?.id)).toBe('note');
    await alice.click('input[name=cause][value=policy_logic]');
    await alice.click('#confirm');
    await clickAndWait(alice, '#resolve-form button[type=submit]');
    expect(await text(alice, '.message-refusal')).toContain('Note is empty');
    expect(await text(alice, '#note-error')).toContain('Note is empty');
    // What was chosen survives the refusal.
    expect(await alice.$eval('input[name=outcome][value=approved]', (el) => (el as HTMLInputElement).checked)).toBe(true);

    // A second reviewer of the team sees the item as alice's, with no way to resolve it.
    const dave = await personPage();
    await signIn(dave, world.tokens.dave, '/escalations/esc_101');
    expect(new URL(dave.url()).pathname).toBe('/escalations/esc_101');
    expect(await text(dave, '.panel-action')).toContain('Claimed by alice');
    expect(await dave.$('#resolve-form')).toBeNull();

    // Resolve with outcome, category, cause and a real note.
    await alice.type('#note', 'Unix process control, not violence: the user wants to stop a hung python process.');
    // The confirmation was kept from the refused attempt.
    expect(await alice.$eval('#confirm', (el) => (el as HTMLInputElement).checked)).toBe(true);
    await clickAndWait(alice, '#resolve-form button[type=submit]');
    expect(await text(alice, '.message-notice')).toContain('Resolved');
    const decision = await text(alice, '.panel-action');
    expect(decision).toContain('Approved');
    expect(decision).toContain('False positive');
    expect(decision).toContain('Policy logic');
    expect(decision).toContain('stop a hung python process');
    const audit = await alice.$$eval('.audit li', (els) => els.map((e) => (e as HTMLElement).innerText));
    expect(audit[0]).toMatch(/^Resolved\s+you/);
    expect(audit[1]).toMatch(/^Claimed\s+you/);
    await alice.screenshot({ path: join(shots, 'resolved-item-1280.png'), fullPage: true });

    // Someone else claimed it first: dave is told who.
    await dave.goto(`${server.url}/escalations/esc_102`, { waitUntil: 'load' });
    await alice.goto(`${server.url}/escalations/esc_102`, { waitUntil: 'load' });
    await clickAndWait(alice, 'form[action$="/claim"] button');
    await clickAndWait(dave, 'form[action$="/claim"] button');
    expect(await text(dave, '.message-refusal')).toBe('Escalation esc_102 is already claimed by alice.');
    // …and offered the next one instead: the oldest still queued in support, esc_107, now his.
    await clickAndWait(dave, '.panel-action form[action="/claim-next"] button');
    expect(new URL(dave.url()).pathname).toBe('/escalations/esc_107');
    expect(await text(dave, '.message-notice')).toContain('You claimed this escalation');
    expect(await text(dave, '.badges')).toContain('Owner: you');

    // Phone width: the same pages, one column.
    await alice.setViewport(phone);
    await alice.goto(`${server.url}/`, { waitUntil: 'load' });
    expect(await alice.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await alice.screenshot({ path: join(shots, 'queue-390.png'), fullPage: true });
    await alice.goto(`${server.url}/escalations/esc_102`, { waitUntil: 'load' });
    expect(await alice.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    // One column: event, decision, pattern, audit, top to bottom.
    const tops = await alice.$$eval('.panel-event, .panel-action, .panel-pattern, .panel-audit', (els) =>
      els.map((e) => [e.className.replace(/.*panel-/, ''), e.getBoundingClientRect().top] as const));
    expect([...tops].sort((a, b) => a[1] - b[1]).map(([name]) => name)).toEqual(['event', 'action', 'pattern', 'audit']);
    await alice.screenshot({ path: join(shots, 'open-item-390.png'), fullPage: true });
    await alice.goto(`${server.url}/escalations/esc_101`, { waitUntil: 'load' });
    await alice.screenshot({ path: join(shots, 'resolved-item-390.png'), fullPage: true });
  });

  it('gives a reviewer of another team no access to the item', async () => {
    const bob = await personPage();
    await signIn(bob, world.tokens.bob);
    const ids = await bob.$$eval('.queue-item .qi-id', (els) => els.map((e) => e.textContent));
    expect(ids).toEqual(['esc_201']);
    const response = await bob.goto(`${server.url}/escalations/esc_101`, { waitUntil: 'load' });
    expect(response?.status()).toBe(404);
    expect(await text(bob, 'h1')).toBe('Not found');
    expect(await text(bob, '.message-refusal')).toContain('belongs to a team you do not review');
    expect(await bob.content()).not.toContain('python process');
  });

  it('lets a reviewer go from an item to the events like it, open one, and back to its escalation', async () => {
    const dave = await personPage();
    await signIn(dave, world.tokens.dave, '/escalations/esc_102');
    await clickAndWait(dave, '.panel-event .around a');
    expect(new URL(dave.url()).pathname).toBe('/events');
    expect(await text(dave, 'h1')).toBe('Events');
    expect(await unlabeledControls(dave)).toEqual([]);
    expect(await dave.$eval('#ev-reason', (el) => (el as HTMLSelectElement).value)).toBe('violence_terms');
    const ids = await dave.$$eval('.events-table tbody tr', (rows) => rows.map((r) => r.id));
    expect(ids).toContain('evt_102');
    expect(ids).not.toContain('evt_201');
    // The details open in place; the texts are there to read.
    await dave.click('#evt_102 summary');
    expect(await dave.$eval('#evt_102 details', (el) => (el as HTMLDetailsElement).open)).toBe(true);
    expect(await text(dave, '#evt_102 .event-more')).toContain('Aim for the wings first');
    await dave.screenshot({ path: join(shots, 'events-1280.png'), fullPage: true });
    // Nothing of the table is cut off or scrolls sideways, at 1280 px or on a phone (each event a card).
    expect(await dave.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(desktop.width);
    const wrap = await dave.$eval('.table-wrap', (el) => [el.scrollWidth, el.clientWidth]);
    expect(wrap[0]).toBeLessThanOrEqual(wrap[1]!);
    await dave.setViewport(phone);
    await dave.reload({ waitUntil: 'load' });
    expect(await dave.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    const phoneWrap = await dave.$eval('.table-wrap', (el) => [el.scrollWidth, el.clientWidth]);
    expect(phoneWrap[0]).toBeLessThanOrEqual(phoneWrap[1]!);
    await dave.screenshot({ path: join(shots, 'events-390.png'), fullPage: true });
    await dave.setViewport(desktop);
    await clickAndWait(dave, '#evt_102 .escalation-link');
    expect(new URL(dave.url()).pathname).toBe('/escalations/esc_102');
  });

  it('shows a policy owner where the flagged events come from, side by side or stacked, each narrowing the page', async () => {
    const pat = await personPage();
    await signIn(pat, world.tokens.pat, '/events');
    expect(await text(pat, '#sources-heading')).toBe('Where the flagged events come from');
    const lists = () => pat.$$eval('.sources-list', (els) => els.map((el) => {
      const box = el.getBoundingClientRect();
      return { heading: el.querySelector('h3')?.textContent?.trim(), top: Math.round(box.top), left: Math.round(box.left), bottom: Math.round(box.bottom) };
    }));
    const wide = await lists();
    expect(wide.map((l) => l.heading)).toEqual(['Team', 'Policy and reason code', 'Config version']);
    // At 1280 px the three lists share a row; on a phone each is under the one before.
    expect(new Set(wide.map((l) => l.top)).size).toBe(1);
    expect(wide[0]!.left).toBeLessThan(wide[1]!.left);
    expect(wide[1]!.left).toBeLessThan(wide[2]!.left);
    // Every bar is drawn: a fill as wide as its share, the biggest team's the widest.
    const fills = await pat.$$eval('.sources-list:first-child .bar-fill', (els) => els.map((el) => el.getBoundingClientRect().width));
    expect(fills.length).toBe(2);
    expect(fills[0]!).toBeGreaterThan(fills[1]!);
    expect(fills[1]!).toBeGreaterThan(0);
    await pat.screenshot({ path: join(shots, 'events-sources-1280.png'), fullPage: true });
    await pat.setViewport(phone);
    await pat.reload({ waitUntil: 'load' });
    const narrow = await lists();
    expect(narrow[1]!.top).toBeGreaterThanOrEqual(narrow[0]!.bottom);
    expect(narrow[2]!.top).toBeGreaterThanOrEqual(narrow[1]!.bottom);
    expect(await pat.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await pat.screenshot({ path: join(shots, 'events-sources-390.png'), fullPage: true });
    await pat.setViewport(desktop);
    await clickAndWait(pat, '.sources-list:first-child li:nth-child(2) a');
    expect(new URL(pat.url()).searchParams.get('team')).toBe('sales');
    expect(await pat.$eval('#ev-team', (el) => (el as HTMLSelectElement).value)).toBe('sales');
  });

  it('lets a policy owner read a configuration version and what changed from the one before', async () => {
    const file = join(world.dir, 'policy-config-2.4.0.yaml');
    writeFileSync(file, [
      'pack: { id: cfg_support_prod, name: Support assistant, version: 2.4.0, author: pat }',
      'deployed_at: 2026-02-01T00:00:00Z',
      'policies:',
      '  policy:',
      '    human-oversight:',
      '      action: escalate',
      '      rules:',
      '        - reason_code: violence_terms',
      '          match: { any: [kill, shoot], min_score: 0.7 }',
      '          unless: { any: ["python process"], regex: "video game" }',
      '',
    ].join('\n'));
    await ingestFile(world.store, 'configs', file);
    const pat = await personPage();
    await signIn(pat, world.tokens.pat);
    await clickAndWait(pat, '.main-nav a[href="/configs"]');
    expect(await text(pat, 'h1')).toBe('Configurations');
    await clickAndWait(pat, '.configs-table a[href="/configs/cfg_support_prod/2.4.0"]');
    expect(await text(pat, '#changes')).toBe('What changed from 2.3.0 to 2.4.0');
    expect(await text(pat, '.config-changes')).toContain('unless.any: + "python process"');
    expect(await unlabeledControls(pat)).toEqual([]);
    await pat.screenshot({ path: join(shots, 'config-version-1280.png'), fullPage: true });
    expect(await pat.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(desktop.width);
    await pat.setViewport(phone);
    await pat.reload({ waitUntil: 'load' });
    expect(await pat.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await pat.screenshot({ path: join(shots, 'config-version-390.png'), fullPage: true });
  });

  it('lets a compliance officer export a pack with its PDF, see it verified, download it, and find it in the audit trail', async () => {
    const cora = await personPage();
    await signIn(cora, coraToken, '/evidence');
    expect(new URL(cora.url()).pathname).toBe('/evidence');
    expect(await unlabeledControls(cora)).toEqual([]);
    // The web world's items were resolved one to two days ago.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await cora.$eval('#e-from', (el, v) => { (el as HTMLInputElement).value = v; }, day(-7));
    await cora.$eval('#e-to', (el, v) => { (el as HTMLInputElement).value = v; }, day(1));
    await cora.type('#e-reason', 'Quarterly review for the AI Act file');
    await cora.screenshot({ path: join(shots, 'evidence-1280.png'), fullPage: true });
    await clickAndWait(cora, '.evidence-form button[type=submit]');
    // The progress page follows the export, and opens the pack when it is done (bounded: 60 s).
    expect(new URL(cora.url()).pathname).toMatch(/^\/evidence\/jobs\/job_/);
    expect(await text(cora, 'h1')).toBe('Exporting an evidence pack');
    expect(await cora.$$eval('.export-step', (steps) => steps.length)).toBe(7);
    await cora.screenshot({ path: join(shots, 'evidence-progress-1280.png'), fullPage: true });
    for (let i = 0; i < 240 && !new URL(cora.url()).pathname.startsWith('/evidence/evd_'); i++) await new Promise((r) => setTimeout(r, 250));
    await cora.waitForSelector('.check-ok');
    expect(new URL(cora.url()).pathname).toMatch(/^\/evidence\/evd_/);
    expect(await text(cora, '.check-ok')).toContain('all 10 files match the manifest');
    const files = await cora.$$eval('.data-table tbody tr td:first-child', (els) => els.map((e) => e.textContent!.trim()));
    expect(files).toContain('evidence.pdf');
    // The PDF link, followed with the page's own session.
    const pdf = await cora.evaluate(async () => {
      const link = [...document.querySelectorAll('a[download]')].find((a) => a.textContent === 'evidence.pdf') as HTMLAnchorElement;
      const response = await fetch(link.href);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, head: String.fromCharCode(...bytes.slice(0, 5)), size: bytes.length };
    });
    expect(pdf.status).toBe(200);
    expect(pdf.head).toBe('%PDF-');
    expect(pdf.size).toBeGreaterThan(5_000);
    await cora.screenshot({ path: join(shots, 'evidence-pack-1280.png'), fullPage: true });
    await cora.setViewport(phone);
    await cora.reload({ waitUntil: 'load' });
    expect(await cora.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await cora.screenshot({ path: join(shots, 'evidence-pack-390.png'), fullPage: true });
    await cora.goto(`${server.url}/evidence`, { waitUntil: 'load' });
    expect(await cora.$$eval('.data-table tbody tr', (rows) => rows.length)).toBe(1);
    await cora.screenshot({ path: join(shots, 'evidence-390.png'), fullPage: true });

    // An export still printing when its owner comes back to the list: it is there, with its step.
    let finishPrinting!: () => void;
    const printing = exportJobs.start('cora', { from: day(-7), to: day(1), team: [], escalation: '', reason: '', pdf: true }, (onStep) => {
      onStep({ step: 'pdf', escalations: 12_480, parts: 7, printed: 3 });
      return new Promise((resolve) => { finishPrinting = () => resolve({ pack_id: 'evd_printing' } as EvidenceExportResult); });
    });
    for (const [viewport, width] of [[desktop, 1280], [phone, 390]] as const) {
      await cora.setViewport(viewport);
      await cora.goto(`${server.url}/evidence`, { waitUntil: 'load' });
      expect(await text(cora, '.export-jobs tbody tr')).toContain('Step 4 of 7: Print evidence.pdf (12,480 escalations in 7 parts, 3 printed)');
      expect(await cora.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await cora.screenshot({ path: join(shots, `evidence-running-${width}.png`), fullPage: true });
    }
    finishPrinting();
    await printing.settled;
    // The audit trail, with the export on top and the chain recomputed.
    await cora.setViewport(desktop);
    await cora.goto(`${server.url}/audit`, { waitUntil: 'load' });
    expect(await unlabeledControls(cora)).toEqual([]);
    await clickAndWait(cora, 'button[name="verify"]');
    expect(await text(cora, '.check-ok')).toMatch(/^The chain verifies: all \d+ entries/);
    expect(await text(cora, '.audit-table tbody tr:first-child')).toContain('Evidence export');
    await cora.screenshot({ path: join(shots, 'audit-1280.png'), fullPage: true });
    await cora.setViewport(phone);
    await cora.reload({ waitUntil: 'load' });
    expect(await cora.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await cora.screenshot({ path: join(shots, 'audit-390.png'), fullPage: true });
  });

  it('lets a policy owner take a suggested narrowing of a noisy rule and replay it on history', async () => {
    // The tune fixture (cfg_fixture 1.0.0: a rule whose false positives share words), served on a port of its own.
    const tuneDir = mkdtempSync(join(tmpdir(), 'kt-tune-browser-'));
    const tuneStore = await openStore(join(tuneDir, 'kt.duckdb'));
    await loadTuneFixture(tuneStore);
    const token = (await createUser(tuneStore, { id: 'pat', role: 'policy_owner', teams: [] }, 'test')).token;
    const tuneServer = await startServer(tuneStore, { port: 0, host: '127.0.0.1' });
    try {
      const pat = await personPage();
      await pat.goto(`${tuneServer.url}/tune?min_resolved=1`, { waitUntil: 'load' });
      await pat.type('#token', token);
      await clickAndWait(pat, 'form[action="/login"] button[type=submit]');
      expect(new URL(pat.url()).pathname).toBe('/tune');
      expect(await unlabeledControls(pat)).toEqual([]);
      await clickAndWait(pat, 'a[href*="reason_code=violence_terms"]');
      expect(await text(pat, '#t-suggestion')).toMatch(/^Suggested: cfg_fixture 1\.2\.0/);
      // The list keeps the threshold it was shown with.
      expect(await pat.$$eval('.data-table tbody tr', (rows) => rows.length)).toBeGreaterThan(0);
      const draft = await pat.$eval('#t-draft', (el) => (el as HTMLTextAreaElement).value);
      expect(draft).toMatch(/^# DRAFT 1\.2\.0 by kt tune suggest from 1\.0\.0/);
      await pat.$eval('#t-since', (el) => { (el as HTMLInputElement).value = '2025-12-01'; });
      await pat.screenshot({ path: join(shots, 'tune-1280.png'), fullPage: true });
      await clickAndWait(pat, '.tune-form button.button-primary');
      // The answer opens at the result.
      expect(new URL(pat.url()).hash).toBe('#t-result');
      expect(await text(pat, '#t-result')).toBe('What cfg_fixture 1.2.0 would have done');
      expect(await text(pat, '.whatif .outcomes')).toMatch(/Known false positives removed: [1-9]/);
      await pat.screenshot({ path: join(shots, 'tune-result-1280.png'), fullPage: true });
      await pat.setViewport(phone);
      // Nothing widens the page past the phone (wide tables scroll inside their frame).
      expect(await pat.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await pat.screenshot({ path: join(shots, 'tune-result-390.png'), fullPage: true });
    } finally {
      await tuneServer.close();
      tuneStore.close();
      rmSync(tuneDir, { recursive: true, force: true });
    }
  });

  it('shows each report form’s chosen options whole at 1280 px (a version’s deploy date, the pack’s id)', async () => {
    const pat = await personPage();
    await signIn(pat, world.tokens.pat, '/reports');
    expect(new URL(pat.url()).pathname).toBe('/reports');
    // A select cuts its text at its edge; the chosen option's text must fit beside the arrow.
    const cut = await pat.$$eval('.report-card select', (selects) => selects.flatMap((select) => {
      const el = select as HTMLSelectElement;
      const style = getComputedStyle(el);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = style.font;
      const chosen = el.selectedOptions[0]?.textContent ?? '';
      const arrow = 20;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow;
      return context.measureText(chosen).width > room ? [`${el.id}: ${chosen}`] : [];
    }));
    expect(cut).toEqual([]);
    await pat.screenshot({ path: join(shots, 'reports-1280.png'), fullPage: true });
  });

  it('lets an admin add a user, whose token is shown once, and revoke one after confirming', async () => {
    const admin = await personPage();
    await signIn(admin, world.tokens.root, '/users');
    expect(new URL(admin.url()).pathname).toBe('/users');
    expect(await unlabeledControls(admin)).toEqual([]);
    await admin.type('#u-id', 'grace');
    await admin.select('#u-role', 'compliance');
    await admin.type('#u-teams', 'support');
    await clickAndWait(admin, '.user-form button[type=submit]');
    const token = await text(admin, '.token');
    expect(token).toMatch(/^kt_[A-Za-z0-9_-]{43}$/);
    await admin.screenshot({ path: join(shots, 'users-1280.png'), fullPage: true });
    await clickAndWait(admin, 'form[action="/users/bob/revoke"] button');
    expect(await text(admin, '.confirm-revoke')).toContain('Revoke bob?');
    await clickAndWait(admin, '.confirm-revoke button');
    expect(await text(admin, '.message-notice')).toBe('User bob is revoked: their token and sessions no longer work.');
    await admin.setViewport(phone);
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await admin.screenshot({ path: join(shots, 'users-390.png'), fullPage: true });
  });
});
