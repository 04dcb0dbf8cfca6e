import type { Command } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkAttestationSignature, type Attestation, type AttestationSignature } from '../domain/audit-attestation.js';
import { KtError } from '../errors.js';
import { loadPublicKey, signingKeyOf } from '../signing/keys.js';
import { attestAudit, attestedHeadProblem, readAttestation } from '../store/audit-attestation.js';
import { auditFor, verifyAudit } from '../store/audit.js';
import { mismatchText } from '../store/audit-state.js';
import { userMismatchText } from '../store/audit-users.js';
import { auditActions } from '../domain/audit.js';
import { wholeNumber } from '../domain/numbers.js';
import { recentAudit } from '../store/audit-log.js';
import { auditFilterSchema, searchAudit, type AuditFilter } from '../store/audit-search.js';
import { withStore } from '../store/database.js';
import { globalOptions } from './context.js';
import { checkFlags, numberFlag } from './flags.js';
import { auditRows } from './escalation-text.js';
import { formatTable } from './table.js';

/**
 * The CLI's --limit may go higher than the API's page (500): the CLI has no cursor,
 * and a local user reading a whole timeline holds the store file anyway.
 */
const limitSchema = wholeNumber({ min: 1, max: 1_000_000 });

/** The log's filters from flags, checked by the API's schema. */
function cliFilter(opts: { actor?: string; action?: string; target?: string; since?: string; until?: string }, limit: number): AuditFilter {
  const schema = auditFilterSchema.omit({ limit: true });
  const values = { actor: opts.actor, action: opts.action, target: opts.target, since: opts.since, until: opts.until };
  checkFlags(schema, values);
  return { ...schema.parse(values), limit };
}

/** The attestation to verify against, its signature checked first: a forged one is refused before the store is read. */
function signedHead(file: string, publicKey: string | undefined, expectHead: string | undefined): { file: string; attestation: Attestation; signature: AttestationSignature } {
  if (expectHead !== undefined) throw new KtError('bad_input', 'Give --attestation or --expect-head, not both: an attestation names the head it expects.', { expect_head: expectHead });
  const attestation = readAttestation(file);
  const trusted = publicKey === undefined ? undefined : loadPublicKey(publicKey);
  const signature = checkAttestationSignature(attestation, trusted);
  if (signature.problem) throw new KtError('bad_file', `${resolve(file)} ${signature.problem}.`, { file: resolve(file), key_fingerprint: signature.key_fingerprint });
  return { file: resolve(file), attestation, signature };
}

