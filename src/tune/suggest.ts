import { isMap, isSeq, parseDocument, Scalar, type Document, type YAMLMap } from 'yaml';
import { z } from 'zod';
import { falsePositiveClusters, type FalsePositiveCluster } from '../analytics/false-positives.js';
import { nextMinorVersion } from '../configs/semver.js';
import { configVersion, latestConfigVersion, listConfigVersions } from '../configs/versions.js';
import { wholeNumber } from '../domain/numbers.js';
import { KtError, notFound } from '../errors.js';
import type { Executor } from '../store/database.js';
import { query } from '../store/queries.js';
import { pickTerms, type ClusterRequest, type ProposedTerm, type TermPick } from './pick-terms.js';
import { parseDraft } from './draft.js';

export const suggestInputSchema = z.object({
  config_id: z.string().min(1, 'is required'),
  policy: z.string().min(1, 'is required'),
  reason_code: z.string().min(1, 'is required'),
  /** The version to narrow (default: the newest stored one). */
  version: z.string().min(1).optional(),
  /** At most this many exception terms. */
  max_terms: wholeNumber({ min: 1, max: 10 }).default(5),
});

export type SuggestInput = z.input<typeof suggestInputSchema>;

export interface Suggestion {
  config_id: string;
  policy: string;
  reason_code: string;
  base_version: string;
  version: string;
  /** The terms proposed for the rule's `unless.any`, in the order chosen. */
  terms: ProposedTerm[];
  /** What they suppress together among the cluster's resolved escalations. */
  coverage: TermPick['coverage'];
  cluster: Pick<FalsePositiveCluster, 'escalations' | 'resolved' | 'false_positives' | 'true_positives' | 'false_positive_rate'>;
  warnings: string[];
  /** The draft policy-config.yaml. */
  text: string;
}

/**
 * Proposes a narrower rule: the words that separate a cluster's false positives
 * (cause policy_logic: the rule was wrong) from its true positives become an
 * `unless` exception on that rule, in a draft of the next minor version that keeps
 * the original's layout and comments, marks the change, and leaves deployed_at empty.
 */
export async function suggestNarrowing(db: Executor, input: SuggestInput): Promise<Suggestion> {
  const q = suggestInputSchema.parse(input);
  const base = q.version ? await configVersion(db, q.config_id, q.version) : await latestConfigVersion(db, q.config_id);
  // The rule first: a misspelt policy or reason code is named as such, not as a rule without false positives.
  const policies = base.document.policies?.policy ?? {};
  const policy = Object.hasOwn(policies, q.policy) ? policies[q.policy] : undefined;
  if (!policy) {
    throw notFound(`Config ${q.config_id} ${base.version} has no policy ${q.policy}; its policies are ${Object.keys(policies).join(', ') || '(none)'}.`, { ...q, field: 'policy', version: base.version });
  }
  const rule = policy.rules?.findIndex((r) => r.reason_code === q.reason_code) ?? -1;
  if (rule < 0) {
    const codes = (policy.rules ?? []).map((r) => r.reason_code);
    throw notFound(`Config ${q.config_id} ${base.version} has no rule with reason code ${q.reason_code} in policy ${q.policy}; its reason codes are ${codes.join(', ') || '(none)'}.`, { ...q, field: 'reason_code', version: base.version });
  }
  const clusters = await falsePositiveClusters(db, { config_id: q.config_id, cause: 'policy_logic', terms: 40 }, 'everyone');
  const cluster = clusters.find((c) => c.policy === q.policy && c.reason_code === q.reason_code && c.config_version === base.version);
  const where = `policy ${q.policy}, reason code ${q.reason_code}, config ${q.config_id} ${base.version}`;
  if (!cluster || cluster.false_positives === 0) {
    throw notFound(`No false positives caused by policy logic are recorded for ${where}: nothing to narrow.`, { ...q, version: base.version });
  }
  const existing = policy.rules![rule]!;
  const taken = new Set([...(existing.match?.any ?? []), ...(existing.unless?.any ?? [])].map((t) => t.toLowerCase()));
  const requests = await db.all<ClusterRequest>(query('tune_cluster_requests'), {
    config_id: q.config_id,
    config_version: base.version,
    policy: q.policy,
    reason_code: q.reason_code,
    cause: 'policy_logic',
  });
  const { terms, coverage, warnings } = pickTerms(cluster.top_terms, taken, q.max_terms, requests);
  if (terms.length === 0) throw notFound(`The false positives of ${where} share no words that set them apart from its true positives.`, { ...q, version: base.version });
  const version = nextMinorVersion((await listConfigVersions(db, 'everyone', q.config_id)).map((v) => v.version));
  const text = draftText(base.source_text, { ...q, base: base.version, version, rule, terms: terms.map((t) => t.term), coverage });
  parseDraft(text, `draft ${q.config_id} ${version}`); // the draft must be a valid, compilable config
  const { escalations, resolved, false_positives, true_positives, false_positive_rate } = cluster;
  return { config_id: q.config_id, policy: q.policy, reason_code: q.reason_code, base_version: base.version, version, terms, coverage, cluster: { escalations, resolved, false_positives, true_positives, false_positive_rate }, warnings, text };
}

interface Edit {
  policy: string;
  reason_code: string;
  base: string;
  version: string;
  rule: number;
  terms: string[];
  coverage: TermPick['coverage'];
}

/** Edits the original YAML through the Document API so its structure and comments survive. */
function draftText(source: string, edit: Edit): string {
  const doc = parseDocument(source);
  doc.setIn(['pack', 'version'], edit.version);
  setDeployedAtEmpty(doc);
  const rule = doc.getIn(['policies', 'policy', edit.policy, 'rules', edit.rule]);
  if (!isMap(rule)) throw new KtError('internal', `Rule ${edit.rule + 1} of policy ${edit.policy} is not a mapping in the stored YAML.`);
  const c = edit.coverage;
  const mark =
    ` kt tune suggest: ${edit.terms.map((t) => JSON.stringify(t)).join(', ')} added; in ${edit.base} they suppress` +
    ` ${c.false_positives} of ${c.of_false_positives} false positives and ${c.true_positives} of ${c.of_true_positives} true positives`;
  const unless = rule.get('unless', true);
  if (isMap(unless)) {
    const any = unless.get('any', true);
    if (isSeq(any)) for (const term of edit.terms) any.add(doc.createNode(term));
    else unless.set('any', doc.createNode(edit.terms));
    unless.comment = mark;
  } else {
    const node = doc.createNode({ any: edit.terms }) as YAMLMap;
    const match: unknown = rule.get('match', true);
    node.flow = isMap(match) && match.flow === true; // follow the rule's own style
    node.comment = mark;
    rule.set(new Scalar('unless'), node);
  }
  const header = ` DRAFT ${edit.version} by kt tune suggest from ${edit.base}: narrows ${edit.policy} / ${edit.reason_code}.\n Replay it with kt tune whatif --draft FILE; set deployed_at when it goes live.`;
  doc.commentBefore = doc.commentBefore ? `${header}\n${doc.commentBefore}` : header;
  return doc.toString({ nullStr: '', flowCollectionPadding: false });
}

function setDeployedAtEmpty(doc: Document): void {
  const value = new Scalar(null);
  value.comment = ' set when this version goes live';
  doc.set('deployed_at', value);
}
