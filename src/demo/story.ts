import type { ImportedEscalationRow } from './escalation-history.js';
import type { Decision } from './policy-engine.js';

/**
 * The planted story, counted while the data is generated, so the summary (and the
 * tests) can state what the analytics should later find: how the violence_terms
 * rule of cfg_support_prod behaved under each version.
 */
export const storyConfigId = 'cfg_support_prod';
export const storyPolicy = 'human-oversight';
export const storyReasonCode = 'violence_terms';
export const storyVersions = { before: '2.2.0', broad: '2.3.0', narrowed: '2.4.0' } as const;

export interface StoryVersion {
  config_version: string;
  events: number;
  escalations: number;
  escalations_per_1k: number;
  resolved: number;
  false_positives: number;
  true_positives: number;
  false_positive_rate: number | null;
  teams_with_false_positives: string[];
}

export interface StorySummary {
  config_id: string;
  policy: string;
  reason_code: string;
  versions: StoryVersion[];
}

export class StoryTally {
  private readonly versions = new Map<string, StoryVersion & { teams: Set<string> }>();

  private entry(version: string): StoryVersion & { teams: Set<string> } {
    let entry = this.versions.get(version);
    if (!entry) {
      entry = { config_version: version, events: 0, escalations: 0, escalations_per_1k: 0, resolved: 0, false_positives: 0, true_positives: 0, false_positive_rate: null, teams_with_false_positives: [], teams: new Set() };
      this.versions.set(version, entry);
    }
    return entry;
  }

  countEvent(configId: string, version: string): void {
    if (configId === storyConfigId) this.entry(version).events++;
  }

  countEscalation(configId: string, version: string, decision: Decision, team: string, row: ImportedEscalationRow | undefined): void {
    if (configId !== storyConfigId || decision.policy !== storyPolicy || decision.reason_code !== storyReasonCode) return;
    const entry = this.entry(version);
    entry.escalations++;
    if (row?.status !== 'resolved' || row.category === 'duplicate') return;
    entry.resolved++;
    if (row.category === 'true_positive') entry.true_positives++;
    if (row.category === 'false_positive') {
      entry.false_positives++;
      entry.teams.add(team);
    }
  }

  summary(): StorySummary {
    const versions = [...this.versions.values()]
      .sort((a, b) => a.config_version.localeCompare(b.config_version, 'en', { numeric: true }))
      .map(({ teams, ...v }) => ({
        ...v,
        escalations_per_1k: v.events > 0 ? Math.round((v.escalations * 1000 * 100) / v.events) / 100 : 0,
        false_positive_rate: v.resolved > 0 ? Math.round((v.false_positives / v.resolved) * 1000) / 1000 : null,
        teams_with_false_positives: [...teams].sort(),
      }));
    return { config_id: storyConfigId, policy: storyPolicy, reason_code: storyReasonCode, versions };
  }
}
