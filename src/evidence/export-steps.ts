import { formatNumber } from '../render/format.js';
import type { EvidenceExportStep } from './export.js';

export type EvidenceExportStepName = EvidenceExportStep['step'];

/** The steps an export goes through, in order (the PDF only when one is printed). */
export function exportStepOrder(pdf: boolean): EvidenceExportStepName[] {
  return ['select', 'data', 'document', ...(pdf ? ['pdf' as const] : []), 'digest', 'audit', 'publish'];
}

const labels: Record<EvidenceExportStepName, string> = {
  select: 'Select the resolved escalations in scope, with their events, audit entries and configurations (one snapshot)',
  data: 'Write the data files (CSV and Parquet)',
  document: 'Write evidence.html',
  pdf: 'Print evidence.pdf',
  digest: 'Hash every file into manifest.json',
  audit: 'Record the export in the audit trail',
  publish: 'Move the finished pack into its folder',
};

export type ExportStepState = 'done' | 'current' | 'failed' | 'pending';

/**
 * Every step of an export with its state, as the progress page and the API's job show
 * them: those before the step it is `at` done, that one current (or failed, when the
 * export `ended` so), the rest to come; all done once it ended well.
 */
export function exportStepStates(pdf: boolean, at: EvidenceExportStepName, ended?: 'done' | 'failed'): Array<{ name: EvidenceExportStepName; state: ExportStepState; position: number }> {
  const order = exportStepOrder(pdf);
  const current = ended === 'done' ? order.length : order.indexOf(at);
  return order.map((name, i) => ({ name, position: i + 1, state: i < current ? 'done' : i > current ? 'pending' : ended === 'failed' ? 'failed' : 'current' }));
}

/** What a step does, as the progress page and `kt evidence export` say it. */
export function exportStepLabel(name: EvidenceExportStepName): string {
  return labels[name];
}

/** What is known about a step while it runs (how far the data files are; how many escalations are printed). */
export function exportStepDetail(step: EvidenceExportStep): string | undefined {
  switch (step.step) {
    case 'data':
      return `${step.done} of ${step.of} written`;
    case 'document':
      return `${formatNumber(step.escalations)} escalations`;
    case 'pdf':
      return step.parts > 1
        ? `${formatNumber(step.escalations)} escalations in ${step.parts} parts, ${step.printed} printed`
        : `${formatNumber(step.escalations)} escalations: the longest step of a large pack`;
    default:
      return undefined;
  }
}
