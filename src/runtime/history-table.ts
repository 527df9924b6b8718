// The applied-history table: one row per revision run (up or down), per stamp and per accepted edit. Its SQL is
// written with the dialect's quoting and literals only, so online runs and `--sql` scripts execute the same text.
// Timestamps are ISO-8601 text (UTC): portable across the four databases and sortable as strings.

import type { Connection } from "../dialects/connection.js";
import type { DialectCore, VersionTableRef } from "../dialects/dialect.js";

export type HistoryDirection = "up" | "down" | "stamp" | "accept";
export type HistoryOutcome = "ok" | "failed" | "started";

/** One row of the history table, as read back. */
export interface HistoryRow {
  readonly runId: string;
  readonly seq: number;
  /** The revision run; for a stamp, the revisions stamped (comma-separated, "base" for none). */
  readonly revision: string;
  readonly direction: HistoryDirection;
  readonly startedAt: string;
  readonly finishedAt: string | undefined;
  readonly durationMs: number | undefined;
  /** SHA-256 of the revision file (line endings normalized) when it ran; undefined for stamps. */
  readonly checksum: string | undefined;
  readonly outcome: HistoryOutcome;
  readonly error: string | undefined;
  readonly failedStatement: string | undefined;
  /** Statements begun so far, where DDL cannot be rolled back (MySQL/MariaDB); undefined elsewhere. */
  readonly statements: readonly string[] | undefined;
  readonly retortVersion: string;
  readonly actor: string;
}

/** What the checksum comparison needs of a row: read alone at each upgrade, without the wide text columns. */
export type ChecksumRow = Pick<HistoryRow, "revision" | "direction" | "startedAt" | "checksum" | "outcome">;

/** The values of a new row; the rest of its columns stay NULL until it completes. */
export interface HistoryInsert {
  readonly runId: string;
  readonly seq: number;
  readonly revision: string;
  readonly direction: HistoryDirection;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
  readonly checksum: string | undefined;
  readonly outcome: HistoryOutcome;
  readonly error?: string;
  readonly failedStatement?: string;
  readonly retortVersion: string;
  readonly actor: string;
}

const COLUMNS = [
  ["run_id", "VARCHAR(36) NOT NULL"],
  ["seq", "INTEGER NOT NULL"],
  ["revision", "VARCHAR(255) NOT NULL"],
  ["direction", "VARCHAR(8) NOT NULL"],
  ["started_at", "VARCHAR(32) NOT NULL"],
  ["finished_at", "VARCHAR(32)"],
  ["duration_ms", "INTEGER"],
  ["checksum", "VARCHAR(64)"],
  ["outcome", "VARCHAR(8) NOT NULL"],
  ["error", "TEXT"],
  ["failed_statement", "TEXT"],
  ["statement_count", "INTEGER"],
  ["statements", "TEXT"],
  ["retort_version", "VARCHAR(32) NOT NULL"],
  ["actor", "VARCHAR(255) NOT NULL"],
] as const;

const INSERT_COLUMNS = [
  "run_id",
  "seq",
  "revision",
  "direction",
  "started_at",
  "finished_at",
  "duration_ms",
  "checksum",
  "outcome",
  "error",
  "failed_statement",
  "retort_version",
  "actor",
] as const;

/** Rows per history INSERT: 13 parameters each stays well inside every driver's parameter limit. */
export const ROWS_PER_INSERT = 500;

/** A new row's values in INSERT_COLUMNS order; NULL for what it leaves out. */
function insertValues(row: HistoryInsert): unknown[] {
  return [
    row.runId,
    row.seq,
    row.revision,
    row.direction,
    row.startedAt,
    row.finishedAt ?? null,
    row.durationMs === undefined ? null : Math.round(row.durationMs),
    row.checksum ?? null,
    row.outcome,
    row.error ?? null,
    row.failedStatement ?? null,
    row.retortVersion,
    row.actor,
  ];
}

