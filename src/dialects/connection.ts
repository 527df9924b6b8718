// What the runtime, the operations and reflection need from a live database, whichever dialect it is.

export type DialectName = "sqlite" | "postgres" | "pglite" | "mysql";

export interface ExecResult {
  /** Rows changed, where the driver reports it reliably; undefined otherwise. */
  readonly rowCount: number | undefined;
}

export interface Connection {
  readonly dialect: DialectName;
  /** Runs one statement (or, without params, a script of several) and discards any rows. */
  execute(sql: string, params?: readonly unknown[]): Promise<ExecResult>;
  /** Runs one statement and returns its rows as plain objects keyed by column name. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}
