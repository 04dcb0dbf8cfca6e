import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { KtError, badInput, conflict } from '../errors.js';
import { withStore } from '../store/database.js';
import { suggestInputSchema, suggestNarrowing } from '../tune/suggest.js';
import { suggestText, verifyText, whatifText } from '../tune/text.js';
import { verifyPrediction } from '../tune/verify.js';
import { whatif } from '../tune/whatif.js';
import { globalOptions } from './context.js';
import { checkFlags } from './flags.js';

/**
 * kt tune suggest|whatif|verify: narrow a rule, replay the draft, check it after deploying.
 * Versions are given as --version (the contract's name) or --config-version.
 */
export function registerTune(program: Command): void {
  const tune = program.command('tune').description('narrow a noisy rule: suggest a draft, replay it on history, verify it after deploying');

  tune
    .command('suggest')
    .description("turn a false-positive cluster's separating terms into an unless clause in a draft config")
    .requiredOption('--config-id <id>', 'the configuration pack')
    .requiredOption('--policy <policy>', 'the policy of the noisy rule')
    .requiredOption('--reason-code <code>', 'the reason code of the noisy rule')
    .option('--config-version <version>', 'the version to narrow (default: the newest stored)')
    .option('--version <version>', 'same as --config-version')
    .option('--max-terms <n>', 'at most this many exception terms (default 5)')
    .option('--out <file>', 'where to write the draft (default CONFIG_ID-VERSION.draft.yaml)')
    .option('--force', 'overwrite --out if it exists', false)
    .action(async (o: { configId: string; policy: string; reasonCode: string; configVersion?: string; version?: string; maxTerms?: string; out?: string; force: boolean }, cmd: Command) => {
      const g = globalOptions(cmd);
      const input = { config_id: o.configId, policy: o.policy, reason_code: o.reasonCode, version: o.configVersion ?? o.version, max_terms: o.maxTerms };
      checkFlags(suggestInputSchema, input);
      const s = await withStore(g.db, { existing: true }, (store) => suggestNarrowing(store, input));
      const file = resolve(o.out ?? `${s.config_id}-${s.version}.draft.yaml`);
      if (existsSync(file) && !o.force) throw conflict(`${file} already exists; pass --force to overwrite it or choose another --out.`, { file });
      // Write next to the target, then rename: never a half-written draft.
      writeFileSync(`${file}.tmp`, s.text);
      renameSync(`${file}.tmp`, file);
      process.stdout.write(g.json ? JSON.stringify({ ...s, file }, null, 2) + '\n' : suggestText(s, file));
    });

  tune
    .command('whatif')
    .description('replay a draft config over stored events and what reviewers decided on them')
    .requiredOption('--draft <file>', 'the draft policy-config.yaml')
    .option('--since <when>', 'replay events from this time (duration back from now or RFC 3339)', '90d')
    .option('--until <when>', 'up to (not including) this time')
    .option('--config-version <version>', 'only events evaluated under this version (default: every version in the window)')
    .action(async (o: { draft: string; since: string; until?: string; configVersion?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const text = readDraft(o.draft);
      const result = await withStore(g.db, { existing: true }, (store) =>
        whatif(store, { draft_text: text, draft_file: o.draft, since: o.since, until: o.until, config_version: o.configVersion }),
      );
      process.stdout.write(g.json ? JSON.stringify(result, null, 2) + '\n' : whatifText(result));
    });

  tune
    .command('verify')
    .description("compare a deployed version's what-if prediction with what its traffic measured")
    .requiredOption('--config-id <id>', 'the configuration pack')
    .option('--config-version <version>', 'the deployed version (the draft version that was replayed)')
    .option('--version <version>', 'same as --config-version')
    .option('--draft-version <version>', "use this draft version's prediction instead (e.g. a suggested draft that was deployed under another number)")
    .action(async (o: { configId: string; configVersion?: string; version?: string; draftVersion?: string }, cmd: Command) => {
      const version = o.configVersion ?? o.version;
      if (!version) throw badInput('kt tune verify needs --version (or --config-version): the deployed version to check');
      const g = globalOptions(cmd);
      const result = await withStore(g.db, { existing: true }, (store) => verifyPrediction(store, { config_id: o.configId, version, draft_version: o.draftVersion }));
      process.stdout.write(g.json ? JSON.stringify(result, null, 2) + '\n' : verifyText(result));
    });
}

function readDraft(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new KtError('bad_file', `Cannot read the draft ${file}: ${reason}.`, { file });
  }
}
