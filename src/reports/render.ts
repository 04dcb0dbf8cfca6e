import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Viewer } from '../analytics/scope.js';
import { ZodError, type z } from 'zod';
import { badInput, type KtError } from '../errors.js';
import { tableToCsv } from '../analytics/table-formats.js';
import type { AnswerTable } from '../analytics/tables.js';
import { reportFormatOf, type ReportFormat } from './format.js';
import { getRenderer } from '../render/handlebars.js';
import { htmlToPdf, Printer, type PdfOptions } from '../render/pdf.js';
import { formatDate } from '../render/format.js';
import type { Store } from '../store/database.js';
import { reportDefinition, type ReportName } from './definition.js';
import { wordedDefinition, type DefinitionWords } from './definition-wording.js';
import { falsePositivesReport, falsePositivesReportSchema } from './false-positives.js';
import { provenanceOf } from './provenance.js';
import { tuningReport, tuningReportSchema } from './tuning.js';
import { volumeReport, volumeReportSchema } from './volume.js';

export { reportFormatOf, type ReportFormat } from './format.js';

export interface ReportRequest {
  /** One of reportNames. */
  name: string;
  /** The report's options as given on the command line or in a query string. */
  params: Record<string, unknown>;
  viewer: Viewer;
  /** The report time (relative windows and "generated at" are taken from it). */
  now?: Date;
}

export interface RenderedReport {
  name: ReportName;
  title: string;
  generated_at: string;
  html: string;
  /** The report's data as one flat table, the analytics question's default (format csv). */
  table: AnswerTable;
}

/** A report's template context; `definition_words` fills the placeholders of its definitions. */
interface ReportContext {
  definition_words?: DefinitionWords;
  data_table: AnswerTable;
  [name: string]: unknown;
}

type Builder = (store: Store, params: Record<string, unknown>, viewer: Viewer, now: Date, provenance: Awaited<ReturnType<typeof provenanceOf>>) => Promise<ReportContext>;

const builders: Record<ReportName, Builder> = {
  'false-positives': falsePositivesReport,
  tuning: tuningReport,
  volume: volumeReport,
};

/** The options each report takes, for callers that check them before any work (the CLI). */
export const reportOptionSchemas: Record<ReportName, z.ZodObject> = {
  'false-positives': falsePositivesReportSchema,
  tuning: tuningReportSchema,
  volume: volumeReportSchema,
};

/**
 * The options given that a report does not take (`quarter` on false-positives, a misspelt
 * `reasoncode`), and the ones it does. They are refused, not ignored: ignored, they would
 * print a report of all time, or of every reason code, under the heading the reader asked for.
 */
export function foreignReportOptions(name: ReportName, params: Record<string, unknown>): { foreign: string[]; takes: string[] } {
  const takes = Object.keys(reportOptionSchemas[name].shape);
  return { foreign: Object.keys(params).filter((option) => !takes.includes(option)), takes };
}

/** Runs a report's analytics and renders its template to one self-contained HTML page. */
export async function renderReport(store: Store, request: ReportRequest): Promise<RenderedReport> {
  const definition = reportDefinition(request.name);
  const { foreign, takes } = foreignReportOptions(definition.name, request.params);
  if (foreign.length > 0) {
    const listed = foreign.join(', ');
    throw badInput(`The ${definition.name} report does not take ${listed}; it takes ${takes.join(', ')}.`, { report: definition.name, unknown: foreign, known: takes });
  }
  const now = request.now ?? new Date();
  const provenance = await provenanceOf(store, request.viewer, now);
  let body: ReportContext;
  try {
    body = await builders[definition.name](store, request.params, request.viewer, now, provenance);
  } catch (error) {
    if (error instanceof ZodError) throw optionsError(definition.name, error);
    throw error;
  }
  const report = wordedDefinition(definition, body.definition_words);
  const html = getRenderer().render(definition.template, { report, title: definition.title, provenance, ...body });
  return { name: definition.name, title: definition.title, generated_at: provenance.generated_at, html, table: body.data_table };
}

/**
 * Renders a report and writes it to `out` as HTML, PDF or CSV (its data table), atomically. For a PDF without
 * a `printer`, Chromium is started before the report's queries run, so its start-up
 * overlaps them instead of following them.
 */
export async function writeReport(store: Store, request: ReportRequest, out: string, format: ReportFormat = reportFormatOf(out), printer?: Printer): Promise<RenderedReport> {
  if (format === 'pdf') {
    const own = printer ? undefined : new Printer({ maxPages: 1 });
    own?.warm();
    try {
      const rendered = await renderReport(store, request);
      await htmlToPdf(rendered.html, out, pdfOptions(rendered), printer ?? own);
      return rendered;
    } finally {
      await own?.close();
    }
  }
  const rendered = await renderReport(store, request);
  const target = resolve(out);
  const partial = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  try {
    writeFileSync(partial, format === 'csv' ? tableToCsv(rendered.table) : rendered.html);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return rendered;
}

/** A PDF as bytes (for HTTP responses), printed on `printer` when given (the server's warm browser). */
export async function reportPdf(rendered: RenderedReport, printer?: Printer): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'kt-report-'));
  try {
    const file = join(dir, 'report.pdf');
    await htmlToPdf(rendered.html, file, pdfOptions(rendered), printer);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pdfOptions(rendered: RenderedReport): PdfOptions {
  return { title: rendered.title, headerNote: `generated ${formatDate(rendered.generated_at)}` };
}

/**
 * A report option that does not fit, named as the query string names it (`config_id`): the CLI
 * has refused its flags before this, by the same schema, and the web UI words `option` as its form does.
 */
function optionsError(name: ReportName, error: ZodError): KtError {
  const issues = error.issues.map((i) => ({ option: i.path.join('.'), message: /received undefined/.test(i.message) ? 'is required' : i.message }));
  const first = issues[0]!;
  return badInput(`Report ${name}: ${first.option} ${first.message}.`, { report: name, option: first.option, problem: first.message, issues });
}
