import { badInput } from '../errors.js';
import type { BacklogReport } from './backlog.js';
import { clusterDimensions, type FalsePositiveCluster } from './false-positives.js';
import type { QualityReport } from './quality.js';
import type { TuningComparison, VersionOutcome } from './tuning.js';
import type { VolumeReport } from './volume.js';

/**
 * Each analytics answer as flat tables, for a spreadsheet (CSV) or a notebook (Arrow): the
 * JSON answer nests (a cluster's terms, a rollout's teams); a table has one row per thing
 * and fixed columns, so an empty answer still has its header and each column one type.
 * Every question has a default table (the one its report leads with) and may have more.
 */
export type ColumnKind = 'text' | 'count' | 'number' | 'time' | 'flag';
export interface TableColumn {
  name: string;
  kind: ColumnKind;
}
export type TableValue = string | number | boolean | null;
export type TableRow = Record<string, TableValue>;

export interface AnswerTable {
  question: AnalyticsQuestion;
  name: string;
  columns: TableColumn[];
  rows: TableRow[];
}

export const analyticsQuestions = ['false-positives', 'tuning', 'volume', 'backlog', 'quality'] as const;
export type AnalyticsQuestion = (typeof analyticsQuestions)[number];

interface AnswerOf {
  'false-positives': FalsePositiveCluster[];
  tuning: TuningComparison;
  volume: VolumeReport;
  backlog: BacklogReport;
  quality: QualityReport;
}

interface TableSpec<A> {
  /** The columns, from the question's options (a split adds its dimension's column). */
  columns(options: Record<string, unknown>): TableColumn[];
  /** The rows, each picked to exactly `columns` (the ones columns() gave). */
  rows(answer: A, columns: TableColumn[]): TableRow[];
}

const col = (kind: ColumnKind, ...names: string[]): TableColumn[] => names.map((name) => ({ name, kind }));

/** Picks the columns' values off each item: a table row is never more than its columns. */
function pick(columns: TableColumn[], item: object): TableRow {
  const source = item as Record<string, unknown>;
  return Object.fromEntries(columns.map((c) => [c.name, (source[c.name] ?? null) as TableValue]));
}

const clusterKey = col('text', 'policy', 'reason_code', 'config_id', 'config_version');
const clusterColumns = (options: Record<string, unknown>): TableColumn[] => {
  const by = Array.isArray(options.by) ? options.by : [];
  return [
    ...clusterKey,
    ...col('text', ...clusterDimensions.filter((d) => by.includes(d))),
    ...col('count', 'escalations', 'resolved', 'false_positives', 'benign_positives', 'true_positives'),
    ...col('number', 'false_positive_rate', 'ci_low', 'ci_high'),
    ...col('text', 'teams'),
    ...col('time', 'first_seen', 'last_seen'),
    ...col('text', 'top_terms'),
  ];
};

const versionColumns = [...col('text', 'side', 'config_version'), ...col('count', 'events', 'escalations'), ...col('number', 'escalations_per_1k'),
  ...col('count', 'resolved', 'false_positives'), ...col('number', 'false_positive_rate', 'ci_low', 'ci_high'), ...col('count', 'true_positives'),
  ...col('number', 'median_minutes_to_resolve')];

const deployColumns = [...col('text', 'config_id', 'config_version'), ...col('time', 'deployed_at', 'before_from', 'after_until'), ...col('flag', 'ongoing')];
const rateChangeColumns = [...col('text', 'team'), ...col('count', 'before_events', 'before_escalations'), ...col('number', 'before_per_1k'),
  ...col('count', 'after_events', 'after_escalations'), ...col('number', 'after_per_1k', 'change_per_1k', 'p_value'), ...col('flag', 'rose')];
const rolloutColumns = [...deployColumns, ...col('flag', 'flagged'), ...col('count', 'teams_rising'), ...rateChangeColumns];

const turnaround = [...col('count', 'resolved'), ...col('number', 'time_to_claim_p50_minutes', 'time_to_claim_p90_minutes', 'time_to_resolve_p50_minutes', 'time_to_resolve_p90_minutes')];
const reviewerColumns = [...col('text', 'reviewer'), ...col('count', 'items', 'open'), ...turnaround];
const severityColumns = [...col('text', 'severity'), ...col('count', 'queued', 'claimed', 'overdue'), ...col('number', 'oldest_unclaimed_minutes'), ...col('count', 'escalations'), ...turnaround];

