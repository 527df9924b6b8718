// PostgreSQL's DDL: native enum types, BYTEA/UUID/JSONB, $n parameters, and CREATE/DROP INDEX CONCURRENTLY run
// outside the transaction. PGlite speaks the same SQL and reuses this compiler.

import { indexOf } from "../../operations/build.js";
import type {
  AddEnumValueOperation,
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
import type { Column, GeneratedColumn } from "../../schema/column.js";
import type { Index } from "../../schema/constraints.js";
import type { Table } from "../../schema/table.js";
import {
  type CompileContext,
  type CompiledStep,
  DdlCompiler,
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
  override identityClause(column: Column): string {
    const options = column.identity?.sequence && this.sequenceClauses(column.identity.sequence);
    return `${super.identityClause(column)}${options ? ` (${options.join(" ")})` : ""}`;
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
