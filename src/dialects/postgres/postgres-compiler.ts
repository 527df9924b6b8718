// PostgreSQL's DDL: native enum types, BYTEA/UUID/JSONB, $n parameters, and CREATE/DROP INDEX CONCURRENTLY run
// outside the transaction. PGlite speaks the same SQL and reuses this compiler.

import { indexOf } from "../../operations/build.js";
import type {
  AddEnumValueOperation,
  AlterColumnOperation,
  AlterDomainOperation,
  AlterSequenceOperation,
  AttachPartitionOperation,
  CreateDomainOperation,
  CreateEnumOperation,
  CreateIndexOperation,
  CreateSequenceOperation,
  CreateTableOperation,
  DetachPartitionOperation,
  DropDomainOperation,
  DropEnumOperation,
  DropIndexOperation,
  DropSequenceOperation,
  SequenceChanges,
} from "../../operations/operation.js";
import type { ColumnIdentity, GeneratedColumn } from "../../schema/column.js";
import type { Index } from "../../schema/constraints.js";
import type { SequenceOptions } from "../../schema/sequence.js";
import type { Table } from "../../schema/table.js";
import type { Connection } from "../connection.js";
import {
  type CompileContext,
  type CompiledStatement,
  type CompiledStep,
  DdlCompiler,
  MissingSchemaInformationError,
  type OutsideTransactionStep,
  statement,
  UnsupportedOperationError,
} from "../ddl-compiler.js";

function outside(reason: string, sqlText: string): OutsideTransactionStep {
  return {
    outsideTransaction: reason,
    setup: [],
    statements: [statement(sqlText)],
    teardown: [],
    transactional: false,
  };
}

/** The identity options ALTER COLUMN … SET can change; `as` follows the column's type. */
const IDENTITY_OPTION_KEYS = ["increment", "minValue", "maxValue", "start", "cache", "cycle"] as const;

type IdentityOptionKey = (typeof IDENTITY_OPTION_KEYS)[number];

/**
 * Each identity option as the sequence will hold it, with the defaults PostgreSQL fills in for those left out; null
 * stands for the bound of the column's type, which only the server knows.
 */
function effectiveOptions(options: SequenceOptions): Record<IdentityOptionKey, string | null> {
  const increment = BigInt(options.increment ?? 1);
  const ascending = increment > 0n;
  const minValue = options.minValue ?? (ascending ? 1 : null);
  const maxValue = options.maxValue ?? (ascending ? null : -1);
  const text = (value: number | bigint | null) => (value === null ? null : String(value));
  return {
    increment: String(increment),
    minValue: text(minValue),
    maxValue: text(maxValue),
    start: text(options.start ?? (ascending ? minValue : maxValue)),
    cache: String(options.cache ?? 1),
    cycle: String(options.cycle ?? false),
  };
}

interface CatalogIdentity {
  identity: string;
  start: string | null;
  increment: string | null;
  min: string | null;
  max: string | null;
  cache: string | null;
  cycle: boolean | null;
}

export class PostgresCompiler extends DdlCompiler {
  /** PostgreSQL (before 18) computes generated columns on write only. */
  override generatedClause(generated: GeneratedColumn): string {
    if (!generated.stored) {
      throw new UnsupportedOperationError(
        "PostgreSQL stores every generated column: VIRTUAL is not available",
        {
          hint: "write .generatedAlwaysAs(expression, { stored: true })",
        },
      );
    }
    return super.generatedClause(generated);
  }

  override partitionByClause(table: Table): string {
    return table.partitionBy === undefined ? "" : `\nPARTITION BY ${table.partitionBy.trim()}`;
  }

  /**
   * A partition lists all its parent's columns or none. One with none is made PARTITION OF its parent and takes its
   * columns, defaults and NOT NULL from it. One that lists them is created as a table of its own and then attached,
   * as pg_dump writes it: its columns are its own (their order, defaults and, on PostgreSQL 18, the names of their
   * NOT NULL constraints), which PARTITION OF would take from the parent instead.
   */
  override createTableSql(table: Table, name: string = table.name): string {
    const parent = table.partitionOf;
    if (parent === undefined || table.columns.length > 0) return super.createTableSql(table, name);
    const elements = this.tableElements(table);
    const list = elements.length === 0 ? "" : ` (\n    ${elements.join(",\n    ")}\n)`;
    return `CREATE TABLE ${this.sql.quoteQualified(name, table.schema)} PARTITION OF ${this.sql.quoteQualified(
      parent.table,
      parent.schema,
    )}${list} ${parent.bound.trim()}${this.partitionByClause(table)}`;
  }

