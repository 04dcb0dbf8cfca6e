import { Document } from 'yaml';
import { configurationSchema, type Configuration } from '../domain/configuration.js';
import { dayOffset, type DemoWindow } from './calendar.js';

/**
 * The demo's configuration packs and their versions. These objects are both the
 * policy-config.yaml files the demo writes and the rules the generator evaluates
 * to decide each event's verdict, so the events of a version are exactly what that
 * version's rules escalate (and a what-if replay over history agrees with it).
 *
 * The planted story lives in cfg_support_prod's human-oversight policy:
 *  2.2.0  violence_terms is a precise regex for threats against people;
 *  2.3.0  (day 40) it becomes a bare term list [kill, shoot, stab, gun, bomb]: over-broad,
 *         it fires on "kill the python process", "shoot me an email", …;
 *  2.4.0  (day 65) the same list with an `unless` for those benign phrases ("kill switch"
 *         is still missed, so a few false positives remain).
 */
export interface DemoConfigVersion {
  config: Configuration;
  /** What changed, as the author would put it in the pack's changelog. */
  change: string;
}

type PolicyMap = NonNullable<NonNullable<Configuration['policies']>['policy']>;

const promptInjection = {
  action: 'block',
  rules: [
    { reason_code: 'prompt_injection_detected', match: { any: ['ignore previous instructions', 'ignore all previous instructions', 'disregard the above', 'disregard your instructions'] } },
    { reason_code: 'jailbreak_attempt', match: { any: ['DAN mode', 'developer mode enabled', 'no restrictions mode'] } },
    { reason_code: 'system_prompt_leak', match: { any: ['system prompt', 'hidden instructions'], min_score: 0.8 } },
  ],
};

const secretsScanner = {
  action: 'redact',
  rules: [
    { reason_code: 'api_key_detected', match: { regex: '\\b(sk-[A-Za-z0-9]{24,}|AKIA[0-9A-Z]{16})\\b' } },
    { reason_code: 'password_detected', match: { regex: '(?i)\\bpassword\\s*[:=]\\s*\\S+' } },
  ],
};

const piiRules = {
  ssn: { reason_code: 'pii_detected', match: { any: ['passport number', 'social security number'], regex: '\\b\\d{3}-\\d{2}-\\d{4}\\b' } },
  card: { reason_code: 'payment_card', match: { regex: '\\b(?:\\d{4}[ -]){3}\\d{4}\\b' } },
  health: { reason_code: 'health_record', match: { any: ['diagnosis', 'prescription', 'medical record', 'sick note'], min_score: 0.75 } },
};

const toxicity = {
  action: 'escalate',
  rules: [
    { reason_code: 'self_harm', match: { any: ['hurt myself', 'end my life', 'no reason to live'] } },
    { reason_code: 'hate_speech', match: { any: ['vermin', 'subhuman', 'go back to where'], min_score: 0.7 } },
    { reason_code: 'harassment', match: { any: ['idiot', 'moron', 'stupid', 'useless', 'pathetic'], min_score: 0.8 } },
  ],
};

const violenceRegex =
  '(?i)\\b(kill|shoot|stab|hurt) (him|her|them|you|everyone|(my|his|her|their) (manager|boss|coworker|colleague|neighbou?r|team lead))\\b|\\b(pipe bomb|bomb threat|bring a gun)\\b';
const violenceTerms = ['kill', 'shoot', 'stab', 'gun', 'bomb'];
/** The benign phrases 2.4.0 exempts: what reviewers' false positives under 2.3.0 kept showing. */
export const violenceExemptions = ['python process', 'shoot me an email', 'shoot me a note', 'shoot over', 'two birds', 'photo shoot'];

const violence = {
  precise: { reason_code: 'violence_terms', match: { regex: violenceRegex } },
  broad: { reason_code: 'violence_terms', match: { any: violenceTerms } },
  narrowed: { reason_code: 'violence_terms', match: { any: violenceTerms }, unless: { any: violenceExemptions } },
};

function supportOversight(violenceRule: object): object {
  return {
    action: 'escalate',
    rules: [
      violenceRule,
      { reason_code: 'employment_decision', match: { any: ['terminate', 'termination', 'fire him', 'fire her', 'performance improvement plan'], min_score: 0.6 } },
      { reason_code: 'financial_commitment', match: { regex: '\\b(refund|discount|credit) of \\$\\d{1,3}(,\\d{3})+' } },
      { reason_code: 'legal_advice', match: { any: ['legal advice', 'can we sue', 'is it legal', 'liable for'] } },
    ],
  };
}