/** A statement with bound parameters: online it is executed so (one prepared text for every row), offline inlined. */
export interface BoundSql {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export function executeBound(connection: Connection, statement: BoundSql | string): Promise<unknown> {
  return typeof statement === "string"
    ? connection.execute(statement)
    : connection.execute(statement.sql, statement.params);
}

/** Statements are kept one per entry in a JSON array, so that any text survives the round trip. */
const encodeStatements = (statements: readonly string[]): string => JSON.stringify(statements);

/** The history table's statements for one dialect and table. */
export class HistoryTable {
  readonly ref: VersionTableRef;
  private readonly quoted: string;
  private insertPrefix: string | undefined;
  private readonly insertTexts = new Map<number, string>();

  constructor(
    private readonly dialect: DialectCore,
    name: string,
    schema: string | undefined,
  ) {
    this.ref = { name, schema };
    this.quoted = dialect.sql.quoteQualified(name, schema);
  }

  private q(column: string): string {
    return this.dialect.sql.quoteIdentifier(column);
  }

  private v(value: unknown): string {
    return this.dialect.sql.literal(value);
  }

  /** IF NOT EXISTS: a `--sql` script cannot know whether the database already has the table. */
  createSql(): string {
    const lines = COLUMNS.map(([column, type]) => `    ${this.q(column)} ${type}`);
    const key = `    CONSTRAINT ${this.q(`${this.ref.name}_pkc`)} PRIMARY KEY (${this.q("run_id")}, ${this.q("seq")})`;
    return `CREATE TABLE IF NOT EXISTS ${this.quoted} (\n${[...lines, key].join(",\n")}\n)`;
  }

  insertSql(row: HistoryInsert): BoundSql {
    return this.insertManySql([row]);
  }

  /** One INSERT of several rows: a run that commits many steps at once writes their rows in one statement. */
  insertManySql(rows: readonly HistoryInsert[]): BoundSql {
    let sql = this.insertTexts.get(rows.length);
    if (sql === undefined) {
      const width = INSERT_COLUMNS.length;
      const tuples = rows.map(
        (_, row) =>
          `(${INSERT_COLUMNS.map((__, column) => this.dialect.sql.placeholder(row * width + column + 1)).join(", ")})`,
      );
      sql = `${this.insertHead()}${tuples.join(", ")}`;
      // A run inserts its rows in chunks of one size: the text of each size is built once.
      this.insertTexts.set(rows.length, sql);
    }
    return { sql, params: rows.flatMap(insertValues) };
  }

  /**
   * One INSERT of `rows` with their values written as literals, as offline scripts print it. A --sql run of
   * thousands of revisions prints a row for each, and its rows share most values (run id, time, version, actor,
   * NULLs): those are written once into a row template, and only the values that vary are quoted row by row.
   */
  insertText(rows: readonly HistoryInsert[]): string {
    const values = rows.map(insertValues);
    const first = values[0] ?? [];
    const varying: number[] = [];
    // The template's text between two varying values.
    const pieces: string[] = [];
    let piece = "(";
    for (let column = 0; column < first.length; column++) {
      const separator = column === 0 ? "" : ", ";
      if (values.some((row) => row[column] !== first[column])) {
        varying.push(column);
        pieces.push(piece + separator);
        piece = "";
      } else piece += separator + this.v(first[column]);
    }
    pieces.push(`${piece})`);
    const tuples = values.map((row) => {
      let tuple = pieces[0] as string;
      for (let index = 0; index < varying.length; index++) {
        tuple += this.v(row[varying[index] as number]) + pieces[index + 1];
      }
      return tuple;
    });
    return `${this.insertHead()}${tuples.join(",\n    ")}`;
  }

  private insertHead(): string {
    this.insertPrefix ??= `INSERT INTO ${this.quoted} (${INSERT_COLUMNS.map((column) => this.q(column)).join(", ")}) VALUES `;
    return this.insertPrefix;
  }

  private where(runId: string, seq: number): string {
    return `WHERE ${this.q("run_id")} = ${this.v(runId)} AND ${this.q("seq")} = ${this.v(seq)}`;
  }

  /** Records the statements a `started` row's revision has begun, before the newest one runs. */
  statementsSql(runId: string, seq: number, statements: readonly string[]): string {
    return `UPDATE ${this.quoted} SET ${this.q("statement_count")} = ${statements.length}, ${this.q(
      "statements",
    )} = ${this.v(encodeStatements(statements))} ${this.where(runId, seq)}`;
  }

