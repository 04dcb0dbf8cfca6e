import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { KtError } from '../errors.js';
import { projectRoot } from '../store/queries.js';
import { registerHelpers } from './helpers.js';

/**
 * One Handlebars environment for every HTML kt renders (reports, evidence packs,
 * the reviewer web UI). Templates live in `templates/`:
 * - a template is named by its path under `templates/` without `.hbs`:
 *   `templates/reports/volume.hbs` → `reports/volume`, `templates/pages/queue.hbs` → `pages/queue`;
 * - every file under `templates/partials/` is a partial named by its path under
 *   that folder: `templates/partials/report-header.hbs` → `{{> report-header}}`;
 * - every file under `templates/layouts/` is a partial named `layouts/NAME`, for
 *   partial blocks: `{{#> layouts/report title="…"}}…{{/layouts/report}}`.
 * Helpers (formatDate, number, percent, json, eq, …) are listed in helpers.ts.
 */
export interface Renderer {
  /** Renders the template `name` (e.g. `reports/volume`) with `context`. */
  render(name: string, context: object): string;
  /** Whether a template of that name exists. */
  has(name: string): boolean;
  /** The isolated Handlebars instance, for registering extra helpers. */
  readonly handlebars: typeof Handlebars;
}

export interface RendererOptions {
  /** The templates folder; defaults to the project's `templates/`. */
  root?: string;
  /** Precompiled templates by path under the root; defaults to the build's for the project's `templates/`. */
  precompiled?: Precompiled;
}

export const templatesRoot = join(projectRoot, 'templates');

function hbsFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return hbsFiles(path);
    return name.endsWith('.hbs') ? [path] : [];
  });
}

function nameOf(file: string, base: string): string {
  return relative(base, file).slice(0, -'.hbs'.length).split(sep).join('/');
}

/** How every template is compiled (scripts/precompile-templates.mjs precompiles with the same). */
const compileOptions = { preventIndent: true };

export type Precompiled = Record<string, { sha256: string; spec: TemplateSpecification }>;
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/**
 * The templates the build precompiled (dist/render/templates.precompiled.cjs, keyed by
 * path under templates/), or none when it has not run: compiling at run time cost a
 * PDF report ~0.1 s of CPU. Found from the project root, so the bundled CLI and tsc's
 * dist use the same file.
 */
export function precompiled(): Precompiled {
  try {
    return createRequire(import.meta.url)(join(projectRoot, 'dist', 'render', 'templates.precompiled.cjs')) as Precompiled;
  } catch {
    return {};
  }
}

/**
 * Builds a fresh environment that reads all templates and partials now. Use it in
 * tests, or with a different root; everything else should call `getRenderer()`.
 */
export function createRenderer(options: RendererOptions = {}): Renderer {
  const root = options.root ?? templatesRoot;
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const built = options.precompiled ?? (root === templatesRoot ? precompiled() : {});
  /** The build's precompiled template while the file is unchanged, else the file's text. */
  const builtOrSource = (file: string): Handlebars.TemplateDelegate | string => {
    const source = readFileSync(file, 'utf8');
    const entry = built[relative(root, file).split(sep).join('/')];
    return entry && entry.sha256 === createHash('sha256').update(source).digest('hex') ? hbs.template(entry.spec) : source;
  };
  const templateOf = (file: string): Handlebars.TemplateDelegate => {
    const found = builtOrSource(file);
    return typeof found === 'string' ? hbs.compile(found, compileOptions) : found;
  };

  // A partial edited since the build is compiled here with kt's options (hbs.compile is lazy): left as text,
  // Handlebars would compile it with a precompiled caller's options, which lack preventIndent, and indent
  // every line a layout's {{> @partial-block}} puts out, textarea contents included.
  const partialsDir = join(root, 'partials');
  for (const file of hbsFiles(partialsDir)) hbs.registerPartial(nameOf(file, partialsDir), templateOf(file));
  const layoutsDir = join(root, 'layouts');
  for (const file of hbsFiles(layoutsDir)) hbs.registerPartial(`layouts/${nameOf(file, layoutsDir)}`, templateOf(file));

  const sources = new Map<string, string>();
  for (const file of hbsFiles(root)) sources.set(nameOf(file, root), file);
  const compiled = new Map<string, Handlebars.TemplateDelegate>();

  return {
    handlebars: hbs,
    has: (name) => sources.has(name),
    render(name, context) {
      let template = compiled.get(name);
      if (template === undefined) {
        const file = sources.get(name);
        if (file === undefined) {
          throw new KtError('not_found', `No template named ${name} under ${root}.`, { template: name });
        }
        template = templateOf(file);
        compiled.set(name, template);
      }
      return template(context, { allowProtoPropertiesByDefault: false });
    },
  };
}

let shared: Renderer | undefined;

/**
 * The process-wide environment, built on first use. Set `KT_TEMPLATES_RELOAD=1`
 * to re-read templates on every call while editing them.
 */
export function getRenderer(): Renderer {
  if (process.env.KT_TEMPLATES_RELOAD === '1') return createRenderer();
  shared ??= createRenderer();
  return shared;
}

/** Shorthand: `renderTemplate('reports/volume', context)` with the shared environment. */
export function renderTemplate(name: string, context: object): string {
  return getRenderer().render(name, context);
}