  /** A partition created as a table of its own is attached to its parent before its comments and indexes. */
  override createTable(op: CreateTableOperation): CompiledStep[] {
    const steps = super.createTable(op);
    const table = op.definition;
    const parent = table.partitionOf;
    if (parent === undefined || table.columns.length === 0) return steps;
    const attach = this.partition({
      kind: "attachPartition",
      table: parent.table,
      schema: parent.schema,
      partition: table.name,
      partitionSchema: table.schema,
      bound: parent.bound,
    });
    return [...steps.slice(0, 1), ...attach, ...steps.slice(1)];
  }

  override partition(op: AttachPartitionOperation | DetachPartitionOperation): CompiledStep[] {
    const partition = this.sql.quoteQualified(op.partition, op.partitionSchema);
    return [
      statement(
        op.kind === "attachPartition"
          ? `ALTER TABLE ${this.tableName(op)} ATTACH PARTITION ${partition} ${op.bound.trim()}`
          : `ALTER TABLE ${this.tableName(op)} DETACH PARTITION ${partition}`,
      ),
    ];
  }

  /** Native enums carry their own values; no CHECK is needed. */
  override enumCheck(): undefined {
    return undefined;
  }

  /** FULLTEXT and SPATIAL are MySQL's words; PostgreSQL builds those indexes with its own access methods. */
  override indexMethodClause(index: Index): string {
    const method = index.method?.toLowerCase();
    if (method === "fulltext" || method === "spatial") {
      throw new UnsupportedOperationError(
        `PostgreSQL has no ${method.toUpperCase()} indexes (index ${index.name})`,
        {
          hint:
            method === "fulltext"
              ? "use method \"gin\" on an expression such as to_tsvector('english', column)"
              : 'use method "gist" on a geometric or PostGIS column',
        },
      );
    }
    return super.indexMethodClause(index);
  }

  override createIndex(op: CreateIndexOperation): CompiledStep[] {
    if (!op.concurrently) return super.createIndex(op);
    const sqlText = this.createIndexSql(op, indexOf(op), { concurrently: true, ifNotExists: op.ifNotExists });
    return [outside("CREATE INDEX CONCURRENTLY cannot run inside a transaction", sqlText)];
  }

  override dropIndex(op: DropIndexOperation): CompiledStep[] {
    if (!op.concurrently) return super.dropIndex(op);
    const name = this.sql.quoteQualified(op.name, op.schema);
    return [
      outside(
        "DROP INDEX CONCURRENTLY cannot run inside a transaction",
        `DROP INDEX CONCURRENTLY ${op.ifExists ? "IF EXISTS " : ""}${name}`,
      ),
    ];
  }

  /** An identity column's sequence options follow its GENERATED … AS IDENTITY in parentheses. */
  override identityClause(identity: ColumnIdentity): string {
    const options = identity.sequence && this.sequenceClauses(identity.sequence);
    return `${super.identityClause(identity)}${options && options.length > 0 ? ` (${options.join(" ")})` : ""}`;
  }

  /** An identity change needs the identity the column has; online it is read when the operation does not say. */
  override async alterColumn(op: AlterColumnOperation, context: CompileContext): Promise<CompiledStep[]> {
    if (!op.identity || op.existingIdentity !== undefined) return super.alterColumn(op, context);
    if (!context.connection) {
      throw new MissingSchemaInformationError(
        `changing the identity of ${op.table}.${op.column} offline needs the identity it has now`,
        { hint: "pass existingIdentity to op.alterColumn (null when the column has none)" },
      );
    }
    const existingIdentity = await this.readIdentity(context.connection, op);
    return super.alterColumn({ ...op, existingIdentity }, context);
  }

