import type { Random } from './random.js';
import type { Scenario, Team, TeamTraffic } from './scenario.js';
import { teams } from './scenario.js';
import * as everyday from './scenarios-everyday.js';
import * as conduct from './scenarios-conduct.js';
import * as data from './scenarios-data.js';
import * as story from './scenarios-story.js';

const rare = { ...data, ...conduct };

/**
 * Who sends what. Rare scenarios carry their probability per request, so volumes
 * scale with traffic; the remainder is everyday work picked by weight. The story
 * idioms are spread over four teams on purpose: when 2.3.0 ships, all four see
 * their escalations rise together.
 */
export const traffic: Record<Team, TeamTraffic> = {
  support: {
    share: 0.35,
    gateway: 'gw-eu-west-1',
    models: [['openai', 'gpt-4o-mini', 60], ['openai', 'gpt-4o', 25], ['anthropic', 'claude-sonnet-4', 15]],
    everyday: [[everyday.supportReply, 3], [everyday.supportKnowledge, 2]],
    rare: [
      [rare.ssnShared, 0.003], [rare.cardShared, 0.003], [rare.legacyOrderNumber, 0.0015], [rare.abusiveCustomer, 0.004],
      [rare.hateSpeech, 0.0003], [rare.selfHarm, 0.0002], [rare.largeRefund, 0.002], [rare.legalQuestion, 0.001],
      [rare.violentThreat, 0.0012], [rare.promptInjection, 0.0015], [rare.jailbreak, 0.0005], [rare.leakedSecret, 0.0005],
      [story.shootMeAnEmail, 0.004], [story.killPythonProcess, 0.002], [story.twoBirds, 0.001],
    ],
  },
  sales: {
    share: 0.2,
    gateway: 'gw-us-east-1',
    models: [['openai', 'gpt-4o', 50], ['anthropic', 'claude-sonnet-4', 50]],
    everyday: [[everyday.salesEmail, 3], [everyday.salesResearch, 2]],
    rare: [
      [rare.ssnShared, 0.001], [rare.cardShared, 0.0015], [rare.largeRefund, 0.004], [rare.legalQuestion, 0.001],
      [rare.violentThreat, 0.0008], [rare.promptInjection, 0.001],
      [story.shootMeAnEmail, 0.008], [story.shootOverDeck, 0.003], [story.twoBirds, 0.0015],
    ],
  },
  engineering: {
    share: 0.25,
    gateway: 'gw-eu-west-1',
    models: [['anthropic', 'claude-sonnet-4', 50], ['openai', 'gpt-4o', 30], ['azure', 'gpt-4o', 20]],
    everyday: [[everyday.engineeringDebug, 4], [everyday.engineeringOps, 2], [everyday.engineeringPrompts, 0.3]],
    rare: [
      [rare.testCard, 0.002], [rare.terminateInstance, 0.003], [rare.leakedSecret, 0.004], [rare.violentThreat, 0.0006],
      [rare.promptInjection, 0.002], [rare.jailbreak, 0.001],
      [story.killPythonProcess, 0.009], [story.killSwitch, 0.0015],
    ],
  },
  hr: {
    share: 0.1,
    gateway: 'gw-eu-west-1',
    models: [['azure', 'gpt-4o', 50], ['openai', 'gpt-4o-mini', 50]],
    everyday: [[everyday.hrPolicy, 1]],
    rare: [
      [rare.ssnShared, 0.004], [rare.healthRecord, 0.004], [rare.benefitPrescription, 0.004], [rare.employmentDecision, 0.004],
      [rare.legalQuestion, 0.001], [rare.selfHarm, 0.0003], [rare.violentThreat, 0.0012], [rare.promptInjection, 0.0005],
      [story.shootMeAnEmail, 0.008], [story.photoShoot, 0.004],
    ],
  },
  legal: {
    share: 0.1,
    gateway: 'gw-us-east-1',
    models: [['azure', 'gpt-4o', 60], ['anthropic', 'claude-sonnet-4', 40]],
    everyday: [[everyday.legalResearch, 1]],
    rare: [
      [rare.privilegedMemo, 0.025], [rare.legalQuestion, 0.006], [rare.contractCommitment, 0.003], [rare.ssnShared, 0.002],
      [rare.cardShared, 0.0005], [rare.promptInjection, 0.0005],
    ],
  },
};

const teamWeights = Object.fromEntries(teams.map((t) => [t, traffic[t].share])) as Record<Team, number>;

export function pickTeam(random: Random): Team {
  return random.weighted(teamWeights);
}

/** The scenario of one request of a team. */
export function pickScenario(team: Team, random: Random): Scenario {
  const { rare: rareOnes, everyday: everydayOnes } = traffic[team];
  let u = random.next();
  for (const [scenario, probability] of rareOnes) {
    if (u < probability) return scenario;
    u -= probability;
  }
  return random.weightedBy(everydayOnes, ([, w]) => w)[0];
}

export function pickModel(team: Team, random: Random): { provider: string; model: string } {
  const [provider, model] = random.weightedBy(traffic[team].models, ([, , w]) => w);
  return { provider, model };
}
