import type { RolloutImpact, TeamRateChange } from '../analytics/volume.js';

/** An issue (policy + reason code) that rose after a deploy, with the teams it rose for. */
export interface RisingIssue {
  policy: string | null;
  reason_code: string | null;
  teams_rising: number;
  /** Only the teams whose rate of this issue rose (the report's question: the same issue in several teams). */
  teams: TeamRateChange[];
}

/** A deploy's section in the volume report's "Rollout impact". */
export interface RolloutSection extends RolloutImpact {
  /** Why the deploy is flagged, in words for its heading; null when it is not. */
  flag_reason: string | null;
  rising_issues: RisingIssue[];
}

/**
 * The volume report's view of each deploy: the analysis (reviewVolume) as it is,
 * plus the issues that rose with only their rising teams, and the reason for the
 * flag — several teams rising overall, or several on one issue (which a heading
 * that counted only the overall rises would misstate).
 */
export function rolloutSections(impact: RolloutImpact[], minTeams: number): RolloutSection[] {
  return impact.map((deploy) => {
    const rising_issues = deploy.issues.map((issue) => ({
      policy: issue.policy,
      reason_code: issue.reason_code,
      teams_rising: issue.teams_rising,
      teams: issue.teams.filter((t) => t.rose),
    }));
    return { ...deploy, rising_issues, flag_reason: flagReason(deploy, minTeams) };
  });
}

function flagReason(deploy: RolloutImpact, minTeams: number): string | null {
  if (!deploy.flagged) return null;
  if (deploy.teams_rising >= minTeams) return `${deploy.teams_rising} teams rose together`;
  // issues are sorted by teams_rising, most first: the first is the one that flagged the deploy.
  const issue = deploy.issues[0]!;
  return `${issue.teams_rising} teams rose together on ${issue.policy ?? '(no policy)'} / ${issue.reason_code ?? '(no reason code)'}`;
}