  /**
   * ADD GENERATED … AS IDENTITY where the column has none, DROP IDENTITY to remove it, and otherwise one ALTER
   * COLUMN with a SET for the kind and for each option whose value changes. SET START changes the value RESTART
   * goes back to, not the next value.
   */
  override identityChange(op: AlterColumnOperation): CompiledStatement[] {
    const prefix = `ALTER TABLE ${this.tableName(op)} ALTER COLUMN ${this.id(op.column)}`;
    const wanted = op.identity;
    const existing = op.existingIdentity;
    if (wanted === undefined) return [];
    if (wanted === null) return [statement(`${prefix} DROP IDENTITY IF EXISTS`)];
    if (existing === null || existing === undefined)
      return [statement(`${prefix} ADD ${this.identityClause(wanted)}`)];
    const clauses: string[] = [];
    if (existing.always !== wanted.always)
      clauses.push(`SET GENERATED ${wanted.always ? "ALWAYS" : "BY DEFAULT"}`);
    const from = effectiveOptions(existing.sequence ?? {});
    const to = effectiveOptions(wanted.sequence ?? {});
    const changes = Object.fromEntries(
      IDENTITY_OPTION_KEYS.filter((key) => from[key] !== to[key]).map((key) => [
        key,
        // START has no default to return to: state the value it takes.
        key === "start" ? BigInt(to.start!) : (wanted.sequence?.[key] ?? null),
      ]),
    );
    clauses.push(...this.sequenceClauses(changes).map((clause) => `SET ${clause}`));
    return clauses.length === 0 ? [] : [statement(`${prefix} ${clauses.join(" ")}`)];
  }

  /** The column's identity with every option the catalog holds (null: it has none). */
  private async readIdentity(
    connection: Connection,
    op: AlterColumnOperation,
  ): Promise<ColumnIdentity | null> {
    const rows = await connection.query<CatalogIdentity>(
      `SELECT a.attidentity AS identity, s.seqstart::text AS start, s.seqincrement::text AS increment,
              s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle
         FROM pg_attribute a
         LEFT JOIN pg_sequence s ON s.seqrelid = pg_get_serial_sequence($1::text, a.attname)::regclass
        WHERE a.attrelid = $1::text::regclass AND a.attname = $2 AND NOT a.attisdropped`,
      [this.tableName(op), op.column],
    );
    const row = rows[0];
    if (!row) throw new MissingSchemaInformationError(`column ${op.table}.${op.column} does not exist`);
    if (row.identity === "") return null;
    const value = (text: string | null) => (text === null ? undefined : BigInt(text));
    return {
      always: row.identity === "a",
      sequence: {
        start: value(row.start),
        increment: value(row.increment),
        minValue: value(row.min),
        maxValue: value(row.max),
        cache: value(row.cache),
        cycle: row.cycle ?? undefined,
      },
    };
  }

  /** CREATE/ALTER SEQUENCE's option clauses; null returns an option to its default (ALTER only). */
  sequenceClauses(options: SequenceChanges, schema?: string): string[] {
    const clauses: string[] = [];
    const value = (v: number | bigint) => String(v);
    if (options.as !== undefined) clauses.push(`AS ${options.as ?? "bigint"}`);
    if (options.increment !== undefined) clauses.push(`INCREMENT BY ${value(options.increment ?? 1)}`);
    if (options.minValue !== undefined)
      clauses.push(options.minValue === null ? "NO MINVALUE" : `MINVALUE ${value(options.minValue)}`);
    if (options.maxValue !== undefined)
      clauses.push(options.maxValue === null ? "NO MAXVALUE" : `MAXVALUE ${value(options.maxValue)}`);
    if (options.start !== undefined && options.start !== null)
      clauses.push(`START WITH ${value(options.start)}`);
    if (options.cache !== undefined) clauses.push(`CACHE ${value(options.cache ?? 1)}`);
    if (options.cycle !== undefined) clauses.push(options.cycle ? "CYCLE" : "NO CYCLE");
    if (options.ownedBy !== undefined) {
      clauses.push(
        options.ownedBy === null
          ? "OWNED BY NONE"
          : `OWNED BY ${this.sql.quoteQualified(options.ownedBy.table, schema)}.${this.id(options.ownedBy.column)}`,
      );
    }
    return clauses;
  }

