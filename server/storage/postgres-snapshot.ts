import pg from 'pg';
import { SeglError } from '../lib/errors.js';
import { connectOrUnavailable } from './database-unavailable.js';

/** Every value as PostgreSQL's own text form: a dump and its restore round-trip each type exactly. */
const textTypes = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

const BATCH_ROWS = 500;
const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface TableDump {
  table: string;
  columns: string[];
  /** Batches of rows, each value in text form or null. */
  rows: AsyncIterable<(string | null)[][]>;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types: textTypes });
  await connectOrUnavailable({ action: 'connect to PostgreSQL', connect: () => client.connect() });
  return client;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Runs `work` in one transaction on its own connection: committed when it returns, rolled back when it throws. */
async function inTransaction<T>(url: string, begin: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function tablesOf(client: pg.Client): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    'SELECT table_name AS name FROM information_schema.tables ' +
      "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  return result.rows.map((row) => row.name);
}

/**
 * A consistent snapshot of every table in the current schema: one REPEATABLE READ, READ ONLY transaction (all
 * tables as of one moment, writers never blocked), read through server-side cursors in batches. `visit` gets each
 * table in turn; `select` runs extra queries in the same snapshot (to list the blobs it refers to).
 */
export async function snapshotPostgresDatabase(options: {
  url: string;
  visit(dump: TableDump): Promise<void>;
  select?(query: <T extends object>(sql: string) => Promise<T[]>): Promise<void>;
}): Promise<void> {
  await inTransaction(options.url, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
    for (const table of await tablesOf(client)) {
      if (!TABLE_NAME.test(table))
        throw new SeglError({ code: 'backup_failed', message: `unexpected table name ${table}` });
      const columnResult = await client.query<{ name: string }>(
        'SELECT column_name AS name FROM information_schema.columns ' +
          'WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position',
        [table],
      );
      const columns = columnResult.rows.map((row) => row.name);
      await client.query(
        `DECLARE segl_backup_cursor NO SCROLL CURSOR FOR SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`,
      );
      async function* rows(): AsyncIterable<(string | null)[][]> {
        for (;;) {
          const batch = await client.query({ text: `FETCH ${BATCH_ROWS} FROM segl_backup_cursor`, rowMode: 'array' });
          if (!batch.rows.length) return;
          yield batch.rows as (string | null)[][];
        }
      }
      await options.visit({ table, columns, rows: rows() });
      await client.query('CLOSE segl_backup_cursor');
    }
    await options.select?.(async <T extends object>(sql: string) => (await client.query(sql)).rows as T[]);
  });
}

/** True when the current schema of the database holds no table (a fresh database to restore into). */
export async function isPostgresDatabaseEmpty(url: string): Promise<boolean> {
  const client = await connect(url);
  try {
    return (await tablesOf(client)).length === 0;
  } finally {
    await client.end();
  }
}

/** A dumped table to load: its rows are read once, in order, when its turn comes. */
export interface TableSource {
  table: string;
  columns: string[];
  rows(): AsyncIterable<(string | null)[]>;
}

/**
 * Loads dumped tables into a database whose schema the migrations just created, in one transaction: tables in
 * foreign-key order, rows of a self-referencing table parents first. Each table is emptied first (the migrations
 * may have seeded rows, such as their own bookkeeping, which the backup's rows replace).
 */
export async function loadPostgresTables(options: { url: string; tables: TableSource[] }): Promise<void> {
  await inTransaction(options.url, 'BEGIN', async (client) => {
    const existing = new Set(await tablesOf(client));
    const unknown = options.tables.filter((t) => !existing.has(t.table)).map((t) => t.table);
    if (unknown.length)
      throw new SeglError({
        code: 'backup_schema_mismatch',
        message: `the backup has tables this schema lacks: ${unknown.join(', ')}`,
      });
    const references = await client.query<{ child: string; parent: string; column: string; parentColumn: string }>(`
      SELECT c.relname AS child, p.relname AS parent, a.attname AS column, pa.attname AS "parentColumn"
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
      JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
      WHERE k.contype = 'f' AND n.nspname = current_schema()`);
    const ordered = orderByReferences(options.tables, references.rows);
    for (const table of [...ordered].reverse()) await client.query(`DELETE FROM ${quote(table.table)}`);
    for (const table of ordered) {
      const insert = (batch: (string | null)[][]) => {
        const width = table.columns.length;
        const values = batch
          .map((_, r) => `(${table.columns.map((__, c) => `$${r * width + c + 1}`).join(', ')})`)
          .join(', ');
        const columns = table.columns.map(quote).join(', ');
        return client.query(`INSERT INTO ${quote(table.table)} (${columns}) VALUES ${values}`, batch.flat());
      };
      const selfReference = references.rows.find((r) => r.child === table.table && r.parent === table.table);
      if (selfReference) {
        // only a self-referencing table (a folder tree) is held in memory, to order parents before children
        const all: (string | null)[][] = [];
        for await (const row of table.rows()) all.push(row);
        const rows = parentsFirst(
          { columns: table.columns, rows: all },
          selfReference.column,
          selfReference.parentColumn,
        );
        for (let i = 0; i < rows.length; i += BATCH_ROWS) await insert(rows.slice(i, i + BATCH_ROWS));
        continue;
      }
      let batch: (string | null)[][] = [];
      for await (const row of table.rows()) {
        batch.push(row);
        if (batch.length === BATCH_ROWS) {
          await insert(batch);
          batch = [];
        }
      }
      if (batch.length) await insert(batch);
    }
  });
}

function orderByReferences<T extends { table: string }>(
  tables: T[],
  references: { child: string; parent: string }[],
): T[] {
  const byName = new Map(tables.map((t) => [t.table, t]));
  const done = new Set<string>();
  const ordered: T[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name) || path.has(name) || !byName.has(name)) return;
    path.add(name);
    for (const r of references) if (r.child === name && r.parent !== name) visit(r.parent, path);
    path.delete(name);
    done.add(name);
    ordered.push(byName.get(name)!);
  };
  for (const t of tables) visit(t.table, new Set());
  return ordered;
}

function parentsFirst(
  table: { columns: string[]; rows: (string | null)[][] },
  column: string,
  parentColumn: string,
): (string | null)[][] {
  const own = table.columns.indexOf(parentColumn);
  const parent = table.columns.indexOf(column);
  const placed = new Set<string | null>([null]);
  const ordered: (string | null)[][] = [];
  let pending = table.rows;
  while (pending.length) {
    const next: (string | null)[][] = [];
    for (const row of pending) {
      if (placed.has(row[parent] ?? null)) {
        ordered.push(row);
        placed.add(row[own] ?? null);
      } else next.push(row);
    }
    if (next.length === pending.length) {
      ordered.push(...next); // a dangling parent: the database refuses it with its own clear error
      break;
    }
    pending = next;
  }
  return ordered;
}
