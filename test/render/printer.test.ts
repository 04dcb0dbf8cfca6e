import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Printer } from '../../src/render/printer.js';
import { startServer } from '../../src/server/serve.js';
import { openStore } from '../../src/store/database.js';
import { createUser } from '../../src/store/users.js';
import { fixtureStore } from '../reports/fixture.js';

// Real Chromium (KT_CHROME_PATH or /usr/bin/chromium) and poppler's pdftotext.
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kt-printer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function page(name: string, body: string): string {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title></head><body><p>${body}</p></body></html>`);
  return file;
}

function text(pdf: string): string {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) until the process is gone; the killed browser is reaped by Node. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 25));
  return !alive(pid);
}

describe('Printer: one Chromium for many documents', () => {
  it('prints concurrent documents on one browser, a bounded number at a time, and ends it on close', async () => {
    const printer = new Printer({ maxPages: 1 });
    try {
      const files = ['alpha', 'bravo', 'charlie'].map((name) => ({ name, html: page(name, `document ${name}`), pdf: join(dir, `${name}.pdf`) }));
      await Promise.all(files.map((f) => printer.print(f.html, f.pdf, { title: `Title "${f.name}" \\ <b>`, headerNote: 'made today' })));
      for (const f of files) {
        const content = text(f.pdf);
        expect(content).toContain(`document ${f.name}`);
        // The running header is CSS text: quotes, backslashes and markup print as written.
        expect(content).toContain(`Title "${f.name}" \\ <b>`);
        expect(content).toContain('made today');
        expect(content).toContain('page 1 of 1');
      }
      const pid = (await printer.browserPid())!;
      expect(pid).toBeGreaterThan(0);
      await printer.print(files[0]!.html, join(dir, 'again.pdf'), { title: 'again' });
      expect(await printer.browserPid()).toBe(pid);
      await printer.close();
      expect(await gone(pid)).toBe(true);
      await expect(printer.print(files[0]!.html, join(dir, 'late.pdf'), { title: 'late' })).rejects.toThrow(/shut down/);
    } finally {
      await printer.close();
    }
  });

  it('starts a new browser when its browser has died', async () => {
    const printer = new Printer();
    try {
      const html = page('restart', 'after a crash');
      await printer.print(html, join(dir, 'first.pdf'), { title: 'first' });
      const pid = (await printer.browserPid())!;
      process.kill(pid, 'SIGKILL');
      expect(await gone(pid)).toBe(true);
      await printer.print(html, join(dir, 'second.pdf'), { title: 'second' });
      expect(text(join(dir, 'second.pdf'))).toContain('after a crash');
      const next = await printer.browserPid();
      expect(next).toBeDefined();
      expect(next).not.toBe(pid);
    } finally {
      await printer.close();
    }
  });

  it('closes an idle browser and starts one again for the next document', async () => {
    const printer = new Printer({ idleMs: 20 });
    try {
      const html = page('idle', 'idle then busy');
      await printer.print(html, join(dir, 'idle1.pdf'), { title: 'idle' });
      const pid = (await printer.browserPid())!;
      expect(await gone(pid)).toBe(true);
      await printer.print(html, join(dir, 'idle2.pdf'), { title: 'idle' });
      expect(text(join(dir, 'idle2.pdf'))).toContain('idle then busy');
    } finally {
      await printer.close();
    }
  });

  it('reports a missing Chromium on print, and prints once it is there', async () => {
    const saved = process.env.KT_CHROME_PATH;
    const printer = new Printer();
    try {
      process.env.KT_CHROME_PATH = '/nonexistent/chromium';
      printer.warm();
      await expect(printer.print(page('missing', 'x'), join(dir, 'missing.pdf'), { title: 'x' })).rejects.toThrow(/Chromium is not available at \/nonexistent\/chromium/);
      if (saved === undefined) delete process.env.KT_CHROME_PATH;
      else process.env.KT_CHROME_PATH = saved;
      await printer.print(page('present', 'now it works'), join(dir, 'present.pdf'), { title: 'x' });
      expect(text(join(dir, 'present.pdf'))).toContain('now it works');
    } finally {
      if (saved === undefined) delete process.env.KT_CHROME_PATH;
      else process.env.KT_CHROME_PATH = saved;
      await printer.close();
    }
  });
});

describe('kt serve keeps one browser for its PDFs', () => {
  it('serves report PDFs from one warm browser and ends it on shutdown', async () => {
    const fixture = await fixtureStore();
    const path = fixture.store.path;
    fixture.store.close();
    const store = await openStore(path);
    const { token } = await createUser(store, { id: 'pat', role: 'policy_owner', teams: [] }, 'test');
    const server = await startServer(store, { port: 0 });
    try {
      const get = () => fetch(`${server.url}/reports/volume?format=pdf`, { headers: { Authorization: `Bearer ${token}` } });
      const [a, b] = await Promise.all([get(), get()]);
      const c = await get();
      for (const response of [a, b, c]) {
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/pdf');
        expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
      }
      const chromium = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
        .split('\n').filter((line) => /chrom/i.test(line)).map((line) => Number(line.trim().split(/\s+/)[0]));
      expect(chromium).toHaveLength(1);
      await server.close();
      expect(await gone(chromium[0]!)).toBe(true);
    } finally {
      await server.close().catch(() => undefined);
      store.close();
      fixture.cleanup();
    }
  });
});
