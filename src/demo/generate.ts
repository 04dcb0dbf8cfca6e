import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { routedUser } from '../domain/configuration.js';
import { demoWindow, eventsPerDay, timesOfDay, demoDays } from './calendar.js';
import { configYaml, demoConfigs, packOfTeam } from './configs.js';
import { EscalationHistory, type ImportedEscalationRow } from './escalation-history.js';
import { draftRequest, gatewayEvent, requestersOf, type DraftEvent } from './event-builder.js';
import { LineWriter } from './line-writer.js';
import { PolicyEngine } from './policy-engine.js';
import { Random } from './random.js';
import { teams, type Team } from './scenario.js';
import { StoryTally, type StorySummary } from './story.js';
import { pickModel, pickScenario, pickTeam, traffic as teamTraffic } from './traffic.js';

/** Events at --scale 1: about 200k over the 90 days. */
export const eventsAtScaleOne = 200_000;

export interface GenerateOptions {
  seed: number;
  scale: number;
  /** The instant the data ends (truncated to midnight UTC). */
  end: Date;
  /** Where to write configs/*.yaml, events.ndjson and escalations.ndjson. */
  dir: string;
  /** Told after each generated day (for progress output at large scales). */
  onDay?: (daysDone: number, days: number) => void;
}

export interface DemoFiles {
  /** In deploy order: ingest them in this order so routing and versions apply. */
  configs: string[];
  events: string;
  escalations: string;
}

export interface GenerateSummary {
  files: DemoFiles;
  seed: number;
  scale: number;
  window: { start: string; end: string };
  events: number;
  verdicts: Record<string, number>;
  escalated_events: number;
  imported_escalations: Record<'queued' | 'claimed' | 'resolved', number>;
  /** Escalated events left for kt's ingest to create: queued, or claimed at once by routing. */
  left_to_kt: Record<'queued' | 'routed', number>;
  configs: Array<{ config_id: string; version: string; deployed_at: string; author: string; change: string }>;
  story: StorySummary;
}

/**
 * Writes the demo dataset: one policy-config.yaml per pack version, then the
 * events day by day in time order, each decided by the version in force, and the
 * upstream export of their escalations. Streams: memory stays flat at any scale.
 */
export async function generateDemo(options: GenerateOptions): Promise<GenerateSummary> {
  const window = demoWindow(options.end);
  const random = new Random(options.seed);
  const versions = demoConfigs(window);
  const engine = new PolicyEngine(versions);

  await mkdir(join(options.dir, 'configs'), { recursive: true });
  const configFiles: string[] = [];
  for (const version of versions) {
    const file = join(options.dir, 'configs', `${version.config.pack.id}-${version.config.pack.version}.yaml`);
    await writeFile(file, configYaml(version), 'utf8');
    configFiles.push(file);
  }

  const files: DemoFiles = { configs: configFiles, events: join(options.dir, 'events.ndjson'), escalations: join(options.dir, 'escalations.ndjson') };
  const eventsOut = new LineWriter(files.events);
  const escalationsOut = new LineWriter(files.escalations);
  const history = new EscalationHistory(window.end.getTime(), random.fork('reviews'));
  const tally = new StoryTally();
  const verdicts: Record<string, number> = { allow: 0, block: 0, redact: 0, escalate: 0 };
  const imported = { queued: 0, claimed: 0, resolved: 0 };
  const leftToKt = { queued: 0, routed: 0 };
  const requesters = Object.fromEntries(teams.map((t) => [t, requestersOf(t)])) as Record<Team, string[]>;
  const rng = random.fork('traffic');
  const perDay = eventsPerDay(window, eventsAtScaleOne * options.scale, random.fork('volume'));

  try {
    for (let day = 0; day < demoDays; day++) {
      const times = timesOfDay(window, day, perDay[day] ?? 0, rng);
      const stamp = new Date(window.start.getTime() + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
      for (let i = 0; i < times.length; i++) {
        const time = times[i] as number;
        const team = pickTeam(rng);
        const scenario = pickScenario(team, rng);
        const { provider, model } = pickModel(team, rng);
        const drafted = draftRequest(scenario, rng);
        const draft: DraftEvent = { team, user_id: rng.pick(requesters[team]), provider, model, scenario, ...drafted };
        const version = engine.versionAt(packOfTeam[team], time);
        const decision = engine.decide(version, draft.request, draft.score);
        const seq = String(i).padStart(6, '0');
        const id = `evt_${stamp}_${seq}`;
        const event = gatewayEvent(draft, decision, {
          id,
          time,
          request_id: `req_${stamp}${seq}${rng.int(0x1000, 0xffff).toString(16)}`,
          gateway_id: teamTraffic[team].gateway,
          config_id: version.configId,
          config_version: version.version,
        }, rng);
        if (eventsOut.push(JSON.stringify(event))) await eventsOut.flush();
        verdicts[decision.verdict] = (verdicts[decision.verdict] ?? 0) + 1;
        tally.countEvent(version.configId, version.version);
        if (decision.verdict !== 'escalate') continue;

        const routedTo = routedUser(version.config, provider, model);
        const row: ImportedEscalationRow | undefined = history.rowFor({ id, time, team, requester: draft.user_id, scenario, facts: draft.facts, reasonCode: decision.reason_code ?? '', routedTo });
        tally.countEscalation(version.configId, version.version, decision, team, row);
        if (!row) {
          leftToKt[routedTo ? 'routed' : 'queued']++;
          continue;
        }
        imported[row.status]++;
        if (escalationsOut.push(JSON.stringify(row))) await escalationsOut.flush();
      }
      options.onDay?.(day + 1, demoDays);
    }
  } finally {
    await eventsOut.close();
    await escalationsOut.close();
  }

  return {
    files,
    seed: options.seed,
    scale: options.scale,
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
    events: eventsOut.lines,
    verdicts,
    escalated_events: verdicts.escalate ?? 0,
    imported_escalations: imported,
    left_to_kt: leftToKt,
    configs: versions.map(({ config, change }) => ({
      config_id: config.pack.id,
      version: config.pack.version,
      deployed_at: config.deployed_at ?? '',
      author: config.pack.author ?? '',
      change,
    })),
    story: tally.summary(),
  };
}
