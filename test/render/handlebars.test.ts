import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../src/render/handlebars.js';

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