/** kt audit verify|attest|log: works directly on the store file (no server needed). */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log: verify it, sign its head, read it');

  audit
    .command('verify')
    .description('recompute the whole chain and hold every escalation against its entries; exit non-zero naming the first problem')
    .option('--expect-head <hash>', 'a head hash noted earlier (an earlier verify, an evidence manifest): fail when the chain no longer holds that entry')
    .option('--attestation <file>', 'a head signed earlier by kt audit attest: fail unless its signature checks and the chain still holds that head where attested')
    .option('--public-key <file>', 'with --attestation: also require it to be signed by this Ed25519 public key (the .pub.pem kt evidence keygen wrote)')
    .action(async (opts: { expectHead?: string; attestation?: string; publicKey?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const attested = opts.attestation === undefined ? undefined : signedHead(opts.attestation, opts.publicKey, opts.expectHead);
      if (opts.publicKey !== undefined && attested === undefined) {
        throw new KtError('bad_input', '--public-key checks the signature of an attestation: give --attestation FILE too.', { public_key: opts.publicKey });
      }
      // Hex is hex in either case (a head copied from a tool that prints capitals); kt's hashes are lowercase.
      const expectHead = attested?.attestation.head ?? opts.expectHead?.trim().toLowerCase();
      if (expectHead !== undefined && !/^[0-9a-f]{64}$/.test(expectHead)) {
        throw new KtError('bad_input', `Invalid --expect-head ${opts.expectHead}: give the 64-character hex hash an earlier kt audit verify printed.`, { expect_head: opts.expectHead });
      }
      const result = await withStore(g.db, { existing: true }, (store) => verifyAudit(store, { expectHead }));
      const attestationResult = attested && {
        file: attested.file, entries: attested.attestation.entries, head: attested.attestation.head, attested_at: attested.attestation.attested_at,
        key_fingerprint: attested.signature.key_fingerprint, trusted: attested.signature.trusted, entries_since: result.entries - attested.attestation.entries,
      };
      if (g.json) process.stdout.write(JSON.stringify(attestationResult ? { ...result, attestation: attestationResult } : result, null, 2) + '\n');
      if (result.firstBroken) {
        const { seq, reason } = result.firstBroken;
        throw new KtError('bad_file', `The audit chain of ${g.db} is broken at entry ${seq}: ${reason}. ${result.entries} entries before it verify.`, { db: g.db, ...result.firstBroken, verified: result.entries });
      }
      if (attested) {
        const problem = attestedHeadProblem(result, attested.attestation);
        if (problem) throw new KtError('bad_file', `The audit log of ${g.db} does not hold what ${attested.file} attests: ${problem}.`, { db: g.db, attestation: attested.file, entries: result.entries, head: result.head });
      } else if (result.expected_head && !result.expected_head.found) {
        throw new KtError('bad_file', `The audit chain of ${g.db} no longer holds entry ${result.expected_head.hash}: entries up to it were removed or rewritten (the chain now has ${result.entries} entries, head ${result.head}).`, { db: g.db, expected_head: result.expected_head.hash, entries: result.entries, head: result.head });
      }
      if (result.state && result.state.mismatched > 0) {
        const { mismatched, first } = result.state;
        if (!g.json) for (const m of first) process.stdout.write(`MISMATCH: ${mismatchText(m)}\n`);
        throw new KtError('bad_file', `The audit log of ${g.db} does not account for ${mismatched} escalation(s), first: ${mismatchText(first[0]!)}. Rows were changed outside kt, or the newest audit entries were removed.`, { db: g.db, mismatched, first });
      }
      if (result.users && result.users.mismatched > 0) {
        const { mismatched, first } = result.users;
        if (!g.json) for (const m of first) process.stdout.write(`MISMATCH: ${userMismatchText(m)}\n`);
        throw new KtError('bad_file', `The audit log of ${g.db} does not account for ${mismatched} user(s), first: ${userMismatchText(first[0]!)}. The users table was changed outside kt, or the newest audit entries were removed.`, { db: g.db, mismatched, first });
      }
      if (g.json) return;
      process.stdout.write(`Audit chain OK: ${result.entries} entries, head ${result.head}; all ${result.state?.escalations ?? 0} escalations and ${result.users?.users ?? 0} users match their entries\n`);
      if (attestationResult) {
        const by = attestationResult.trusted ? `the key given (${attestationResult.key_fingerprint})` : `key ${attestationResult.key_fingerprint} (pass --public-key to require that key)`;
        process.stdout.write(`Attestation OK: ${attestationResult.file}, signed by ${by} at ${attestationResult.attested_at}, attests entry ${attestationResult.entries}; the chain still holds it, with ${attestationResult.entries_since} entries since\n`);
      }
    });

  audit
    .command('attest')
    .description('verify the whole chain and sign its head with the organisation\'s Ed25519 key: a statement to keep outside the store, for kt audit verify --attestation to hold the chain against later')
    .option('--signing-key <file>', 'the private key (PEM) kt evidence keygen wrote; default KT_SIGNING_KEY')
    .option('--out <file>', 'write the attestation here (never overwritten); default: print it')
    .action(async (opts: { signingKey?: string; out?: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const key = signingKeyOf(opts.signingKey);
      if (!key) throw new KtError('bad_input', 'kt audit attest signs with a key: give --signing-key FILE (or set KT_SIGNING_KEY); kt evidence keygen makes one.', { flag: '--signing-key' });
      const out = opts.out === undefined ? undefined : resolve(opts.out);
      if (out !== undefined && existsSync(out)) throw new KtError('conflict', `${out} exists already; kt does not overwrite an attestation (choose another --out).`, { file: out });
      const attestation = await withStore(g.db, { existing: true }, (store) => attestAudit(store, key));
      const text = JSON.stringify(attestation, null, 2) + '\n';
      if (out === undefined) {
        process.stdout.write(text);
        return;
      }
      writeFileSync(out, text, { flag: 'wx' });
      if (g.json) process.stdout.write(JSON.stringify({ file: out, ...attestation }, null, 2) + '\n');
      else process.stdout.write(`Attested: ${attestation.entries} entries, head ${attestation.head}, signed by key ${attestation.key_fingerprint}\n  ${out} (check it later with kt audit verify --attestation ${out} --public-key KEY.pub.pem)\n`);
    });

  audit
    .command('log')
    .description('audit entries: one escalation\'s (or user\'s) timeline, or the latest entries')
    .option('--escalation <id>', 'only entries about this escalation')
    .option('--target <id>', 'only entries about this target (an escalation, a user, a file)')
    .option('--actor <id>', 'only entries by this actor (a user id, kt, importer)')
    .option('--action <action>', `only this action: ${auditActions.join(', ')}`)
    .option('--since <time>', 'only entries since (24h, 7d or RFC 3339)')
    .option('--until <time>', 'only entries before (24h, 7d or RFC 3339)')
    .option('--limit <n>', 'without a target: how many of the latest entries', '50')
    .action(async (opts: { escalation?: string; target?: string; actor?: string; action?: string; since?: string; until?: string; limit: string }, cmd: Command) => {
      const g = globalOptions(cmd);
      const target = opts.escalation ?? opts.target;
      const limit = numberFlag('--limit', opts.limit, limitSchema);
      const filtered = [opts.actor, opts.action, opts.since, opts.until].some((v) => v !== undefined);
      const entries = await withStore(g.db, { existing: true }, async (store) => {
        if (filtered) return (await searchAudit(store, 'everyone', cliFilter({ ...opts, target }, limit))).entries.reverse();
        return target === undefined ? recentAudit(store, limit) : auditFor(store, target);
      });
      if (target !== undefined && entries.length === 0) {
        throw new KtError('not_found', `No audit entries for ${target} in ${g.db}.`, { target });
      }
      if (g.json) process.stdout.write(JSON.stringify(entries, null, 2) + '\n');
      else process.stdout.write(formatTable(auditRows(entries), ['seq', 'at', 'actor', 'action', 'target', 'change']));
    });
}
