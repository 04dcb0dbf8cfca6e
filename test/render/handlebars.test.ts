import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { createRenderer, precompiled, templatesRoot } from '../../src/render/handlebars.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** A precompiled spec as the build writes it (source text of an object literal) made into the object again. */
const spec = (source: string) => new Function(`return ${Handlebars.precompile(source, { preventIndent: true })}`)() as never;

function templatesDir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kt-templates-'));
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

describe('createRenderer', () => {
  it('uses a precompiled template only while its file is unchanged', () => {
    const root = templatesDir({ 'x.hbs': 'from the file {{n}}', 'partials/p.hbs': 'partial from the file' });
    const fresh = { 'x.hbs': { sha256: sha256('from the file {{n}}'), spec: spec('precompiled {{n}} {{> p}}') }, 'partials/p.hbs': { sha256: sha256('partial from the file'), spec: spec('precompiled partial') } };
    expect(createRenderer({ root, precompiled: fresh }).render('x', { n: 1 })).toBe('precompiled 1 precompiled partial');
    const stale = { 'x.hbs': { sha256: sha256('an older text'), spec: spec('precompiled {{n}}') } };
    expect(createRenderer({ root, precompiled: stale }).render('x', { n: 2 })).toBe('from the file 2');
  });

  it('keeps a precompiled page’s block unindented inside a layout edited since the build', () => {
    const page = '{{#> layouts/l}}<textarea>a\nb</textarea>{{/layouts/l}}';
    const root = templatesDir({ 'p.hbs': page, 'layouts/l.hbs': '<main>\n    {{> @partial-block }}\n</main>' });
    // The page is as built; the layout has no build entry (edited): it is compiled from its file.
    const built = { 'p.hbs': { sha256: sha256(page), spec: spec(page) } };
    expect(createRenderer({ root, precompiled: built }).render('p', {})).toBe('<main>\n    <textarea>a\nb</textarea></main>');
  });

  it('finds every template in the build, precompiled from the current files (npm test builds first)', () => {
    const built = precompiled();
    const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]);
    const templates = files(templatesRoot).filter((f) => f.endsWith('.hbs'));
    expect(templates.length).toBeGreaterThan(10);
    for (const file of templates) expect(built[relative(templatesRoot, file)]?.sha256, file).toBe(sha256(readFileSync(file, 'utf8')));
  });

  it('renders templates by path, with partials, layouts and helpers', () => {
    const root = templatesDir({
      'pages/hello.hbs': '{{#> layouts/page title="Hi"}}{{> greeting name=name}} {{percent rate}} {{number n}} {{formatDate at "date"}}{{/layouts/page}}',
      'partials/greeting.hbs': 'Hello {{name}}',
      'layouts/page.hbs': '<h1>{{title}}</h1><main>{{> @partial-block}}</main>',
    });
    const html = createRenderer({ root }).render('pages/hello', { name: '<b>', rate: 0.125, n: 12345, at: '2026-09-14T10:00:00Z' });
    expect(html).toBe('<h1>Hi</h1><main>Hello &lt;b&gt; 12.5% 12,345 2026-09-14</main>');
  });

  it('embeds JSON that cannot close a script element', () => {
    const root = templatesDir({ 'x.hbs': '<script type="application/json">{{json data}}</script>' });
    const html = createRenderer({ root }).render('x', { data: { s: '</script><b>' } });
    expect(html).toBe('<script type="application/json">{"s":"\\u003c/script\\u003e\\u003cb\\u003e"}</script>');
    expect(JSON.parse(html.slice(html.indexOf('>') + 1, html.lastIndexOf('<')))).toEqual({ s: '</script><b>' });
  });

  it('names the missing template', () => {
    const root = templatesDir({});
    expect(() => createRenderer({ root }).render('reports/nope', {})).toThrow(/No template named reports\/nope/);
  });

  it('formats missing values as a dash and durations in fitting units', () => {
    const root = templatesDir({ 'x.hbs': '{{percent none}}|{{minutes 45}}|{{minutes 180}}|{{minutes 4320}}|{{pvalue 0.0001}}|{{signed -0.05 "percent"}}' });
    expect(createRenderer({ root }).render('x', { none: null })).toBe('—|45 min|3.0 h|3.0 d|&lt; 0.001|−5.0%');
  });
});