  override sequence(
    op: CreateSequenceOperation | AlterSequenceOperation | DropSequenceOperation,
  ): CompiledStep[] {
    if (op.kind === "dropSequence") {
      const name = this.sql.quoteQualified(op.name, op.schema);
      return [statement(`DROP SEQUENCE ${op.ifExists ? "IF EXISTS " : ""}${name}`)];
    }
    if (op.kind === "alterSequence") {
      const clauses = this.sequenceClauses(op.changes, op.schema);
      return [
        statement(`ALTER SEQUENCE ${this.sql.quoteQualified(op.name, op.schema)} ${clauses.join(" ")}`),
      ];
    }
    const { sequence } = op;
    const clauses = this.sequenceClauses(sequence, sequence.schema);
    const name = this.sql.quoteQualified(sequence.name, sequence.schema);
    return [
      statement(
        `CREATE SEQUENCE ${op.ifNotExists ? "IF NOT EXISTS " : ""}${name}${clauses.length > 0 ? ` ${clauses.join(" ")}` : ""}`,
      ),
    ];
  }

  override domain(op: CreateDomainOperation | AlterDomainOperation | DropDomainOperation): CompiledStep[] {
    if (op.kind === "dropDomain") {
      const name = this.sql.quoteQualified(op.name, op.schema);
      return [statement(`DROP DOMAIN ${op.ifExists ? "IF EXISTS " : ""}${name}`)];
    }
    if (op.kind === "createDomain") {
      const d = op.domain;
      const parts = [
        `CREATE DOMAIN ${this.sql.quoteQualified(d.name, d.schema)} AS ${this.columnType(d.type)}`,
      ];
      if (d.collation !== undefined) parts.push(`COLLATE ${this.id(d.collation)}`);
      if (d.default !== undefined) parts.push(`DEFAULT ${this.defaultValue(d.default)}`);
      if (d.notNull) parts.push("NOT NULL");
      parts.push(...d.checks.map((c) => this.checkClause(c)));
      return [statement(parts.join(" "))];
    }
    const prefix = `ALTER DOMAIN ${this.sql.quoteQualified(op.name, op.schema)}`;
    const { changes } = op;
    const out = [
      ...(changes.dropChecks ?? []).map((name) => `${prefix} DROP CONSTRAINT ${this.id(name)}`),
      ...(changes.notNull === undefined ? [] : [`${prefix} ${changes.notNull ? "SET" : "DROP"} NOT NULL`]),
      ...(changes.default === undefined
        ? []
        : [
            changes.default === null
              ? `${prefix} DROP DEFAULT`
              : `${prefix} SET DEFAULT ${this.defaultValue(changes.default)}`,
          ]),
      ...(changes.addChecks ?? []).map((c) => `${prefix} ADD ${this.checkClause(c)}`),
    ];
    return out.map((text) => statement(text));
  }

  override createEnum(op: CreateEnumOperation): CompiledStep[] {
    const values = op.values.map((v) => this.literal(v)).join(", ");
    return [statement(`CREATE TYPE ${this.sql.quoteQualified(op.name, op.schema)} AS ENUM (${values})`)];
  }

  override dropEnum(op: DropEnumOperation): CompiledStep[] {
    return [
      statement(`DROP TYPE ${op.ifExists ? "IF EXISTS " : ""}${this.sql.quoteQualified(op.name, op.schema)}`),
    ];
  }

  /**
   * ALTER TYPE … ADD VALUE runs inside a transaction since PostgreSQL 12 (the new value becomes usable once the
   * transaction commits); older servers refuse it there, so online against them it runs outside.
   */
  override async addEnumValue(op: AddEnumValueOperation, context: CompileContext): Promise<CompiledStep[]> {
    const position =
      op.before !== undefined
        ? ` BEFORE ${this.literal(op.before)}`
        : op.after !== undefined
          ? ` AFTER ${this.literal(op.after)}`
          : "";
    const sqlText = `ALTER TYPE ${this.sql.quoteQualified(op.name, op.schema)} ADD VALUE ${
      op.ifNotExists ? "IF NOT EXISTS " : ""
    }${this.literal(op.value)}${position}`;
    if (context.connection && (await this.serverVersion(context)) < 120000) {
      return [
        outside("ALTER TYPE … ADD VALUE cannot run inside a transaction before PostgreSQL 12", sqlText),
      ];
    }
    return [statement(sqlText)];
  }

  private async serverVersion(context: CompileContext): Promise<number> {
    const rows = await context.connection!.query<{ server_version_num: string }>("SHOW server_version_num");
    return Number(rows[0]?.server_version_num ?? 0);
  }
}