  /** Completes a row: its outcome, when it finished, and on failure the error and statement. */
  completeSql(
    runId: string,
    seq: number,
    fields: {
      outcome: HistoryOutcome;
      finishedAt: string;
      /** Left as it is when undefined (a row resolved by hand keeps no duration). */
      durationMs?: number;
      error?: string;
      failedStatement?: string;
    },
  ): string {
    const sets: [string, unknown][] = [
      ["outcome", fields.outcome],
      ["finished_at", fields.finishedAt],
      ["error", fields.error],
      ["failed_statement", fields.failedStatement],
    ];
    if (fields.durationMs !== undefined) sets.push(["duration_ms", Math.round(fields.durationMs)]);
    return `UPDATE ${this.quoted} SET ${sets
      .map(([column, value]) => `${this.q(column)} = ${this.v(value)}`)
      .join(", ")} ${this.where(runId, seq)}`;
  }

  private selectSql(
    condition: string,
    columns: readonly string[] = COLUMNS.map(([column]) => column),
  ): string {
    return `SELECT ${columns.map((column) => this.q(column)).join(", ")} FROM ${this.quoted}${condition} ORDER BY ${this.q("started_at")} DESC, ${this.q(
      "run_id",
    )} DESC, ${this.q("seq")} DESC`;
  }

  /** Every row, newest first; optionally of one revision. */
  async read(connection: Connection, revision?: string): Promise<HistoryRow[]> {
    const condition = revision === undefined ? "" : ` WHERE ${this.q("revision")} = ${this.v(revision)}`;
    return (await connection.query<Record<string, unknown>>(this.selectSql(condition))).map(toRow);
  }

  /**
   * Every row's revision, direction, start, checksum and outcome, newest first. An upgrade reads this much of
   * the whole history each time; the error, statement and actor columns are read only for rows that need them.
   */
  async checksumRows(connection: Connection): Promise<ChecksumRow[]> {
    const columns = ["revision", "direction", "started_at", "checksum", "outcome"];
    const rows = await connection.query<Record<string, unknown>>(this.selectSql("", columns));
    return rows.map((raw) => ({
      revision: String(raw.revision),
      direction: String(raw.direction) as HistoryDirection,
      startedAt: String(raw.started_at),
      checksum: text(raw.checksum),
      outcome: String(raw.outcome) as HistoryOutcome,
    }));
  }

  /** Rows a run began and never completed (it was killed or lost its connection mid-revision). */
  async unfinished(connection: Connection): Promise<HistoryRow[]> {
    const condition = ` WHERE ${this.q("outcome")} = ${this.v("started")}`;
    return (await connection.query<Record<string, unknown>>(this.selectSql(condition))).map(toRow);
  }

  /** How many statements a row records as begun, read back after a failure. */
  async statementCount(connection: Connection, runId: string, seq: number): Promise<number> {
    const rows = await connection.query<Record<string, unknown>>(
      `SELECT ${this.q("statement_count")} AS n FROM ${this.quoted} ${this.where(runId, seq)}`,
    );
    return Number(rows[0]?.n ?? rows[0]?.N ?? 0);
  }

  /** Whether the table exists; asks the same catalog as the version table. */
  exists(connection: Connection): Promise<boolean> {
    return this.dialect.versionTable.exists(connection, this.ref);
  }
}

const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value);

function toRow(raw: Record<string, unknown>): HistoryRow {
  const count = raw.statement_count;
  const statements = text(raw.statements);
  const duration = raw.duration_ms;
  return {
    runId: String(raw.run_id),
    seq: Number(raw.seq),
    revision: String(raw.revision),
    direction: String(raw.direction) as HistoryDirection,
    startedAt: String(raw.started_at),
    finishedAt: text(raw.finished_at),
    durationMs: duration === null || duration === undefined ? undefined : Number(duration),
    checksum: text(raw.checksum),
    outcome: String(raw.outcome) as HistoryOutcome,
    error: text(raw.error),
    failedStatement: text(raw.failed_statement),
    statements:
      statements === undefined
        ? count === null || count === undefined
          ? undefined
          : []
        : (JSON.parse(statements) as string[]),
    retortVersion: String(raw.retort_version),
    actor: String(raw.actor),
  };
}
