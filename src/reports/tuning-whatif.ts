import type { Viewer } from '../analytics/scope.js';
import { per1k, ratio } from '../analytics/stats.js';
import type { TuningComparison } from '../analytics/tuning.js';
import type { ReviewTally } from '../tune/replay.js';
import { formatDate } from '../render/format.js';
import type { Executor } from '../store/database.js';
import { coversTeams, pickPrediction, predictionsFor, predictionTeams, type StoredPrediction } from '../tune/prediction.js';

/** What the tuning report's what-if section needs to know about the report. */
export interface WhatifScope {
  config_id: string;
  policy: string;
  reason_code: string | undefined;
  team: string | undefined;
  viewer: Viewer;
  /** The after version and when it went live. */
  after: { version: string; deployed_at: string | null };
  /** The report's window and teams in words, as on its first page. */
  window_text: string;
  teams_text: string;
}

/** The teams the report counts: its --team, else the viewer's teams, else null (every team). */
export function reportTeams(team: string | undefined, viewer: Viewer): string[] | null {
  if (team) return [team];
  return viewer !== 'everyone' && viewer.teams.length > 0 ? [...viewer.teams].sort() : null;
}

/**
 * When the after version was replayed as a draft (`kt tune whatif`), that replay next
 * to what happened: the check that replay can be trusted. Only a replay over the
 * report's own teams is shown (a team-limited viewer never sees numbers of other
 * teams), and only the report's policy (and reason code) from its per-rule numbers.
 * A replay made before the deploy is preferred; one made after is shown as such.
 */
export async function whatifSection(db: Executor, s: WhatifScope, comparison: TuningComparison) {
  const stored = await predictionsFor(db, s.config_id, s.after.version);
  if (stored.length === 0) return null;
  const teams = reportTeams(s.team, s.viewer);
  const picked = pickPrediction(stored.filter((p) => coversTeams(p, teams)), s.after);
  if (!picked) {
    return { note: `${stored.length === 1 ? 'A what-if replay of' : `${stored.length} what-if replays of`} version ${s.after.version} ${stored.length === 1 ? 'is' : 'are'} stored, but over other teams than this report's (${s.teams_text}); ${stored.length === 1 ? 'it is' : 'they are'} not shown.` };
  }
  const { prediction, not_a_prediction_because: notPrediction } = picked;
  const n = prediction.numbers;
  const subject = s.reason_code ? `policy ${s.policy}, reason code ${s.reason_code}` : `policy ${s.policy}`;
  const base = {
    heading: notPrediction === null ? 'Predicted before deploy (what-if) and what happened' : 'Replayed after the fact (not a prediction) and what happened',
    made_before_deploy: notPrediction === null,
    not_a_prediction_because: notPrediction,
    prediction_id: prediction.id,
    created_at: prediction.created_at,
    subject,
    after_version: s.after.version,
    replay_scope: replayScope(prediction),
    actual_scope: `${comparison.after.events.toLocaleString('en-US')} events of version ${s.after.version} in the report's window (${s.window_text}), ${s.teams_text}`,
    not_replayed: n.not_replayed,
  };
  const replayed = n.policies.includes(s.policy) || n.dropped_policies.includes(s.policy);
  if (!replayed || !n.by_rule) {
    const why = !replayed ? `the replay did not cover policy ${s.policy}` : 'the replay was stored without per-rule numbers';
    return { ...base, rows: null, note: `No replayed numbers for ${subject}: ${why}.` };
  }
  const rules = n.by_rule.filter((r) => r.policy === s.policy && (s.reason_code === undefined || r.reason_code === s.reason_code));
  const current = sum(rules.map((r) => r.current));
  const projected = sum(rules.map((r) => r.projected));
  return {
    ...base,
    note: null,
    rows: [
      { measure: 'Escalations per 1,000 events', kind: 'rate', current: per1k(current.escalations, n.events), projected: per1k(projected.escalations, n.events), actual: comparison.after.escalations_per_1k },
      { measure: 'False-positive rate', kind: 'percent', current: ratio(current.false_positives, current.resolved), projected: ratio(projected.false_positives, projected.resolved), actual: comparison.after.false_positive_rate },
    ],
  };
}

function sum(tallies: ReviewTally[]): ReviewTally {
  const total: ReviewTally = { escalations: 0, resolved: 0, false_positives: 0, true_positives: 0 };
  for (const t of tallies) {
    total.escalations += t.escalations;
    total.resolved += t.resolved;
    total.false_positives += t.false_positives;
    total.true_positives += t.true_positives;
  }
  return total;
}

/** e.g. `52,324 stored events of version 2.3.0 from 2026-09-03 05:57 UTC to 2026-12-02 05:57 UTC (the replay time), all teams`. */
function replayScope(p: StoredPrediction): string {
  const w = p.numbers.window;
  const version = w.config_version ? `of version ${w.config_version}` : 'of every version';
  const from = w.since ? formatDate(w.since) : 'the first event';
  const to = w.until ? formatDate(w.until) : `${formatDate(p.created_at)} (the replay time)`;
  const teams = predictionTeams(p);
  const who = teams === undefined ? 'all teams (not recorded; made before kt kept the teams)' : teams === null ? 'all teams' : `teams ${teams.join(', ')}`;
  return `${p.numbers.events.toLocaleString('en-US')} stored events ${version} from ${from} to ${to}, ${who}`;
}
