import type { Command } from 'commander';
import { formatConfigDiff } from '../configs/diff-text.js';
import { configVersion, diffStoredVersions, listConfigVersions } from '../configs/versions.js';
import { formatDate } from '../render/format.js';
import { withStore } from '../store/database.js';
import { globalOptions } from './context.js';
import { formatTable } from './table.js';

/** kt config list|show|diff: the stored versions of configuration packs. */
export function registerConfig(program: Command): void {
  const config = program.command('config').description('stored configuration pack versions: list, show, diff');

  config
    .command('list')
    .description('versions of each pack with deploy times, authors and event counts')
    .option('--config-id <id>', 'only this pack')
    .action(async (opts: { configId?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const rows = await withStore(g.db, { existing: true }, (store) => listConfigVersions(store, 'everyone', opts.configId));
      if (g.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      else process.stdout.write(formatTable(rows.map((r) => ({ ...r, deployed_at: formatDate(r.deployed_at) })), ['config_id', 'version', 'name', 'author', 'deployed_at', 'events']));
    });

  config
    .command('show')
    .description('the YAML of one version, exactly as imported')
    .argument('<config-id>')
    .argument('<version>')
    .action(async (configId: string, version: string, _opts: unknown, cmd: Command) => {
      const g = globalOptions(cmd);
      const stored = await withStore(g.db, { existing: true }, (store) => configVersion(store, configId, version));
      if (g.json) process.stdout.write(JSON.stringify(stored, null, 2) + '\n');
      else process.stdout.write(stored.source_text.endsWith('\n') ? stored.source_text : stored.source_text + '\n');
    });

  config
    .command('diff')
    .description('policies and rules added, removed and changed between two versions')
    .argument('<config-id>')
    .argument('<from-version>')
    .argument('<to-version>')
    .action(async (configId: string, from: string, to: string, _opts: unknown, cmd: Command) => {
      const g = globalOptions(cmd);
      const diff = await withStore(g.db, { existing: true }, (store) => diffStoredVersions(store, configId, from, to));
      if (g.json) process.stdout.write(JSON.stringify(diff, null, 2) + '\n');
      else process.stdout.write(formatConfigDiff(diff));
    });
}
