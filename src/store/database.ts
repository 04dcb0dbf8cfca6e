import { existsSync, mkdirSync } from 'node:fs';
import { totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { KtError } from '../errors.js';
import { migrate } from './migrate.js';

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;

/** Runs SQL on one connection; values are always bound, never pasted. */
export interface Executor {
  readonly connection: DuckDBConnection;
  /** Rows as plain objects: integers and decimals as numbers, timestamps as RFC 3339 strings, JSON columns as text. */
  all<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]>;
  one<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T | undefined>;
  run(sql: string, params?: SqlParams): Promise<void>;
  /** Runs one INSERT, UPDATE or DELETE and says how many rows it changed (cheaper than RETURNING). */
  rowsChanged(sql: string, params?: SqlParams): Promise<number>;
}

/** An open kt store: one DuckDB file, the schema migrated. */
export interface Store extends Executor {
  readonly path: string;
  readonly instance: DuckDBInstance;
  /**
   * Runs fn inside BEGIN … COMMIT on a connection of its own; any throw rolls the
   * whole unit back. Write transactions in one process run one at a time, so two
   * concurrent claims are decided in order and reads see only committed data.
   */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  close(): void;
}

export interface OpenOptions {
  /** Directories DuckDB's own readers and writers may touch (input files, export targets). */
  allowedDirectories?: string[];
  readOnly?: boolean;
  /**
   * Refuse a path that holds no store rather than create an empty one: for commands
   * that read or change what is stored, a mistyped --db would otherwise answer with
   * zeros (and leave a new file behind).
   */
  existing?: boolean;
}

export function defaultDbPath(): string {
  return process.env.KT_DB ?? './kt.duckdb';
}

/**
 * Opens (creating if needed) the store and brings it to the current schema.
 * External access is switched off once open: DuckDB may read and write only the
 * directories the caller names, and never downloads an extension.
 */
export async function openStore(path: string = defaultDbPath(), options: OpenOptions = {}): Promise<Store> {
  const limit = memoryLimit(); // checked before anything is opened
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:' && options.existing && !existsSync(file)) {
    throw new KtError('unavailable', `Cannot open the kt store ${file}: there is no such file; point --db (or KT_DB) at an existing store, or create one with kt ingest or kt demo.`, { db: file });
  }
  if (file !== ':memory:' && !options.readOnly) mkdirSync(dirname(file), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      access_mode: options.readOnly ? 'READ_ONLY' : 'READ_WRITE',
    });
  } catch (error) {
    throw new KtError('unavailable', `Cannot open the kt store ${file}: ${messageOf(error)}`, { db: file });
  }
  const connection = await connect(instance);
  const allowed = (options.allowedDirectories ?? []).map((d) => resolve(d) + '/');
  if (allowed.length > 0) {
    await connection.run(`SET allowed_directories = ${sqlStringList(allowed)}`);
  }
  await connection.run(`SET memory_limit = '${limit}'`);
  await connection.run('SET enable_external_access = false');
  const store = makeStore(file, instance, connection);
  if (!options.readOnly) await migrate(store);
  return store;
}

export function executor(connection: DuckDBConnection): Executor {
  const self: Executor = {
    connection,
    async all<T>(sql: string, params?: SqlParams): Promise<T[]> {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS().map((row) => plainValue(row)) as T[];
    },
    async one<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
      const rows = await self.all<T>(sql, params);
      return rows[0];
    },
    async run(sql: string, params?: SqlParams): Promise<void> {
      await connection.run(sql, params);
    },
    async rowsChanged(sql: string, params?: SqlParams): Promise<number> {
      return Number((await connection.run(sql, params)).rowsChanged);
    },
  };
  return self;
}

