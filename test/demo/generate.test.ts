import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configurationSchema, type Configuration } from '../../src/domain/configuration.js';
import { importedEscalationSchema } from '../../src/domain/escalation.js';
import { eventSchema } from '../../src/domain/event.js';
import { compilePolicies, evaluate } from '../../src/domain/rules.js';
import { generateDemo, type GenerateSummary } from '../../src/demo/generate.js';

const end = new Date('2026-11-20T00:00:00Z');
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kt-demo-'));
  dirs.push(dir);
  return dir;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function lines<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as T);
}

function allHashes(summary: GenerateSummary): string[] {
  return [...summary.files.configs, summary.files.events, summary.files.escalations].map(sha256);
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('demo generator determinism', () => {
  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const a = await generateDemo({ seed: 7, scale: 0.02, end, dir: tempDir() });
    const b = await generateDemo({ seed: 7, scale: 0.02, end, dir: tempDir() });
    const c = await generateDemo({ seed: 8, scale: 0.02, end, dir: tempDir() });
    expect(allHashes(b)).toEqual(allHashes(a));
    expect(sha256(c.files.events)).not.toEqual(sha256(a.files.events));
    expect(sha256(c.files.escalations)).not.toEqual(sha256(a.files.escalations));
  });

  it('multiplies the volume with --scale', async () => {
    const small = await generateDemo({ seed: 1, scale: 0.02, end, dir: tempDir() });
    const double = await generateDemo({ seed: 1, scale: 0.04, end, dir: tempDir() });
    expect(small.events).toBeGreaterThan(3_800);
    expect(small.events).toBeLessThan(4_200);
    expect(double.events / small.events).toBeGreaterThan(1.9);
    expect(double.events / small.events).toBeLessThan(2.1);
    expect(lines(double.files.events)).toHaveLength(double.events);
  });
});

