import type { Decision } from './policy-engine.js';
import type { Random } from './random.js';
import type { Scenario, Team } from './scenario.js';
import { fill, type Facts } from './vocabulary.js';

/**
 * Everything about one gateway event except the decision: who sent it, which
 * model, what they asked, the detector score; and, once decided, the response,
 * latency, tokens and cost that follow from the verdict.
 */
export interface DraftEvent {
  team: Team;
  user_id: string;
  provider: string;
  model: string;
  scenario: Scenario;
  facts: Facts;
  request: string;
  /** Which of the scenario's request templates was used. */
  template: number;
  score: number;
}

/** USD per million tokens (input, output). */
const pricePerMillion: Record<string, readonly [number, number]> = {
  'gpt-4o': [2.5, 10],
  'gpt-4o-mini': [0.15, 0.6],
  'claude-sonnet-4': [3, 15],
};

const medianLatencyMs: Record<string, number> = { 'gpt-4o': 1300, 'gpt-4o-mini': 650, 'claude-sonnet-4': 1700 };

const firstNames = ['anna', 'ben', 'carla', 'david', 'emma', 'felix', 'gina', 'hugo', 'iris', 'jon', 'kira', 'leo', 'mia', 'nils', 'olga', 'paul', 'rosa', 'sami', 'tara', 'viktor'];
const lastNames = ['adler', 'brandt', 'costa', 'dietz', 'evans', 'frank', 'garcia', 'huber', 'ito', 'jansen'];

/** A stable pool of requesters per team, e.g. `emma.costa`. */
export function requestersOf(team: Team): string[] {
  const offset = team.length * 3;
  return Array.from({ length: 24 }, (_, i) => `${firstNames[(i + offset) % firstNames.length]}.${lastNames[(i * 7 + offset) % lastNames.length]}`);
}

export function draftRequest(scenario: Scenario, random: Random): { request: string; facts: Facts; score: number; template: number } {
  const facts: Facts = {};
  const template = random.int(0, scenario.requests.length - 1);
  const request = fill(scenario.requests[template] as string, random, facts);
  const [low, high] = scenario.score;
  const score = Math.round(random.between(low, high) * 1000) / 1000;
  return { request, facts, score, template };
}

const statusOf: Record<Decision['verdict'], string> = {
  allow: 'completed',
  redact: 'completed',
  block: 'blocked',
  escalate: 'held_for_review',
};

/** Where and under what an event ran: its identity and the configuration version in force. */
export interface EventContext {
  id: string;
  time: number;
  request_id: string;
  gateway_id: string;
  config_id: string;
  config_version: string;
}

/**
 * The event as the gateway logs it: the request, the decision, and what follows
 * from the verdict (response, status, latency, tokens, cost, policy results).
 * Absent fields are undefined, which JSON.stringify leaves out.
 */
export function gatewayEvent(draft: DraftEvent, decision: Decision, context: EventContext, random: Random): Record<string, unknown> {
  const answered = decision.verdict === 'allow' || decision.verdict === 'redact';
  const tokensIn = Math.ceil(draft.request.length / 4) + 320 + random.int(0, 220);
  const tokensOut = answered ? Math.max(12, Math.round(random.logNormal(230, 0.6))) : 0;
  const [priceIn, priceOut] = pricePerMillion[draft.model] ?? [1, 4];
  const latency = answered ? random.logNormal(medianLatencyMs[draft.model] ?? 1000, 0.35) : random.logNormal(45, 0.3);
  const response = answered ? fill(responseTemplate(draft, random), random, { ...draft.facts }) : undefined;
  return {
    id: context.id,
    timestamp: new Date(context.time).toISOString(),
    team: draft.team,
    user_id: draft.user_id,
    provider: draft.provider,
    model: draft.model,
    gateway_id: context.gateway_id,
    request_id: context.request_id,
    config_id: context.config_id,
    config_version: context.config_version,
    verdict: decision.verdict,
    policy: decision.policy ?? undefined,
    reason_code: decision.reason_code ?? undefined,
    score: draft.score,
    request: draft.request,
    status: statusOf[decision.verdict],
    response,
    latency_ms: Math.round(latency),
    tokens_in: tokensIn,
    tokens_out: tokensOut,
    cost_usd: Math.round(tokensIn * priceIn + tokensOut * priceOut) / 1e6,
    policy_results: policyResults(draft, decision),
  };
}

/** Response i answers request i when a scenario has one per request; otherwise any of them fits. */
function responseTemplate(draft: DraftEvent, random: Random): string {
  const responses = draft.scenario.responses;
  if (!responses || responses.length === 0) return 'Here is a first draft based on your notes…';
  if (responses.length === draft.scenario.requests.length) return responses[draft.template] as string;
  return random.pick(responses);
}

/**
 * The gateway reports the deciding policy, and any other detector that scored the
 * request noticeably (≥ 0.3); trivial passes are left out to keep events small.
 */
function policyResults(draft: DraftEvent, decision: Decision): Array<Record<string, unknown>> {
  const results: Array<Record<string, unknown>> = [];
  const detector = draft.scenario.detector;
  if (detector && detector !== decision.policy && draft.score >= 0.3) {
    results.push({ policy: detector, phase: 'request', verdict: 'allow', score: draft.score });
  }
  if (decision.policy) {
    results.push({ policy: decision.policy, phase: 'request', verdict: decision.verdict, reason_code: decision.reason_code, score: draft.score });
  }
  return results;
}