function makeStore(path: string, instance: DuckDBInstance, connection: DuckDBConnection): Store {
  let writeQueue: Promise<unknown> = Promise.resolve();
  let writer: DuckDBConnection | undefined;
  const openConnections: DuckDBConnection[] = [connection];

  async function inTransaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    if (!writer) {
      writer = await connect(instance);
      openConnections.push(writer);
    }
    const tx = executor(writer);
    await tx.run('BEGIN TRANSACTION');
    try {
      const result = await fn(tx);
      await tx.run('COMMIT');
      return result;
    } catch (error) {
      await tx.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  const read = readPool(instance, connection, readConnections, openConnections);
  const writes = { count: 0 };
  const store: Store = {
    connection,
    all: (sql, params) => read((reader) => reader.all(sql, params)),
    one: (sql, params) => read((reader) => reader.one(sql, params)),
    run: (sql, params) => connection.run(sql, params).then(() => undefined).finally(() => (writes.count += 1)),
    rowsChanged: (sql, params) => connection.run(sql, params).then((r) => Number(r.rowsChanged)).finally(() => (writes.count += 1)),
    path,
    instance,
    transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      const result = writeQueue.then(() => inTransaction(fn)).finally(() => (writes.count += 1));
      writeQueue = result.catch(() => undefined);
      return result;
    },
    close(): void {
      for (const c of openConnections) c.closeSync();
      instance.closeSync();
    },
  };
  writeCounts.set(store, writes);
  return store;
}

const writeCounts = new WeakMap<Executor, { count: number }>();

/**
 * How many writes (transactions and run calls) this process has finished on the store:
 * an answer read while it held is still true while it holds (the file is this
 * process's alone while open read-write). Undefined for anything but an open Store.
 */
export function storeWriteCount(db: Executor): number | undefined {
  return writeCounts.get(db)?.count;
}

/**
 * Reads outside transactions (all/one) spread over a few connections: DuckDB runs one
 * query at a time per connection, so a server answering many readers at once would
 * otherwise queue them all behind each other on one. Both cores of a small box stay
 * busy with two or three; more only add memory. Each read takes the least busy
 * connection, opening another (up to the limit) only when every open one is busy.
 * Committed data is visible on every connection, so which one answers never matters.
 */
const readConnections = 3;

function readPool(instance: DuckDBInstance, first: DuckDBConnection, size: number, opened: DuckDBConnection[]) {
  interface Slot { reader: Promise<Executor>; busy: number; turn: Promise<unknown> }
  const slots: Slot[] = [{ reader: Promise.resolve(executor(first)), busy: 0, turn: Promise.resolve() }];
  function pick(): Slot {
    let best = slots[0]!;
    for (const slot of slots) if (slot.busy < best.busy) best = slot;
    if (best.busy > 0 && slots.length < size) {
      const reader = connect(instance).then((c) => {
        opened.push(c);
        return executor(c);
      });
      best = { reader, busy: 0, turn: Promise.resolve() };
      slots.push(best);
    }
    return best;
  }
  /** One read at a time per connection: DuckDB would queue them anyway, and busy counts stay true. */
  return function read<T>(fn: (reader: Executor) => Promise<T>): Promise<T> {
    const slot = pick();
    slot.busy += 1;
    const result = slot.turn.then(async () => fn(await slot.reader));
    slot.turn = result.catch(() => undefined).finally(() => {
      slot.busy -= 1;
    });
    return result;
  };
}

/** JSON-ready: bigint → number, Date → ISO string, recursively through lists and structs. */
export function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainValue(v);
    return out;
  }
  return value;
}

/**
 * DuckDB's own memory cap. Its default (80% of RAM) suits a dedicated database server;
 * kt shares the machine, so it takes a quarter of RAM unless KT_MEMORY_LIMIT (e.g. 2GB)
 * says otherwise. Above the cap, large ingests spill to the store's .tmp directory
 * instead of growing with the file (1M events: 2.6 GB peak uncapped, 1.3 GB at 1GB).
 */
function memoryLimit(): string {
  const configured = process.env.KT_MEMORY_LIMIT;
  if (configured === undefined || configured === '') return `${Math.max(1, Math.floor(totalmem() / 4 / 2 ** 20))}MiB`;
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(configured)) {
    throw new KtError('bad_input', `KT_MEMORY_LIMIT must be a size such as 2GB or 512MiB, not "${configured}"`, { env: 'KT_MEMORY_LIMIT' });
  }
  return configured;
}

/** Timestamps are shown and bucketed in UTC whatever the machine's zone. */
async function connect(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return connection;
}

/** A list literal of paths for SET statements, which take no bound parameters. */
function sqlStringList(values: string[]): string {
  return '[' + values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ') + ']';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Opens the store, runs fn, and always closes it (the CLI's unit of work). */
export async function withStore<T>(path: string, options: OpenOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(path, options);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
