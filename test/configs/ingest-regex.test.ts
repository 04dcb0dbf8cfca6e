import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDemoEnd, demoWindow } from '../../src/demo/calendar.js';
import { configYaml, demoConfigs } from '../../src/demo/configs.js';
import { firstRegexIssue } from '../../src/domain/rules.js';
import { ingestFile, rejectionLine } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/database.js';
import { fixtureText } from '../tune/fixture.js';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kt-config-regex-'));
  store = await openStore(join(dir, 'kt.duckdb'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function configFile(text: string): string {
  const path = join(dir, 'policy-config.yaml');
  writeFileSync(path, text);
  return path;
}

async function storedConfigs(): Promise<number> {
  return (await store.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM configs'))!.n;
}

describe('kt ingest configs and rule regexes', () => {
  it('refuses a config whose regex RE2 cannot run, at the regex line, naming policy, rule and field; stores nothing', async () => {
    const text = fixtureText('cfg-fixture-1.1.0.yaml').replace(/regex: "\\\\bbomb\\\\b"/, () => 'regex: "(bomb)\\\\s+\\\\1"');
    expect(text).toContain('(bomb)');
    const path = configFile(text);
    const report = await ingestFile(store, 'configs', path);
    expect(report).toMatchObject({ total: 1, accepted: 0, rejected: 1, inserted: 0 });
    const [rejection] = report.rejections;
    const line = text.split('\n').findIndex((l) => l.includes('(bomb)')) + 1;
    expect(rejection).toMatchObject({ file: path, line, field: 'policies.policy.human-oversight.rules.1.match.regex' });
    const pattern = JSON.stringify(String.raw`(bomb)\s+\1`);
    expect(rejectionLine(rejection!)).toContain(`${path}:${line}: policy human-oversight, rule 2 (weapons), match.regex: the regex ${pattern} uses a backreference`);
    expect(await storedConfigs()).toBe(0);
  });

  it('still accepts the RE2 regexes of the fixtures and of every demo config version', async () => {
    expect(await ingestFile(store, 'configs', configFile(fixtureText('cfg-fixture-1.0.0.yaml')))).toMatchObject({ inserted: 1, rejected: 0 });
    const versions = demoConfigs(demoWindow(new Date(defaultDemoEnd)));
    for (const version of versions) {
      const name = `${version.config.pack.id} ${version.config.pack.version}`;
      expect(firstRegexIssue(version.config), name).toBeUndefined();
      expect((await ingestFile(store, 'configs', configFile(configYaml(version)))).rejections, name).toEqual([]);
    }
    expect(await storedConfigs()).toBe(versions.length + 1);
  });
});
