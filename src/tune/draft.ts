import { LineCounter, parseDocument } from 'yaml';
import { nodeLine } from '../configs/yaml-line.js';
import { yamlSyntaxReason } from '../configs/yaml-syntax.js';
import { configurationSchema, type Configuration } from '../domain/configuration.js';
import { firstRegexIssue } from '../domain/rules.js';
import { KtError } from '../errors.js';

export interface Draft {
  /** Where it came from, for messages: a file path or "request body". */
  file: string;
  text: string;
  config: Configuration;
}

/**
 * Reads a draft policy-config.yaml: YAML syntax errors name the line, schema errors
 * name the field, and a rule regex kt cannot evaluate (RE2 syntax) names the policy,
 * rule and field. A draft is allowed (expected, even) to have no deployed_at yet.
 */
export function parseDraft(text: string, file: string): Draft {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    const at = line ? `${file}:${line}` : file;
    throw new KtError('bad_file', `${at}: ${yamlSyntaxReason(syntax, 'draft')}.`, { file, line: line ?? null });
  }
  const parsed = configurationSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(document)';
    throw new KtError('bad_file', `${file}: ${field} ${issue.message}.`, { file, field, issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });
  }
  const regex = firstRegexIssue(parsed.data);
  if (regex) {
    const line = nodeLine(doc, lineCounter, regex.path);
    throw new KtError('bad_file', `${file}: ${regex.reason}`, { file, line, policy: regex.policy, rule: regex.rule, field: regex.field });
  }
  return { file, text, config: parsed.data };
}