function legalOversight(privilegedMinScore: number | undefined): object {
  const privilegedMatch = { any: ['privileged', 'attorney-client'], ...(privilegedMinScore === undefined ? {} : { min_score: privilegedMinScore }) };
  return {
    action: 'escalate',
    rules: [
      { reason_code: 'privileged_content', match: privilegedMatch },
      { reason_code: 'contract_commitment', match: { any: ['sign on behalf', 'binding offer', 'accept the terms'] } },
      { reason_code: 'legal_advice', match: { any: ['legal advice', 'can we sue', 'is it legal', 'liable for'] } },
    ],
  };
}

const supportTargets = {
  targets: [
    { id: 'openai-prod', provider: 'openai' },
    { id: 'anthropic-prod', provider: 'anthropic' },
    { id: 'azure-eu', provider: 'azure', model: 'gpt-4o' },
  ],
};

const legalTargets = {
  targets: [
    { id: 'azure-legal', provider: 'azure', model: 'gpt-4o' },
    { id: 'anthropic-legal', provider: 'anthropic' },
  ],
};

/** From 1.6.0 legal's Azure deployment is reviewed by bob: its escalations arrive already claimed. */
const legalRoutedTargets = {
  targets: [
    { id: 'azure-legal', provider: 'azure', model: 'gpt-4o', escalation_routing: { user_id: 'bob' } },
    { id: 'anthropic-legal', provider: 'anthropic' },
  ],
};

function supportPack(version: string, author: string, deployedAt: Date, violenceRule: object): Configuration {
  return pack('cfg_support_prod', 'Workplace assistant (support, sales, engineering, hr)', version, author, deployedAt, {
    chain: ['prompt-injection', 'secrets-scanner', 'pii-detector', 'toxicity', 'human-oversight'],
    policy: {
      'prompt-injection': promptInjection,
      'secrets-scanner': secretsScanner,
      'pii-detector': { action: 'escalate', rules: [piiRules.ssn, piiRules.card, piiRules.health] },
      toxicity,
      'human-oversight': supportOversight(violenceRule),
    } as PolicyMap,
  }, supportTargets);
}

function legalPack(version: string, author: string, deployedAt: Date, privilegedMinScore: number | undefined, routed = false): Configuration {
  return pack('cfg_legal_prod', 'Legal research assistant', version, author, deployedAt, {
    chain: ['prompt-injection', 'pii-detector', 'human-oversight'],
    policy: {
      'prompt-injection': promptInjection,
      'pii-detector': { action: 'escalate', rules: [piiRules.ssn, piiRules.card] },
      'human-oversight': legalOversight(privilegedMinScore),
    } as PolicyMap,
  }, routed ? legalRoutedTargets : legalTargets);
}

function pack(id: string, name: string, version: string, author: string, deployedAt: Date, policies: object, providers: object): Configuration {
  // Parsing through the contract's schema keeps the demo honest: what it writes is what ingest accepts.
  return configurationSchema.parse({ pack: { id, name, version, author }, deployed_at: deployedAt.toISOString(), policies, providers });
}

/** Every version of every demo pack, oldest deploy first. */
export function demoConfigs(window: DemoWindow): DemoConfigVersion[] {
  const versions: DemoConfigVersion[] = [
    { config: legalPack('1.4.0', 'lena', dayOffset(window, -35, 9), undefined), change: 'Baseline legal pack.' },
    { config: supportPack('2.2.0', 'pat', dayOffset(window, -20, 10), violence.precise), change: 'violence_terms matches explicit threats against people (regex).' },
    { config: legalPack('1.5.0', 'lena', dayOffset(window, 25, 14), 0.65), change: 'privileged_content needs a detector score of at least 0.65.' },
    { config: supportPack('2.3.0', 'pat', dayOffset(window, 40, 10), violence.broad), change: 'violence_terms simplified to a term list to catch more phrasings.' },
    { config: supportPack('2.4.0', 'pat', dayOffset(window, 65, 10), violence.narrowed), change: 'violence_terms: unless for the benign phrases reviewers kept approving.' },
    { config: legalPack('1.6.0', 'lena', dayOffset(window, 84, 9), 0.65, true), change: "Route the Azure gpt-4o deployment's escalations to bob." },
  ];
  return versions;
}

/** Which teams send their traffic through which pack. */
export const packOfTeam = {
  support: 'cfg_support_prod',
  sales: 'cfg_support_prod',
  engineering: 'cfg_support_prod',
  hr: 'cfg_support_prod',
  legal: 'cfg_legal_prod',
} as const;

/** The policy-config.yaml text of a version, with its change as a header comment. */
export function configYaml(version: DemoConfigVersion): string {
  const document = new Document(version.config);
  document.commentBefore = ` kt demo: ${version.config.pack.id} ${version.config.pack.version}\n ${version.change}`;
  return document.toString({ lineWidth: 0 });
}