describe('demo dataset (seed 1, scale 0.3)', () => {
  let summary: GenerateSummary;
  let events: Array<Record<string, unknown>>;
  let escalations: Array<Record<string, unknown>>;
  let configs: Configuration[];

  beforeAll(async () => {
    summary = await generateDemo({ seed: 1, scale: 0.3, end, dir: tempDir() });
    events = lines(summary.files.events);
    escalations = lines(summary.files.escalations);
    configs = summary.files.configs.map((file) => configurationSchema.parse(parse(readFileSync(file, 'utf8'))));
  });

  it('writes 2+ packs and 4+ versions that the configuration schema accepts, in deploy order', () => {
    expect(new Set(configs.map((c) => c.pack.id)).size).toBeGreaterThanOrEqual(2);
    expect(configs.length).toBeGreaterThanOrEqual(4);
    const deploys = configs.map((c) => Date.parse(c.deployed_at ?? ''));
    expect([...deploys].sort((x, y) => x - y)).toEqual(deploys);
    expect(configs.some((c) => c.providers?.targets?.some((t) => t.escalation_routing?.user_id))).toBe(true);
  });

  it('writes events the event schema accepts, over 90 days, with several teams, models and policies', () => {
    for (const event of events.filter((_, i) => i % 97 === 0)) {
      const parsed = eventSchema.safeParse(event);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
    const days = new Set(events.map((e) => String(e.timestamp).slice(0, 10)));
    expect(days.size).toBe(90);
    expect(new Set(events.map((e) => e.team)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(events.map((e) => `${e.provider}/${e.model}`)).size).toBeGreaterThanOrEqual(4);
    const escalated = events.filter((e) => e.verdict === 'escalate');
    expect(new Set(escalated.map((e) => e.policy)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(escalated.map((e) => e.reason_code)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('decides every event exactly as the rules of the version in force would', () => {
    const compiled = new Map(configs.map((c) => [`${c.pack.id}@${c.pack.version}`, compilePolicies(c, c.pack.id)]));
    const deploys = configs.map((c) => ({ id: c.pack.id, version: c.pack.version, at: Date.parse(c.deployed_at ?? '') }));
    for (const event of events.filter((_, i) => i % 7 === 0 || (events[i] as { verdict: string }).verdict !== 'allow')) {
      const time = Date.parse(String(event.timestamp));
      const inForce = deploys.filter((d) => d.id === event.config_id && d.at <= time).at(-1);
      expect(inForce?.version).toBe(event.config_version);
      let decided: { policy: string | null; reason_code: string | null } = { policy: null, reason_code: null };
      for (const policy of compiled.get(`${event.config_id}@${event.config_version}`) ?? []) {
        const result = evaluate(policy.rules, { request: event.request as string, score: event.score as number });
        if (result.fires) {
          decided = { policy: policy.name, reason_code: result.reason_code };
          break;
        }
      }
      expect({ id: event.id, policy: event.policy ?? null, reason_code: event.reason_code ?? null }).toEqual({ id: event.id, ...decided });
    }
  });

  it('exports escalations the import schema accepts, each for an escalated event, with consistent times', () => {
    const byId = new Map(events.map((e) => [e.id, e]));
    for (const row of escalations) {
      const parsed = importedEscalationSchema.safeParse(row);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(byId.get(row.event_id)?.verdict).toBe('escalate');
      const created = Date.parse(String(row.created_at));
      if (row.claimed_at) expect(Date.parse(String(row.claimed_at))).toBeGreaterThanOrEqual(created);
      if (row.resolved_at) expect(Date.parse(String(row.resolved_at))).toBeGreaterThan(Date.parse(String(row.claimed_at)));
      expect(Date.parse(String(row.resolved_at ?? row.claimed_at ?? row.created_at))).toBeLessThanOrEqual(end.getTime());
    }
    const statuses = new Set(escalations.map((r) => r.status));
    expect(statuses).toEqual(new Set(['queued', 'claimed', 'resolved']));
    // Some escalations are left for kt to create (recent ones; open ones routed to a user).
    expect(escalations.length).toBeLessThan(summary.escalated_events);
  });

  it('plants reviewer habits for the quality analysis: boilerplate, one-word notes, missing causes, disagreement', () => {
    const resolved = escalations.filter((r) => r.status === 'resolved');
    const notes = new Map<string, number>();
    for (const r of resolved) notes.set(String(r.note), (notes.get(String(r.note)) ?? 0) + 1);
    expect(Math.max(...notes.values())).toBeGreaterThan(20);
    expect(resolved.filter((r) => String(r.note).length <= 4).length).toBeGreaterThan(3);
    expect(resolved.filter((r) => r.category === 'false_positive' && !r.cause).length).toBeGreaterThan(0);
    expect(new Set(resolved.map((r) => r.category))).toEqual(new Set(['false_positive', 'benign_positive', 'true_positive', 'duplicate', 'undetermined']));
    expect(new Set(resolved.map((r) => r.resolved_by)).size).toBeGreaterThanOrEqual(5);
  });

  it('tells the story: 2.3.0 floods violence_terms with false positives across teams, 2.4.0 narrows it', () => {
    const byEvent = new Map(escalations.map((r) => [r.event_id, r]));
    const story = (version: string) => {
      const scoped = events.filter((e) => e.config_id === 'cfg_support_prod' && e.config_version === version);
      const flagged = scoped.filter((e) => e.policy === 'human-oversight' && e.reason_code === 'violence_terms');
      const reviewed = flagged.map((e) => ({ team: e.team, row: byEvent.get(e.id) })).filter(({ row }) => row?.status === 'resolved' && row.category !== 'duplicate');
      const falsePositives = reviewed.filter(({ row }) => row?.category === 'false_positive');
      return {
        events: scoped.length,
        escalations: flagged.length,
        resolved: reviewed.length,
        falsePositives: falsePositives.length,
        teams: new Set(falsePositives.filter(({ row }) => row?.cause === 'policy_logic').map(({ team }) => team)),
      };
    };
    const before = story('2.2.0');
    const broad = story('2.3.0');
    const narrowed = story('2.4.0');
    expect(broad.escalations / broad.events).toBeGreaterThan(5 * (before.escalations / before.events));
    expect(broad.falsePositives / broad.resolved).toBeGreaterThan(0.8);
    expect(narrowed.falsePositives / narrowed.resolved).toBeLessThan(0.65);
    expect(broad.teams.size).toBeGreaterThanOrEqual(3);
    expect(pValue(broad.escalations, broad.events, narrowed.escalations, narrowed.events)).toBeLessThan(0.001);
    expect(pValue(broad.falsePositives, broad.resolved, narrowed.falsePositives, narrowed.resolved)).toBeLessThan(0.01);
    // The summary printed by kt demo counts the same thing.
    const summarised = summary.story.versions.find((v) => v.config_version === '2.3.0');
    expect(summarised?.false_positives).toBe(broad.falsePositives);
    expect(summarised?.escalations).toBe(broad.escalations);
  });
});

/** Two-sided pooled two-proportion z-test (normal approximation via erf). */
function pValue(x1: number, n1: number, x2: number, n2: number): number {
  const pooled = (x1 + x2) / (n1 + n2);
  const z = Math.abs(x1 / n1 - x2 / n2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  // Abramowitz–Stegun 7.1.26 for erfc.
  const t = 1 / (1 + 0.3275911 * (z / Math.SQRT2));
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-(z * z) / 2);
  return erfc;
}
