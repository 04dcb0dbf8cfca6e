import { KtError } from '../errors.js';
import type { ReportDefinition } from './definition.js';

/** Words a report's definitions depend on, by placeholder name: `{by}` in reports/NAME.yaml. */
export type DefinitionWords = Readonly<Record<string, string>>;

/**
 * The definition with each `{name}` in its meanings and limitations replaced by the
 * report's own word for it, so that a report grouped by policy says "per policy",
 * not the "per team" of the default. A placeholder the report gives no word for is
 * a mistake in the definition file, refused rather than printed as `{name}`.
 */
export function wordedDefinition(definition: ReportDefinition, words: DefinitionWords = {}): ReportDefinition {
  const fill = (text: string) =>
    text.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
      const word = words[name];
      if (word === undefined) throw new KtError('internal', `Report definition ${definition.name} uses {${name}}, which the report does not fill.`, { report: definition.name });
      return word;
    });
  return {
    ...definition,
    definitions: definition.definitions.map((d) => ({ term: d.term, meaning: fill(d.meaning) })),
    limitations: definition.limitations.map(fill),
  };
}
