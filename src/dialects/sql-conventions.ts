// How a dialect writes SQL text: quoted identifiers, literals, bound-parameter placeholders, transaction
// statements and how a script reaches the driver. Each dialect folder builds its own with `sqlConventions`;
// everything Retort prints or executes goes through one of these.

import { splitTopLevel } from "./introspector.js";

export interface SqlConventions {
  /** A quoted identifier; every name Retort puts into SQL goes through this. */
  quoteIdentifier(name: string): string;
  /** `schema.name`, each part quoted; just the quoted name without a schema. */
  quoteQualified(name: string, schema?: string): string;
  /** A value written as an escaped SQL literal; every value printed into offline SQL goes through this. */
  literal(value: unknown): string;
  /** The n-th (1-based) bound parameter's placeholder. */
  placeholder(index: number): string;
  /** `sql` with its placeholders (outside string literals) replaced by `params` as literals: offline SQL. */
  inlineParams(sql: string, params: readonly unknown[] | undefined): string;
  /** The statement that opens a run's transaction (SQLite takes the write lock with it). */
  readonly beginSql: string;
  readonly commitSql: string;
  readonly rollbackSql: string;
  /** Whether the driver runs a script of several statements in one call. */
  readonly multiStatementScripts: boolean;
  /** Session settings an offline (`--sql`) script starts with, so that a client runs it as a live run would. */
  readonly scriptPreamble: readonly string[];
  /** A DDL script as the driver must receive it: whole where one call runs several statements, else split. */
  scriptStatements(script: string): string[];
}

export interface SqlConventionOptions {
  readonly identifierQuote: '"' | "`";
  /** Whether a backslash inside a string literal is an escape character (MySQL without NO_BACKSLASH_ESCAPES). */
  readonly backslashEscapes: boolean;
  readonly booleanLiteral: (value: boolean) => string;
  /** A byte string's literal from its hex digits. */
  readonly bytesLiteral: (hex: string) => string;
  /** `numbered`: $1, $2 … (PostgreSQL); `positional`: ? for each. */
  readonly placeholders: "numbered" | "positional";
  readonly beginSql?: string;
  /** Whether the driver runs a script of several statements in one call. */
  readonly multiStatementScripts: boolean;
  readonly scriptPreamble?: readonly string[];
}

/** Statements of a script, split at semicolons outside quotes, comments and parentheses. */
export function splitStatements(script: string): string[] {
  const withoutComments = script.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, (comment) =>
    comment.replace(/[^\n]/g, " "),
  );
  return splitTopLevel(withoutComments, ";").filter((s) => s.trim() !== "");
}

export function sqlConventions(options: SqlConventionOptions): SqlConventions {
  const q = options.identifierQuote;
  const quoteIdentifier = (name: string): string => {
    if (name.includes("\u0000"))
      throw new Error(`identifier ${JSON.stringify(name)} contains a NUL character`);
    return `${q}${name.includes(q) ? name.replaceAll(q, q + q) : name}${q}`;
  };
  const quoteString = (value: string): string => {
    if (value.includes("\u0000")) throw new Error("string literal contains a NUL character");
    // replaceAll costs far more than a search that finds nothing, and most literals (ids, checksums) hold no quote:
    // a --sql run of thousands of revisions writes several for each.
    const doubled = value.includes("'") ? value.replaceAll("'", "''") : value;
    if (!options.backslashEscapes || !doubled.includes("\\")) return `'${doubled}'`;
    return `'${doubled.replaceAll("\\", "\\\\")}'`;
  };
  const literal = (value: unknown): string => {
    if (value === null || value === undefined) return "NULL";
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
      return String(value);
    }
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "boolean") return options.booleanLiteral(value);
    if (typeof value === "string") return quoteString(value);
    if (value instanceof Date) return quoteString(value.toISOString());
    if (value instanceof Uint8Array) return options.bytesLiteral(Buffer.from(value).toString("hex"));
    return quoteString(JSON.stringify(value));
  };
  const numbered = options.placeholders === "numbered";
  return {
    quoteIdentifier,
    quoteQualified: (name, schema) =>
      schema === undefined ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`,
    literal,
    placeholder: (index) => (numbered ? `$${index}` : "?"),
    inlineParams(sql, params) {
      if (!params || params.length === 0) return sql;
      let out = "";
      let next = 0;
      let quote: string | undefined;
      for (let i = 0; i < sql.length; i++) {
        const char = sql[i]!;
        if (quote) {
          out += char;
          if (char === quote) quote = undefined;
          continue;
        }
        if (char === "'" || char === '"' || char === "`") {
          quote = char;
          out += char;
        } else if (numbered && char === "$" && /\d/.test(sql[i + 1] ?? "")) {
          const digits = /^\d+/.exec(sql.slice(i + 1))![0];
          out += literal(params[Number(digits) - 1]);
          i += digits.length;
        } else if (!numbered && char === "?") {
          out += literal(params[next++]);
        } else {
          out += char;
        }
      }
      return out;
    },
    beginSql: options.beginSql ?? "BEGIN",
    commitSql: "COMMIT",
    rollbackSql: "ROLLBACK",
    multiStatementScripts: options.multiStatementScripts,
    scriptPreamble: options.scriptPreamble ?? [],
    scriptStatements: (script) => (options.multiStatementScripts ? [script] : splitStatements(script)),
  };
}
