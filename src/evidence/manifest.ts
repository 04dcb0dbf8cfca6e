import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';

/** One file of a pack: its hash, size and (for data files) how many rows it holds. */
export const manifestFileSchema = z.object({
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(0),
  /** Data rows (CSV without its header, Parquet rows); null for documents. */
  rows: z.number().int().min(0).nullable(),
  /** What the file is, for a person reading the manifest. */
  description: z.string(),
});

export const manifestSchema = z.object({
  format: z.literal('kt-evidence-pack/1'),
  pack_id: z.string().min(1),
  generator: z.object({ name: z.literal('kt'), version: z.string() }),
  created_at: z.string(),
  created_by: z.string(),
  reason: z.string().nullable(),
  scope: z.object({
    from: z.string(),
    to: z.string(),
    teams: z.array(z.string()),
    escalations: z.array(z.string()),
    visible_teams: z.array(z.string()).nullable(),
    definition: z.string(),
  }),
  counts: z.object({ escalations: z.number(), events: z.number(), audit: z.number(), configs: z.number() }),
  audit_chain_head: z.object({ seq: z.number().int().min(0), hash: z.string() }),
  files: z.array(manifestFileSchema),
});

export type Manifest = z.output<typeof manifestSchema>;
export type ManifestFile = z.output<typeof manifestFileSchema>;

export const manifestName = 'manifest.json';

/** SHA-256 and size of a file, read as a stream (packs can be large). */
export async function fileDigest(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