const shallowColumns = [...col('text', 'reviewer'), ...col('count', 'resolutions', 'empty_notes', 'near_empty_notes', 'boilerplate_notes', 'shallow'), ...col('number', 'shallow_share')];
const disagreementColumns = [...clusterKey, ...col('count', 'resolved', 'approved', 'denied'), ...col('number', 'minority_share'), ...col('count', 'reviewers'), ...col('text', 'by_reviewer')];
const uncausedColumns = [...col('text', 'escalation_id', 'event_id', 'resolved_by'), ...col('time', 'resolved_at'), ...clusterKey, ...col('text', 'team')];

const fixed = <A>(columns: TableColumn[], rows: (answer: A, columns: TableColumn[]) => TableRow[]): TableSpec<A> => ({ columns: () => columns, rows });

/** The tables of each question; the first is the default. */
const tables: { [Q in AnalyticsQuestion]: Record<string, TableSpec<AnswerOf[Q]>> } = {
  'false-positives': {
    clusters: {
      columns: clusterColumns,
      rows: (clusters, columns) => clusters.map((c) => ({
        ...pick(columns, c),
        teams: c.teams.join('; '),
        // The terms that lean most towards false positives, with their z-scores: what a narrowing would exclude.
        top_terms: c.top_terms.map((t) => `${t.term} (z ${t.z.toFixed(1)})`).join('; '),
      })),
    },
  },
  tuning: {
    versions: fixed(versionColumns, (t) => (['before', 'after'] as const).map((side) => pick(versionColumns, { side, ...(t[side] as VersionOutcome) }))),
  },
  volume: {
    series: {
      // The series is split by one dimension (team by default): its column is named for it.
      columns: (options) => [...col('time', 'bucket_start'), ...col('text', String(options.by ?? 'team')), ...col('count', 'escalations', 'resolved', 'false_positives')],
      rows: (v, columns) => v.series.map((p) => pick(columns, p)),
    },
    deploys: fixed(deployColumns, (v) => v.deploys.map((d) => pick(deployColumns, d))),
    // One row per rollout and team: each team's escalation rate before and after the deploy.
    rollout_impact: fixed(rolloutColumns, (v) => v.rollout_impact.flatMap((r) => r.teams.map((t) => pick(rolloutColumns, { ...r, ...t })))),
  },
  backlog: {
    by_severity: fixed(severityColumns, (b) => b.by_severity.map((s) => pick(severityColumns, s))),
    by_reviewer: fixed(reviewerColumns, (b) => b.by_reviewer.map((r) => pick(reviewerColumns, r))),
  },
  quality: {
    shallow_resolutions: fixed(shallowColumns, (q) => q.shallow_resolutions.map((s) => pick(shallowColumns, s))),
    disagreements: fixed(disagreementColumns, (q) => q.disagreements.map((d) => ({
      ...pick(disagreementColumns, d),
      by_reviewer: d.by_reviewer.map((r) => `${r.reviewer ?? '(unknown)'} ${r.approved} approved / ${r.denied} denied`).join('; '),
    }))),
    false_positives_without_cause: fixed(uncausedColumns, (q) => q.false_positives_without_cause.map((f) => pick(uncausedColumns, f))),
  },
};

/** The table names of a question, the default first. */
export function tableNames(question: AnalyticsQuestion): string[] {
  return Object.keys(tables[question]);
}

/**
 * The table `name` of a question, or its default; an unknown name is refused naming the
 * tables there are (`table` is the flag's and the parameter's name). Checked before the
 * question is asked, so a misspelt table costs no query.
 */
export function tableName(question: AnalyticsQuestion, name: string | undefined): string {
  const names = tableNames(question);
  const chosen = name ?? names[0]!;
  // Own keys only: `table=constructor` is not a table.
  if (!Object.hasOwn(tables[question], chosen)) {
    throw badInput(`Invalid table: ${question} has no table ${chosen}; its tables are ${names.join(', ')}.`, { table: chosen, tables: names });
  }
  return chosen;
}

/** One table of an answer, with the columns the question's options give it. */
export function answerTable<Q extends AnalyticsQuestion>(question: Q, answer: AnswerOf[Q], options: Record<string, unknown>, name?: string): AnswerTable {
  const chosen = tableName(question, name);
  const spec = (tables[question] as Record<string, TableSpec<AnswerOf[Q]>>)[chosen]!;
  const columns = spec.columns(options);
  return { question, name: chosen, columns, rows: spec.rows(answer, columns) };
}
