// Compares the target schema with the reflected database and produces the operations that turn the database
// into the target, in an order the database accepts: enums, foreign-key and index drops, new tables (each after
// the tables it references), column and constraint changes, new foreign keys, then column, table and enum
// drops. What cannot be compared reliably becomes a warning, never a guessed operation.

import type { Dialect } from "../dialects/dialect.js";
import {
  PLAIN_INDEX_PART,
  qualifiedName,
  type ReflectedCheck,
  type ReflectedColumn,
  type ReflectedDomain,
  type ReflectedForeignKey,
  type ReflectedIndex,
  type ReflectedIndexPart,
  type ReflectedSchema,
  type ReflectedSequence,
  type ReflectedTable,
  type UnmanagedObject,
} from "../dialects/introspector.js";
import type { Normalizer } from "../dialects/normalizer.js";
import type {
  AlterColumnOperation,
  BatchOperation,
  ColumnChanges,
  CreateForeignKeyOperation,
  CreateIndexOperation,
  CreateUniqueConstraintOperation,
  DomainChanges,
  DropConstraintOperation,
  DropIndexOperation,
  Operation,
} from "../operations/operation.js";
import type { Column, ColumnIdentity } from "../schema/column.js";
import {
  type CheckConstraint,
  type ForeignKey,
  type Index,
  type IndexPart,
  indexColumnName,
  indexPart,
  type UniqueConstraint,
} from "../schema/constraints.js";
import type { Domain } from "../schema/domain.js";
import { SEQUENCE_OPTION_KEYS, type Sequence, type SequenceOwner } from "../schema/sequence.js";
import { sql } from "../schema/sql.js";
import type { Table } from "../schema/table.js";
import { type EnumType, modelFromReflected, type SchemaModel, sequenceOptionsOf } from "./schema-model.js";
import { truncateModelNames } from "./truncate-names.js";

/** A dropped object and an added one that may be the same object renamed. */
export interface RenameCandidate {
  readonly kind: "table" | "column";
  /** For a column: its table. */
  readonly table: string | undefined;
  readonly schema: string | undefined;
  readonly from: string;
  readonly to: string;
}

export interface CompareOptions {
  /** The database's dialect: its normalizer compares, its capabilities say what can differ. */
  readonly dialect: Dialect;
  /** Which tables and enums to compare (include/exclude patterns, version table). */
  readonly include: (schema: string | undefined, name: string) => boolean;
  /** Asked for each rename candidate (`--interactive`); without it candidates are written as drop + add. */
  readonly askRename?: (candidate: RenameCandidate) => Promise<boolean>;
}

export interface Comparison {
  /** The upgrade, in order. Empty when the database matches the target. */
  readonly operations: readonly Operation[];
  /** Comments to write above an operation (possible renames). */
  readonly notes: ReadonlyMap<Operation, string>;
  /** Differences noticed but not turned into operations, because they cannot be compared or altered reliably. */
  readonly warnings: readonly string[];
}

function keyOf(item: { readonly schema: string | undefined; readonly name: string }): string {
  return qualifiedName(item);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function fkSignature(
  columns: readonly string[],
  schema: string | undefined,
  table: string,
  referred: readonly string[],
): string {
  return [columns.join(","), schema ?? "", table, referred.join(",")].join("\u0000");
}

/** Alembic-style constraint names for objects the model leaves unnamed, so they can be dropped later. */
function defaultName(
  kind: "pk" | "uq" | "fk" | "ix" | "ck",
  table: string,
  columns: readonly string[],
  extra = "",
): string {
  return [kind, table, ...columns, extra]
    .filter((p) => p !== "")
    .join("_")
    .slice(0, 63);
}

function tableRef(table: { readonly name: string; readonly schema: string | undefined }) {
  return { table: table.name, schema: table.schema };
}

/** Sorts tables so that each comes after the tables it references; cycles are broken and reported. */
function referenceOrder(
  tables: readonly Table[],
  descending = false,
): { ordered: Table[]; deferred: Map<Table, ForeignKey[]> } {
  const byKey = new Map(tables.map((t) => [keyOf(t), t]));
  const ordered: Table[] = [];
  const state = new Map<Table, "visiting" | "done">();
  const deferred = new Map<Table, ForeignKey[]>();
  const visit = (t: Table) => {
    state.set(t, "visiting");
    // A partition comes after its parent, which it cannot be created or outlive without.
    const parent =
      t.partitionOf && byKey.get(keyOf({ schema: t.partitionOf.schema, name: t.partitionOf.table }));
    if (parent && parent !== t && !state.has(parent)) visit(parent);
    for (const fk of t.foreignKeys) {
      const target = byKey.get(keyOf({ schema: fk.referencedSchema, name: fk.referencedTable }));
      if (!target || target === t) continue;
      const seen = state.get(target);
      if (seen === "visiting") deferred.set(t, [...(deferred.get(t) ?? []), fk]);
      else if (seen === undefined) visit(target);
    }
    state.set(t, "done");
    ordered.push(t);
  };
  const sorted = [...tables].sort((a, b) => keyOf(a).localeCompare(keyOf(b)) * (descending ? -1 : 1));
  for (const t of sorted) if (!state.has(t)) visit(t);
  return { ordered, deferred };
}

interface TablePair {
  readonly model: Table;
  readonly reflected: ReflectedTable;
  readonly existing: Table;
  /** The name the database has now, when the pair is a rename being applied. */
  readonly renamedFrom: string | undefined;
}

/** The phases of the upgrade; each holds operations in the order they are found. */
interface Phases {
  enums: Operation[];
  dropForeignKeys: Operation[];
  dropOthers: Operation[];
  renameTables: Operation[];
  createTables: Operation[];
  columns: Operation[];
  createOthers: Operation[];
  createForeignKeys: Operation[];
  dropColumns: Operation[];
  dropTables: Operation[];
  dropEnums: Operation[];
}

export async function compareSchemas(
  wantedModel: SchemaModel,
  database: ReflectedSchema,
  options: CompareOptions,
): Promise<Comparison> {
  const { dialect } = options;
  const notes = new Map<Operation, string>();
  const { model: target, warnings } = truncateModelNames(wantedModel, dialect);
  const phases: Phases = {
    enums: [],
    dropForeignKeys: [],
    dropOthers: [],
    renameTables: [],
    createTables: [],
    columns: [],
    createOthers: [],
    createForeignKeys: [],
    dropColumns: [],
    dropTables: [],
    dropEnums: [],
  };
  // Where ALTER TABLE cannot change a table in place (SQLite), every change to an existing table goes into one
  // batch (move-and-copy where needed).
  const batches = new Map<string, { table: Table; operations: BatchOperation[] }>();
  const perTable = (existing: Table, phase: keyof Phases, operation: BatchOperation) => {
    if (
      dialect.capabilities.alterTableInPlace ||
      operation.kind === "createIndex" ||
      operation.kind === "dropIndex"
    ) {
      phases[phase].push(operation);
      return;
    }
    const batch = batches.get(keyOf(existing)) ?? { table: existing, operations: [] };
    batch.operations.push(operation);
    batches.set(keyOf(existing), batch);
  };

  const included = <T extends { readonly schema: string | undefined; readonly name: string }>(
    items: readonly T[],
  ) => items.filter((item) => options.include(item.schema, item.name));
  const modelTables = included(target.tables);
  const reflectedTables = included(database.tables);
  const existingModel = modelFromReflected({ ...database, tables: reflectedTables });
  const existingTables = new Map(existingModel.tables.map((t) => [keyOf(t), t]));
  const existingByKey = new Map(
    existingModel.tables.map((t) => [keyOf(t), withParentColumns(t, existingTables)]),
  );
  const reflectedByKey = new Map(reflectedTables.map((t) => [keyOf(t), t]));
  const modelByKey = new Map(modelTables.map((t) => [keyOf(t), t]));

  if (dialect.capabilities.schemas) {
    // Schemas the target uses that the database lacks; never dropped (other objects may live there).
    const wantedSchemas = new Set(
      [...target.tables, ...target.enums, ...(target.sequences ?? []), ...(target.domains ?? [])]
        .map((t) => t.schema)
        .filter((s) => s !== undefined),
    );
    for (const name of [...wantedSchemas].sort()) {
      if (!database.schemas.includes(name))
        phases.enums.push({ kind: "createSchema", name, ifNotExists: false });
    }
  }
  if (dialect.capabilities.nativeEnums)
    compareEnums(included(target.enums), included(database.enums), phases, warnings);
  // Domains are created after the enums (a domain may be over one) and before the tables that use them.
  const domainDrops: Operation[] = [];
  if (database.domains !== undefined) {
    compareDomains(included(target.domains ?? []), included(database.domains), {
      dialect,
      phases,
      drops: domainDrops,
      warnings,
    });
  }
  warnings.push(...unmanagedWarnings(target.unmanaged ?? [], database.unmanaged ?? [], options));

  const added = modelTables.filter((t) => !reflectedByKey.has(keyOf(t)));
  const removed = reflectedTables.filter((t) => !modelByKey.has(keyOf(t)));
  const pairs: TablePair[] = modelTables
    .filter((t) => reflectedByKey.has(keyOf(t)))
    .map((t) => ({
      model: withParentColumns(t, modelByKey),
      reflected: reflectedByKey.get(keyOf(t))!,
      existing: existingByKey.get(keyOf(t))!,
      renamedFrom: undefined,
    }));

  // Table renames: a dropped and an added table in the same schema with the same column names.
  const renameNotes: [Table, ReflectedTable][] = [];
  for (const newTable of [...added]) {
    const columnsOf = (names: readonly { name: string }[]) =>
      names
        .map((c) => c.name)
        .sort()
        .join(",");
    const old = removed.find(
      (r) => r.schema === newTable.schema && columnsOf(r.columns) === columnsOf(newTable.columns),
    );
    if (!old) continue;
    const candidate: RenameCandidate = {
      kind: "table",
      table: undefined,
      schema: newTable.schema,
      from: old.name,
      to: newTable.name,
    };
    if (options.askRename && (await options.askRename(candidate))) {
      added.splice(added.indexOf(newTable), 1);
      removed.splice(removed.indexOf(old), 1);
      const operation: Operation = { kind: "renameTable", ...tableRef(old), newName: newTable.name };
      phases.renameTables.push(operation);
      const existing = existingByKey.get(keyOf(old))!;
      pairs.push({
        model: newTable,
        reflected: { ...old, name: newTable.name },
        existing: { ...existing, name: newTable.name },
        renamedFrom: old.name,
      });
    } else {
      renameNotes.push([newTable, old]);
    }
  }

  const { ordered, deferred } = referenceOrder(added);
  for (const t of ordered) {
    // A foreign key of a reference cycle is added after both tables, where a table cannot name one to come.
    const laterKeys = dialect.capabilities.forwardForeignKeys ? [] : (deferred.get(t) ?? []);
    const definition: Table =
      laterKeys.length > 0 ? { ...t, foreignKeys: t.foreignKeys.filter((fk) => !laterKeys.includes(fk)) } : t;
    const operation: Operation = { kind: "createTable", definition };
    phases.createTables.push(operation);
    const old = renameNotes.find(([n]) => n === t)?.[1];
    if (old) {
      notes.set(
        operation,
        `possible rename of table ${qualifiedName(old)} to ${qualifiedName(t)}: written as drop + create, which loses its rows`,
      );
    }
    for (const fk of laterKeys) phases.createForeignKeys.push(createForeignKey(t, fk));
  }

  const pairByKey = new Map(pairs.map((p) => [keyOf(p.model), p]));
  for (const pair of [...pairs].sort((a, b) => keyOf(a.model).localeCompare(keyOf(b.model)))) {
    comparePartitioning(pair, phases, warnings);
    await compareTable(pair, options, phases, perTable, notes, warnings, parentPair(pair, pairByKey));
    compareTableOptionPartitioning(pair, phases, dialect.normalizer, warnings);
  }

  const removedModels = removed.map((r) => existingByKey.get(keyOf(r))!);
  for (const t of referenceOrder(removedModels, true).ordered.reverse()) {
    const operation: Operation = { kind: "dropTable", ...tableRef(t), ifExists: false, existing: t };
    phases.dropTables.push(operation);
    const newer = renameNotes.find(([, old]) => old.name === t.name && old.schema === t.schema)?.[0];
    if (newer) {
      notes.set(
        operation,
        `possible rename of table ${qualifiedName(t)} to ${qualifiedName(newer)}: this drop loses its rows; use op.renameTable if it is one`,
      );
    }
  }

  // Dropped after the tables that used them, before the enums they may be over.
  phases.dropEnums.push(...domainDrops);
  if (dialect.capabilities.nativeEnums)
    dropUnusedEnums(included(target.enums), included(database.enums), phases);
  if (database.sequences !== undefined) {
    compareSequences(included(target.sequences ?? []), included(database.sequences), {
      dialect,
      modelTables,
      phases,
    });
  }

  const batchOperations: Operation[] = [...batches.values()].map(({ table, operations }) => ({
    kind: "batchAlterTable",
    ...tableRef(table),
    operations,
    recreate: "auto",
    copyFrom: table,
  }));

  const operations: Operation[] = [
    ...phases.enums,
    ...phases.dropForeignKeys,
    ...phases.dropOthers,
    ...phases.renameTables,
    ...phases.createTables,
    ...batchOperations,
    ...phases.columns,
    ...phases.createOthers,
    ...phases.createForeignKeys,
    ...phases.dropColumns,
    ...phases.dropTables,
    ...phases.dropEnums,
  ];
  return { operations, notes, warnings };
}

function compareEnums(
  model: readonly EnumType[],
  reflected: readonly EnumType[],
  phases: Phases,
  warnings: string[],
) {
  const existing = new Map(reflected.map((e) => [keyOf(e), e]));
  for (const wanted of model) {
    const found = existing.get(keyOf(wanted));
    if (!found) {
      phases.enums.push({
        kind: "createEnum",
        name: wanted.name,
        schema: wanted.schema,
        values: wanted.values,
      });
      continue;
    }
    if (sameList(found.values, wanted.values)) continue;
    const kept = wanted.values.filter((v) => found.values.includes(v));
    if (found.values.every((v) => wanted.values.includes(v)) && sameList(kept, found.values)) {
      // Only new values: each is added where the model puts it.
      for (const value of wanted.values) {
        if (found.values.includes(value)) continue;
        // Added in model order, so the value before it already exists by the time this one is added.
        const index = wanted.values.indexOf(value);
        phases.enums.push({
          kind: "addEnumValue",
          name: wanted.name,
          schema: wanted.schema,
          value,
          before: index === 0 ? wanted.values[1] : undefined,
          after: index === 0 ? undefined : wanted.values[index - 1],
          ifNotExists: false,
        });
      }
      continue;
    }
    warnings.push(
      `enum ${qualifiedName(wanted)}: values changed from (${found.values.join(", ")}) to (${wanted.values.join(
        ", ",
      )}); enum values cannot be removed or reordered in place, write this change by hand`,
    );
  }
}

/**
 * Sequences of their own, matched by name. A new one is created first (a column default may use it) and given its
 * owner once the owner's table exists; a changed one is altered; one no longer in the model is dropped last,
 * unless it goes with the table or column that owns it.
 */
function compareSequences(
  model: readonly Sequence[],
  reflected: readonly ReflectedSequence[],
  context: { dialect: Dialect; modelTables: readonly Table[]; phases: Phases },
) {
  const { dialect, modelTables, phases } = context;
  const { normalizer } = dialect;
  const existing = new Map(reflected.map((r) => [keyOf(r), r]));
  const sameOwner = (a: SequenceOwner | undefined, b: SequenceOwner | undefined) =>
    a?.table === b?.table && a?.column === b?.column;
  for (const wanted of model) {
    const ref = { name: wanted.name, schema: wanted.schema };
    const found = existing.get(keyOf(wanted));
    existing.delete(keyOf(wanted));
    if (!found) {
      phases.enums.push({
        kind: "createSequence",
        sequence: { ...wanted, ownedBy: undefined },
        ifNotExists: false,
      });
      if (wanted.ownedBy) {
        phases.createForeignKeys.push({
          kind: "alterSequence",
          ...ref,
          changes: { ownedBy: wanted.ownedBy },
          existing: { ownedBy: null },
        });
      }
      continue;
    }
    const want = normalizer.canonicalSequence(wanted);
    const have = normalizer.canonicalSequence(found);
    const foundOptions = sequenceOptionsOf(found, normalizer);
    const changes: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    for (const key of SEQUENCE_OPTION_KEYS) {
      if (want[key] === have[key]) continue;
      changes[key] = wanted[key] ?? null;
      before[key] = foundOptions[key] ?? null;
    }
    if (!sameOwner(wanted.ownedBy, found.ownedBy)) {
      changes.ownedBy = wanted.ownedBy ?? null;
      before.ownedBy = found.ownedBy ?? null;
    }
    if (Object.keys(changes).length === 0) continue;
    phases.createForeignKeys.push({ kind: "alterSequence", ...ref, changes, existing: before });
  }
  for (const found of existing.values()) {
    const owner = found.ownedBy;
    const ownerKept =
      owner === undefined ||
      modelTables.some(
        (t) =>
          t.schema === found.schema &&
          t.name === owner.table &&
          t.columns.some((c) => c.name === owner.column),
      );
    if (!ownerKept) continue;
    phases.dropEnums.push({
      kind: "dropSequence",
      name: found.name,
      schema: found.schema,
      ifExists: false,
      existing: {
        kind: "sequence",
        name: found.name,
        schema: found.schema,
        ownedBy: owner,
        ...sequenceOptionsOf(found, normalizer),
      },
    });
  }
}

/**
 * Domains, matched by name: new ones are created, removed ones dropped; NOT NULL, the default and each named
 * CHECK are altered in place. A domain's base type and collation cannot be altered: a change is a warning.
 */
function compareDomains(
  model: readonly Domain[],
  reflected: readonly ReflectedDomain[],
  context: { dialect: Dialect; phases: Phases; drops: Operation[]; warnings: string[] },
) {
  const { dialect, phases, drops, warnings } = context;
  const { normalizer } = dialect;
  const existingModel = new Map(
    (
      modelFromReflected({ dialect: dialect.name, tables: [], enums: [], schemas: [], domains: reflected })
        .domains ?? []
    ).map((d) => [keyOf(d), d]),
  );
  const found = new Map(reflected.map((d) => [keyOf(d), d]));
  for (const wanted of model) {
    const have = found.get(keyOf(wanted));
    found.delete(keyOf(wanted));
    if (!have) {
      phases.enums.push({ kind: "createDomain", domain: wanted });
      continue;
    }
    const where = `domain ${qualifiedName(wanted)}`;
    if (
      !normalizer.typesMatch(wanted.type, have.type) ||
      normalizer.collation(wanted.collation) !== normalizer.collation(have.collation)
    ) {
      warnings.push(
        `${where}: its base type or collation is ${have.type.sql}${have.collation ? ` COLLATE ${have.collation}` : ""} in the database; a domain's base type and collation cannot be altered in place, change it by hand`,
      );
    }
    const current = existingModel.get(keyOf(wanted))!;
    const changes: { -readonly [K in keyof DomainChanges]: DomainChanges[K] } = {};
    const before: { -readonly [K in keyof DomainChanges]: DomainChanges[K] } = {};
    if (wanted.notNull !== have.notNull) {
      changes.notNull = wanted.notNull;
      before.notNull = have.notNull;
    }
    if (normalizer.modelDefault(wanted.default) !== normalizer.catalogDefault(have.default)) {
      changes.default = wanted.default ?? null;
      before.default = current.default ?? null;
    }
    const haveChecks = new Map(have.checks.map((c) => [c.name ?? "", c]));
    const addChecks = wanted.checks.filter((c) => {
      const existing = haveChecks.get(c.name);
      haveChecks.delete(c.name);
      if (
        existing &&
        normalizer.expression(existing.expression) !== normalizer.modelExpression(c.condition)
      ) {
        warnings.push(
          `${where}: CHECK ${c.name} reads (${existing.expression}) in the database; the model's condition may differ, recreate it by hand if it does`,
        );
      }
      return existing === undefined;
    });
    const dropChecks = [...haveChecks.keys()];
    if (addChecks.length > 0) {
      changes.addChecks = addChecks;
      before.dropChecks = addChecks.map((c) => c.name);
    }
    if (dropChecks.length > 0) {
      changes.dropChecks = dropChecks;
      before.addChecks = current.checks.filter((c) => dropChecks.includes(c.name));
    }
    if (Object.keys(changes).length === 0) continue;
    phases.enums.push({
      kind: "alterDomain",
      name: wanted.name,
      schema: wanted.schema,
      changes,
      existing: before,
    });
  }
  for (const have of found.values()) {
    drops.push({
      kind: "dropDomain",
      name: have.name,
      schema: have.schema,
      ifExists: false,
      existing: existingModel.get(keyOf(have)),
    });
  }
}

function dropUnusedEnums(model: readonly EnumType[], reflected: readonly EnumType[], phases: Phases) {
  const wanted = new Set(model.map(keyOf));
  for (const e of reflected) {
    if (wanted.has(keyOf(e))) continue;
    phases.dropEnums.push({
      kind: "dropEnum",
      name: e.name,
      schema: e.schema,
      ifExists: false,
      existingValues: e.values,
    });
  }
}

function createForeignKey(table: Table, fk: ForeignKey): CreateForeignKeyOperation {
  return {
    kind: "createForeignKey",
    ...tableRef(table),
    constraint: { ...fk, name: fk.name ?? defaultName("fk", table.name, fk.columns, fk.referencedTable) },
  };
}

function dropConstraint(
  table: Table,
  name: string,
  existing: DropConstraintOperation["existing"],
): DropConstraintOperation {
  return { kind: "dropConstraint", ...tableRef(table), name, type: existing?.type, existing };
}

/**
 * A partition's column change without what its parent's change brings it: PostgreSQL alters a partitioned table's
 * column type and NOT NULL in every partition, and refuses a partition's own type change.
 */
function inheritedChanges(
  alter: AlterColumnOperation | undefined,
  parent: TablePair | undefined,
  dialect: Dialect,
): AlterColumnOperation | undefined {
  if (alter === undefined || parent === undefined) return alter;
  const wanted = parent.model.columns.find((c) => c.name === alter.column);
  const found = parent.reflected.columns.find((c) => c.name === alter.column);
  if (wanted === undefined || found === undefined) return alter;
  const { type, nullable, ...rest } = alter;
  const kept: AlterColumnOperation = {
    ...rest,
    ...(type === undefined || !dialect.normalizer.typesMatch(wanted.type, found.type) ? {} : { type }),
    ...(nullable === undefined || wanted.nullable !== found.nullable ? {} : { nullable }),
  };
  const changed = ["type", "nullable", "default", "newName", "comment", "onUpdate"].some(
    (key) => kept[key as keyof AlterColumnOperation] !== undefined,
  );
  return changed ? kept : undefined;
}

/**
 * A partition that lists no columns, with its parent's as PARTITION OF gives them (types, defaults, NOT NULL; not
 * comments), to be compared with the columns the database lists for it.
 */
function withParentColumns(table: Table, tables: ReadonlyMap<string, Table>): Table {
  const parentOf = table.partitionOf;
  if (parentOf === undefined || table.columns.length > 0) return table;
  const parent = tables.get(keyOf({ schema: parentOf.schema, name: parentOf.table }));
  if (parent === undefined || parent === table) return table;
  const columns = withParentColumns(parent, tables).columns.map((c) => ({ ...c, comment: undefined }));
  return { ...table, columns };
}

/** The key of a partition's parent, where the partition stays in that same parent on both sides. */
function sameParentKey({ model, reflected }: TablePair): string | undefined {
  const wanted = model.partitionOf;
  const found = reflected.partitionOf;
  if (wanted === undefined || found === undefined) return undefined;
  const key = keyOf({ schema: wanted.schema, name: wanted.table });
  return key === keyOf({ schema: found.schema, name: found.table }) ? key : undefined;
}

/** The pair of a partition's parent, where the partition stays in that same parent on both sides. */
function parentPair(pair: TablePair, pairs: ReadonlyMap<string, TablePair>): TablePair | undefined {
  const key = sameParentKey(pair);
  return key === undefined ? undefined : pairs.get(key);
}

/**
 * A table's partitioning. PostgreSQL cannot change a partition key, nor turn a plain table into a partitioned one
 * or back, in place: a warning. A partition whose parent or bound changed is detached and attached again; a table
 * that becomes a partition is attached, one that stops being one detached.
 */
function comparePartitioning(pair: TablePair, phases: Phases, warnings: string[]) {
  const { model, reflected } = pair;
  const where = qualifiedName(model);
  const squeeze = (text: string | undefined) => text?.replace(/\s+/g, " ").trim();
  if (squeeze(model.partitionBy) !== squeeze(reflected.partitionBy)) {
    warnings.push(
      `${where}: partitioned by ${reflected.partitionBy ?? "nothing"} in the database and ${
        model.partitionBy ?? "nothing"
      } in the target; a table's partitioning cannot be changed in place, recreate the table by hand`,
    );
  }
  const wanted = model.partitionOf;
  const found = reflected.partitionOf;
  if (sameParentKey(pair) !== undefined && squeeze(wanted?.bound) === squeeze(found?.bound)) return;
  const partition = { partition: model.name, partitionSchema: model.schema };
  if (found !== undefined) {
    phases.dropOthers.push({
      kind: "detachPartition",
      table: found.table,
      schema: found.schema,
      ...partition,
      existingBound: found.bound,
    });
  }
  if (wanted !== undefined) {
    phases.createOthers.push({
      kind: "attachPartition",
      table: wanted.table,
      schema: wanted.schema,
      ...partition,
      bound: wanted.bound,
    });
  }
}

/**
 * MySQL's partitioning, one table option compared by the dialect's canonical key: a change reorganizes the
 * partitions that differ where the dialect finds such a run, else repartitions the table; in place, after its
 * column and key changes (each partitioning column must be in every unique key), before its columns are dropped.
 * Partitioning removed goes before the key changes, which it may be what allows.
 * A target the dialect cannot compare (a bound written as an expression; a database without the option) is a
 * warning, never a guess.
 */
function compareTableOptionPartitioning(
  { model, reflected }: TablePair,
  phases: Phases,
  normalizer: Normalizer,
  warnings: string[],
) {
  const wanted = model.partitioning;
  const found = reflected.partitioning;
  if (normalizer.partitioning(wanted) === normalizer.partitioning(found)) return;
  const uncomparable = wanted === undefined ? undefined : normalizer.uncomparablePartitioning(wanted, found);
  if (uncomparable !== undefined) {
    warnings.push(`${qualifiedName(model)}: the target's partitioning is not compared: ${uncomparable}`);
    return;
  }
  if (wanted === undefined) {
    phases.dropOthers.push({ kind: "removePartitioning", ...tableRef(model), existing: found });
    return;
  }
  const run = found === undefined ? undefined : normalizer.partitionReorganization(found, wanted);
  phases.createOthers.push(
    run === undefined
      ? { kind: "partitionTable", ...tableRef(model), partitioning: wanted, existing: found }
      : { kind: "reorganizePartitions", ...tableRef(model), from: run.from, into: run.into },
  );
}

async function compareTable(
  pair: TablePair,
  options: CompareOptions,
  phases: Phases,
  perTable: (existing: Table, phase: keyof Phases, operation: BatchOperation) => void,
  notes: Map<Operation, string>,
  warnings: string[],
  parent?: TablePair,
): Promise<void> {
  const { dialect } = options;
  const { model, reflected } = pair;
  const existing = pair.existing;
  const where = qualifiedName(model);
  const reflectedColumns = new Map(reflected.columns.map((c) => [c.name, c]));
  const existingColumns = new Map(existing.columns.map((c) => [c.name, c]));
  const modelColumns = new Map(model.columns.map((c) => [c.name, c]));
  if (model.collation !== reflected.collation)
    warnings.push(
      `${where}: the table's default collation is ${reflected.collation ?? "the database's"} in the database and ${
        model.collation ?? "the database's"
      } in the target; autogenerate does not change it: write ALTER TABLE … COLLATE = … with op.execute`,
    );

  // A column added to or dropped from a partitioned table is added to or dropped from its partitions with it.
  const parentAdds = (name: string) =>
    parent?.model.columns.some((c) => c.name === name) === true &&
    !parent.reflected.columns.some((c) => c.name === name);
  const parentDrops = (name: string) =>
    parent?.reflected.columns.some((c) => c.name === name) === true &&
    !parent.model.columns.some((c) => c.name === name);
  let addedColumns = model.columns.filter((c) => !reflectedColumns.has(c.name) && !parentAdds(c.name));
  let droppedColumns = reflected.columns.filter((c) => !modelColumns.has(c.name) && !parentDrops(c.name));
  const columnPairs: [Column, ReflectedColumn, Column][] = model.columns
    .filter((c) => reflectedColumns.has(c.name))
    .map((c) => [c, reflectedColumns.get(c.name)!, existingColumns.get(c.name)!]);

  // Column renames: a dropped and an added column of the same type.
  const possibleRenames = new Map<string, string>();
  for (const added of [...addedColumns]) {
    const old = droppedColumns.find((d) => dialect.normalizer.typesMatch(added.type, d.type));
    if (!old) continue;
    const candidate: RenameCandidate = {
      kind: "column",
      table: model.name,
      schema: model.schema,
      from: old.name,
      to: added.name,
    };
    if (options.askRename && (await options.askRename(candidate))) {
      addedColumns = addedColumns.filter((c) => c !== added);
      droppedColumns = droppedColumns.filter((c) => c !== old);
      perTable(existing, "columns", {
        kind: "alterColumn",
        ...tableRef(model),
        column: old.name,
        newName: added.name,
      });
      const oldModel = existingColumns.get(old.name)!;
      columnPairs.push([added, { ...old, name: added.name }, { ...oldModel, name: added.name }]);
    } else {
      possibleRenames.set(old.name, added.name);
      possibleRenames.set(added.name, old.name);
    }
  }

  for (const column of addedColumns) {
    const operation: Operation = { kind: "addColumn", ...tableRef(model), column };
    perTable(existing, "columns", operation);
    const old = possibleRenames.get(column.name);
    if (old)
      notes.set(
        operation,
        `possible rename of ${where}.${old} to ${column.name}: written as drop + add, which loses the column's data`,
      );
  }
  for (const [wanted, found, current] of columnPairs) {
    const regenerated = generationChange(dialect, wanted, found);
    if (regenerated !== undefined) {
      // No database alters how a column is generated: drop it and add it again, which recomputes its values.
      const drop: Operation = {
        kind: "dropColumn",
        ...tableRef(model),
        column: wanted.name,
        existing: current,
      };
      perTable(existing, "columns", drop);
      perTable(existing, "columns", { kind: "addColumn", ...tableRef(model), column: wanted });
      notes.set(drop, `${where}.${wanted.name}: ${regenerated}; dropped and added again`);
      continue;
    }
    const expanded = expandSerial(dialect, model, wanted, found, current, phases);
    const alter = inheritedChanges(
      compareColumn(dialect, model, expanded.wanted, expanded.found, expanded.current, warnings),
      parent,
      dialect,
    );
    if (alter) perTable(existing, "columns", alter);
    phases.columns.push(...expanded.after);
  }

  if (
    dialect.capabilities.comments &&
    !dialect.normalizer.sameCatalogText(model.comment ?? undefined, reflected.comment ?? undefined)
  ) {
    perTableComment(model, reflected, phases);
  }

  comparePrimaryKey(pair, perTable);
  compareUniquesAndIndexes(pair, options, perTable, warnings);
  compareForeignKeys(pair, dialect, perTable, notes);
  compareChecks(pair, options, perTable, warnings);

  for (const column of droppedColumns) {
    const operation: Operation = {
      kind: "dropColumn",
      ...tableRef(model),
      column: column.name,
      existing: existingColumns.get(column.name),
    };
    perTable(existing, "dropColumns", operation);
    const newer = possibleRenames.get(column.name);
    if (newer) {
      notes.set(
        operation,
        `possible rename of ${where}.${column.name} to ${newer}: this drop loses the column's data; use op.alterColumn(…, { newName }) if it is one`,
      );
    }
  }
}

/**
 * A serial column compared as what it stands for: its integer type, a nextval() default and the sequence it owns.
 * Where only one side is serial, the sequence is created (before the column's new default) or dropped (after the
 * default that uses it); serial to bigserial changes the sequence's type after the column's.
 */
function expandSerial(
  dialect: Dialect,
  table: Table,
  wanted: Column,
  found: ReflectedColumn,
  current: Column,
  phases: Phases,
): { wanted: Column; found: ReflectedColumn; current: Column; after: Operation[] } {
  const { normalizer } = dialect;
  const wantedBase = normalizer.serialBase(dialect.types.resolve(wanted.type));
  const foundBase = found.autoincrement === "serial" ? normalizer.serialBase(found.type) : undefined;
  if (wantedBase === undefined && foundBase === undefined) return { wanted, found, current, after: [] };
  const name = normalizer.serialSequenceName(table.name, wanted.name);
  const nextval = `nextval(${dialect.sql.literal(dialect.sql.quoteQualified(name, table.schema))}::regclass)`;
  // Serial against identity keeps the sequence, default and identity as they are until converted by hand:
  // compareIdentity says so.
  if (foundBase !== undefined && wanted.identity !== undefined)
    return {
      wanted,
      found: { ...found, type: foundBase },
      current: { ...current, type: foundBase },
      after: [],
    };
  if (wantedBase !== undefined && hasIdentity(found))
    return { wanted: { ...wanted, type: wantedBase, default: sql.raw(nextval) }, found, current, after: [] };
  const after: Operation[] = [];
  const sequenceRef = { name, schema: table.schema };
  if (wantedBase !== undefined && foundBase === undefined) {
    phases.columns.push({
      kind: "createSequence",
      sequence: {
        kind: "sequence",
        ...sequenceRef,
        as: wantedBase.sql,
        ownedBy: { table: table.name, column: wanted.name },
      },
      ifNotExists: false,
    });
  }
  if (wantedBase === undefined && foundBase !== undefined) {
    after.push({
      kind: "dropSequence",
      ...sequenceRef,
      ifExists: false,
      existing: {
        kind: "sequence",
        ...sequenceRef,
        as: foundBase.sql,
        ownedBy: { table: table.name, column: wanted.name },
      },
    });
  }
  if (wantedBase !== undefined && foundBase !== undefined && !normalizer.typesMatch(wantedBase, foundBase)) {
    after.push({
      kind: "alterSequence",
      ...sequenceRef,
      changes: { as: wantedBase.sql },
      existing: { as: foundBase.sql },
    });
  }
  const serialDefault = sql.raw(nextval);
  return {
    wanted: wantedBase ? { ...wanted, type: wantedBase, default: serialDefault } : wanted,
    found: foundBase ? { ...found, type: foundBase, autoincrement: undefined, default: nextval } : found,
    current: foundBase ? { ...current, type: foundBase, default: serialDefault } : current,
    after,
  };
}

function perTableComment(model: Table, reflected: ReflectedTable, phases: Phases) {
  phases.columns.push(
    model.comment === undefined
      ? { kind: "dropTableComment", ...tableRef(model), existingComment: reflected.comment }
      : {
          kind: "createTableComment",
          ...tableRef(model),
          comment: model.comment,
          existingComment: reflected.comment,
        },
  );
}

/** How a column's generation differs between model and database, in words; undefined when it does not. */
function generationChange(dialect: Dialect, wanted: Column, found: ReflectedColumn): string | undefined {
  const want = wanted.generated;
  const have = found.generated;
  if (want === undefined && have === undefined) return undefined;
  if (want === undefined) return `the database generates it as (${have!.expression}) and the model does not`;
  if (have === undefined) return "the model generates it and the database does not";
  const storage = (stored: boolean) => (stored ? "STORED" : "VIRTUAL");
  if (want.stored !== have.stored)
    return `${storage(have.stored)} in the database, ${storage(want.stored)} in the model`;
  const { normalizer } = dialect;
  if (normalizer.modelExpression(want.expression) !== normalizer.expression(have.expression)) {
    return `generated as (${have.expression}) in the database and (${dialect.compiler.expression(want.expression)}) in the model`;
  }
  return undefined;
}

/** How an identity column differs between model and database (ALWAYS, sequence options), in words. */
function identityDifference(dialect: Dialect, wanted: Column, found: ReflectedColumn): string | undefined {
  const always = found.autoincrement === "always";
  if (
    wanted.identity === undefined ||
    (found.autoincrement !== "always" && found.autoincrement !== "byDefault")
  )
    return undefined;
  const word = (a: boolean) => (a ? "ALWAYS" : "BY DEFAULT");
  if (wanted.identity.always !== always)
    return `GENERATED ${word(always)} in the database, ${word(wanted.identity.always)} in the model`;
  if (found.identitySequence === undefined) return undefined;
  const { normalizer } = dialect;
  const type = found.type.sql;
  const want = normalizer.canonicalSequence(wanted.identity.sequence ?? {}, type);
  const have = normalizer.canonicalSequence(found.identitySequence, type);
  const differing = SEQUENCE_OPTION_KEYS.filter((key) => key !== "as" && want[key] !== have[key]);
  if (differing.length === 0) return undefined;
  return `its identity sequence has ${differing.map((k) => `${k} ${have[k]}`).join(", ")} in the database and ${differing
    .map((k) => `${k} ${want[k]}`)
    .join(", ")} in the model`;
}

/** Whether the database generates the column's values as an identity (MySQL and SQLite: autoincrement), not serial. */
function hasIdentity(found: ReflectedColumn): boolean {
  return found.autoincrement !== undefined && found.autoincrement !== "serial";
}

/**
 * The identity alterColumn gives the column (null: drop it) where model and database differ and the dialect alters
 * identity in place; otherwise a warning. A serial column is a sequence and a default of its own, not an identity:
 * turning one into the other stays a change by hand.
 */
function compareIdentity(
  dialect: Dialect,
  where: string,
  wanted: Column,
  found: ReflectedColumn,
  warnings: string[],
): ColumnIdentity | null | undefined {
  const alters = dialect.capabilities.identityAlter === true;
  if ((wanted.identity !== undefined) !== hasIdentity(found)) {
    if (found.autoincrement === "serial") {
      warnings.push(
        `${where}: the database fills it from a serial sequence and the model makes it an identity column; convert it by hand (drop the default and the sequence, then add the identity past the sequence's last value)`,
      );
      return undefined;
    }
    // The model fills it from a sequence: a nextval() default, written so or a serial column's (expandSerial).
    if (
      wanted.identity === undefined &&
      /^nextval\(/i.test(dialect.normalizer.modelDefault(wanted.default) ?? "")
    ) {
      warnings.push(
        `${where}: the database makes it an identity column and the model fills it from a sequence; convert it by hand (drop the identity, then set the sequence past the column's values and make it the default)`,
      );
      return undefined;
    }
    if (alters) return wanted.identity ?? null;
    if (dialect.normalizer.catalogShowsIdentity || found.autoincrement !== undefined) {
      warnings.push(
        `${where}: ${wanted.identity ? "the model makes it an identity column" : "the database generates its values"} and the other side does not; change identity by hand`,
      );
    }
    return undefined;
  }
  const difference = identityDifference(dialect, wanted, found);
  if (difference === undefined) return undefined;
  if (alters) return wanted.identity;
  warnings.push(`${where}: ${difference}; change identity by hand`);
  return undefined;
}

function compareColumn(
  dialect: Dialect,
  table: Table,
  wanted: Column,
  found: ReflectedColumn,
  current: Column,
  warnings: string[],
): AlterColumnOperation | undefined {
  const where = `${qualifiedName(table)}.${wanted.name}`;
  const changes: { -readonly [K in keyof ColumnChanges]: ColumnChanges[K] } = {};
  const { normalizer } = dialect;
  if (!normalizer.typesMatch(wanted.type, found.type)) changes.type = wanted.type;
  if (wanted.nullable !== found.nullable && !found.neverNull) changes.nullable = wanted.nullable;

  const identity = compareIdentity(dialect, where, wanted, found, warnings);
  if (identity !== undefined) changes.identity = identity;
  // A serial column's default is part of its type; any other nextval() default is compared like every default.
  // An identity added or dropped here takes the default's place or gives it back, so defaults are compared then.
  const addsOrDropsIdentity = identity === null || (identity !== undefined && !hasIdentity(found));
  const generatedValues = !addsOrDropsIdentity && (hasIdentity(found) || wanted.identity !== undefined);
  if (!generatedValues && found.generated === undefined) {
    const wantedDefault = normalizer.modelDefault(wanted.default);
    const foundDefault = normalizer.catalogDefault(found.default);
    if (!normalizer.sameCatalogText(wantedDefault, foundDefault)) {
      if (normalizer.isComparableDefault(wantedDefault) || normalizer.isComparableDefault(foundDefault)) {
        changes.default = wanted.default ?? null;
      } else {
        warnings.push(
          `${where}: server default ${found.default} in the database and ${dialect.compiler.defaultValue(
            wanted.default!,
          )} in the model may differ; expressions are not compared, alter it by hand if they do`,
        );
      }
    }
  }
  if (
    dialect.capabilities.comments &&
    !normalizer.sameCatalogText(wanted.comment ?? undefined, found.comment ?? undefined)
  ) {
    changes.comment = wanted.comment ?? null;
  }
  const wantedOnUpdate =
    wanted.onUpdate && normalizer.catalogDefault(dialect.compiler.expression(wanted.onUpdate));
  if (wantedOnUpdate !== normalizer.catalogDefault(found.onUpdate))
    changes.onUpdate = wanted.onUpdate ?? null;
  if (Object.keys(changes).length === 0) return undefined;
  return {
    kind: "alterColumn",
    ...tableRef(table),
    column: wanted.name,
    ...changes,
    existingType: current.type,
    existingNullable: current.nullable,
    existingDefault: current.default ?? null,
    existingComment: current.comment ?? null,
    existingIdentity: current.identity ?? null,
    existingOnUpdate: current.onUpdate ?? null,
  };
}

function comparePrimaryKey(
  pair: TablePair,
  perTable: (existing: Table, phase: keyof Phases, operation: BatchOperation) => void,
) {
  const { model, reflected, existing } = pair;
  const wanted = model.primaryKey;
  const found = reflected.primaryKey;
  const sameColumns = sameList(wanted?.columns ?? [], found?.columns ?? []);
  const sameName = wanted?.name === undefined || found?.name === undefined || wanted.name === found.name;
  if (sameColumns && sameName) return;
  if (found && existing.primaryKey) {
    perTable(
      existing,
      "dropOthers",
      // MySQL reports no name, and its PRIMARY is not one it accepts back: name it as the downgrade will recreate it.
      dropConstraint(existing, found.name ?? defaultName("pk", model.name, []), {
        type: "primaryKey",
        constraint: existing.primaryKey,
      }),
    );
  }
  if (wanted) {
    perTable(existing, "createOthers", {
      kind: "createPrimaryKey",
      ...tableRef(model),
      constraint: { ...wanted, name: wanted.name ?? defaultName("pk", model.name, []) },
    });
  }
}

/** Each key of a model index as compared: the column's name, or the expression in canonical form. */
function indexKeys(index: Index, normalizer: Normalizer): string[] {
  return index.columns.map((c) => {
    const key = indexPart(c).column;
    return typeof key === "string" ? key : normalizer.modelExpression(key);
  });
}

function reflectedIndexKeys(index: ReflectedIndex, normalizer: Normalizer): string[] {
  return index.columns.map((c, i) => {
    const expression = index.expressions[i];
    return expression === undefined ? c : normalizer.expression(expression);
  });
}

/**
 * Whether a model key part is ordered and compared as the reflected one: DESC, NULLS (the order's default is
 * none), operator class (none stands for the type's default, which the catalog still names), collation, prefix.
 */
function samePartOptions(
  wanted: IndexPart,
  found: ReflectedIndexPart,
  normalizer: Normalizer,
  implicitPrefix = false,
): boolean {
  const descending = wanted.descending ?? false;
  const sameOpclass =
    wanted.opclass === undefined
      ? found.opclass === undefined || found.defaultOpclass
      : found.opclass !== undefined &&
        normalizer.opclass(wanted.opclass) === normalizer.opclass(found.opclass);
  return (
    descending === found.descending &&
    normalizer.indexNulls(descending, wanted.nulls) ===
      normalizer.indexNulls(found.descending, found.nulls) &&
    sameOpclass &&
    normalizer.collation(wanted.collation) === normalizer.collation(found.collation) &&
    (wanted.length === found.length || (wanted.length === undefined && implicitPrefix))
  );
}

/** What an index is besides its keys, all compared reliably: unique, method, INCLUDE and each part's options. */
function sameIndexShape(
  wanted: Index,
  found: ReflectedIndex,
  table: ReflectedTable,
  normalizer: Normalizer,
): boolean {
  const parts = found.parts ?? [];
  const implicitPrefix = (name: string) => {
    const type = table.columns.find((c) => c.name === name)?.type;
    return type !== undefined && normalizer.implicitIndexPrefix(type);
  };
  return (
    (wanted.unique ?? false) === found.unique &&
    normalizer.indexMethod(wanted.method) === normalizer.indexMethod(found.method) &&
    sameList(wanted.include ?? [], found.include ?? []) &&
    wanted.columns.length === found.columns.length &&
    wanted.columns.every((c, i) =>
      samePartOptions(
        indexPart(c),
        parts[i] ?? PLAIN_INDEX_PART,
        normalizer,
        implicitPrefix(found.columns[i]!),
      ),
    )
  );
}

/**
 * A reflected unique index that says no more than a unique constraint on its columns would: plain columns, no
 * WHERE, no INCLUDE, no part options. How it is built is the database's business (MariaDB keeps a long UNIQUE as
 * HASH).
 */
function standsForUniqueConstraint(index: ReflectedIndex, normalizer: Normalizer): boolean {
  return (
    index.unique &&
    index.where === undefined &&
    index.expressions.every((e) => e === undefined) &&
    (index.include ?? []).length === 0 &&
    (index.parts ?? []).every((part) => samePartOptions({ column: "" }, part, normalizer))
  );
}

/** The columns of a model index that a unique constraint could stand for, or undefined when it says more. */
function uniqueConstraintColumns(index: Index, normalizer: Normalizer): string[] | undefined {
  const plain = index.columns.every((c) => typeof c === "string");
  const says =
    index.unique &&
    plain &&
    index.where === undefined &&
    (index.include ?? []).length === 0 &&
    normalizer.indexMethod(index.method) === undefined;
  return says ? (index.columns as string[]) : undefined;
}

/** Removes and returns the first item that matches. */
function take<T>(items: T[], predicate: (item: T) => boolean): T | undefined {
  const at = items.findIndex(predicate);
  return at >= 0 ? items.splice(at, 1)[0] : undefined;
}

/**
 * Unique constraints and indexes. Each is first matched in its own form (constraints by name when both sides
 * name them, else by columns; indexes by name). Then a unique rule left over on one side meets one in the other
 * form: a unique constraint the database keeps as a plain unique index on the same columns, or the reverse, is
 * the same rule, provided the names agree where both have one. Only what is still unmatched is created, in the
 * model's form, or dropped.
 */
function compareUniquesAndIndexes(
  pair: TablePair,
  options: CompareOptions,
  perTable: (existing: Table, phase: keyof Phases, operation: BatchOperation) => void,
  warnings: string[],
) {
  const { dialect } = options;
  const { normalizer } = dialect;
  const { model, reflected, existing } = pair;
  const where = qualifiedName(model);

  const foundUniques = [...reflected.uniques];
  const unmatchedUniques: UniqueConstraint[] = [];
  for (const wanted of model.uniques) {
    const found = take(foundUniques, (u) =>
      wanted.name !== undefined && u.name !== undefined
        ? u.name === wanted.name
        : sameList(u.columns, wanted.columns),
    );
    if (!found) {
      unmatchedUniques.push(wanted);
      continue;
    }
    if (sameList(found.columns, wanted.columns)) continue;
    perTable(existing, "dropOthers", dropUnique(existing, found));
    perTable(existing, "createOthers", createUnique(model, wanted));
  }

  const foundIndexes = [...reflected.indexes];
  const unmatchedIndexes: Index[] = [];
  for (const wanted of model.indexes) {
    const found = take(foundIndexes, (i) => i.name === wanted.name);
    if (!found) {
      unmatchedIndexes.push(wanted);
      continue;
    }
    const wantedKeys = indexKeys(wanted, normalizer);
    const foundKeys = reflectedIndexKeys(found, normalizer);
    const expressions =
      wanted.columns.some((c) => indexColumnName(c) === undefined) ||
      found.expressions.some((e) => e !== undefined);
    const wantedWhere = wanted.where ? normalizer.modelExpression(wanted.where) : undefined;
    const foundWhere = found.where === undefined ? undefined : normalizer.expression(found.where);
    if (
      !sameIndexShape(wanted, found, reflected, normalizer) ||
      (!expressions && !sameList(wantedKeys, foundKeys))
    ) {
      perTable(existing, "dropOthers", dropIndex(existing, found));
      perTable(existing, "createOthers", createIndex(model, wanted));
      continue;
    }
    if ((expressions && !sameList(wantedKeys, foundKeys)) || wantedWhere !== foundWhere) {
      warnings.push(
        `${where}: index ${wanted.name} has expressions or a WHERE that read differently in the database (${foundKeys.join(
          ", ",
        )}${foundWhere ? ` WHERE ${foundWhere}` : ""}); not compared, recreate it by hand if it changed`,
      );
    }
  }

  for (const wanted of unmatchedUniques) {
    const asIndex = take(
      foundIndexes,
      (i) =>
        standsForUniqueConstraint(i, normalizer) &&
        sameList(i.columns, wanted.columns) &&
        (wanted.name === undefined || wanted.name === i.name),
    );
    if (!asIndex) perTable(existing, "createOthers", createUnique(model, wanted));
  }
  for (const wanted of unmatchedIndexes) {
    const columns = uniqueConstraintColumns(wanted, normalizer);
    const asConstraint =
      columns &&
      take(
        foundUniques,
        (u) => sameList(u.columns, columns) && (u.name === undefined || u.name === wanted.name),
      );
    if (!asConstraint) perTable(existing, "createOthers", createIndex(model, wanted));
  }

  for (const found of foundUniques) {
    if (found.name === undefined) {
      warnings.push(
        `${where}: an unnamed unique constraint on (${found.columns.join(", ")}) is not in the model; drop it by hand`,
      );
      continue;
    }
    perTable(existing, "dropOthers", dropUnique(existing, found));
  }
  for (const found of foundIndexes) {
    // MySQL creates an index for each foreign key that has none and keeps it after the key is dropped: leave it
    // while the model keeps such a key, drop it (after the key) once the model has none.
    if (
      dialect.capabilities.foreignKeyIndexes &&
      !found.unique &&
      model.foreignKeys.some((fk) => sameList(fk.columns, found.columns.slice(0, fk.columns.length)))
    ) {
      continue;
    }
    perTable(existing, "dropOthers", dropIndex(existing, found));
  }
}

function createUnique(table: Table, unique: UniqueConstraint): CreateUniqueConstraintOperation {
  return {
    kind: "createUniqueConstraint",
    ...tableRef(table),
    constraint: { ...unique, name: unique.name ?? defaultName("uq", table.name, unique.columns) },
  };
}

function createIndex(table: Table, index: Index): CreateIndexOperation {
  return {
    kind: "createIndex",
    ...tableRef(table),
    name: index.name,
    columns: index.columns,
    unique: index.unique ?? false,
    where: index.where,
    ...(index.method === undefined ? {} : { method: index.method }),
    ...(index.include === undefined ? {} : { include: index.include }),
    concurrently: false,
    ifNotExists: false,
  };
}

function dropUnique(
  existing: Table,
  found: { name: string | undefined; columns: readonly string[] },
): DropConstraintOperation {
  return dropConstraint(existing, found.name ?? "", {
    type: "unique",
    constraint: { ...(found.name === undefined ? {} : { name: found.name }), columns: found.columns },
  });
}

function dropIndex(existing: Table, found: ReflectedIndex): DropIndexOperation {
  return {
    kind: "dropIndex",
    name: found.name,
    table: existing.name,
    schema: existing.schema,
    concurrently: false,
    ifExists: false,
    existing: existing.indexes.find((i) => i.name === found.name),
  };
}

/**
 * One warning per view, trigger, routine, event or partitioned table in the target or the database: autogenerate
 * neither writes nor compares them, and says so by name rather than passing over them.
 */
function unmanagedWarnings(
  wanted: readonly UnmanagedObject[],
  found: readonly UnmanagedObject[],
  options: CompareOptions,
): string[] {
  const key = (object: UnmanagedObject) => `${object.kind} ${JSON.stringify(object.name)}`;
  const inTarget = new Set(wanted.map(key));
  const inDatabase = new Set(found.map(key));
  const objects = new Map([...wanted, ...found].map((object) => [key(object), object]));
  return [...objects]
    .filter(([, object]) => options.include(undefined, object.name))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([named]) => {
      const where = !inDatabase.has(named)
        ? "in the target only"
        : !inTarget.has(named)
          ? "in the database only"
          : "in both, not compared";
      return `autogenerate does not manage ${named} (${where}): write it in a revision with op.execute`;
    });
}

function compareForeignKeys(
  pair: TablePair,
  dialect: Dialect,
  perTable: (existing: Table, phase: keyof Phases, operation: BatchOperation) => void,
  notes: Map<Operation, string>,
) {
  const { model, reflected, existing } = pair;
  const action = (value: string | undefined) => dialect.normalizer.referentialAction(value);
  const remaining = [...reflected.foreignKeys];
  const signatureOf = (fk: ReflectedForeignKey) =>
    fkSignature(fk.columns, fk.referredSchema, fk.referredTable, fk.referredColumns);
  for (const wanted of model.foreignKeys) {
    const signature = fkSignature(
      wanted.columns,
      wanted.referencedSchema,
      wanted.referencedTable,
      wanted.referencedColumns,
    );
    const at = remaining.findIndex((fk) => signatureOf(fk) === signature);
    const found = at >= 0 ? remaining.splice(at, 1)[0] : undefined;
    if (found) {
      const same =
        action(wanted.onDelete) === action(found.onDelete) &&
        action(wanted.onUpdate) === action(found.onUpdate) &&
        (!dialect.capabilities.deferrableForeignKeys || Boolean(wanted.deferrable) === found.deferrable) &&
        (wanted.name === undefined || found.name === undefined || wanted.name === found.name);
      if (same) continue;
      dropForeignKey(existing, found, perTable, notes);
    }
    perTable(existing, "createForeignKeys", createForeignKey(model, wanted));
  }
  for (const found of remaining) dropForeignKey(existing, found, perTable, notes);
}

function dropForeignKey(
  existing: Table,
  found: ReflectedForeignKey,
  perTable: (existing: Table, phase: keyof Phases, operation: BatchOperation) => void,
  notes: Map<Operation, string>,
) {
  const constraint = existing.foreignKeys.find(
    (fk) => sameList(fk.columns, found.columns) && fk.referencedTable === found.referredTable,
  );
  const operation = dropConstraint(
    existing,
    found.name ?? "",
    constraint ? { type: "foreignKey", constraint } : undefined,
  );
  if (found.name === undefined)
    notes.set(operation, "the database keeps no name for this foreign key; the batch rebuild drops it");
  perTable(existing, "dropForeignKeys", operation);
}

function compareChecks(
  pair: TablePair,
  options: CompareOptions,
  perTable: (existing: Table, phase: keyof Phases, operation: BatchOperation) => void,
  warnings: string[],
) {
  const { dialect } = options;
  const { normalizer } = dialect;
  const { model, reflected, existing } = pair;
  const where = qualifiedName(model);
  const normalized = (check: CheckConstraint) => normalizer.modelExpression(check.condition);
  const remaining: ReflectedCheck[] = [...reflected.checks];
  const take = (predicate: (c: ReflectedCheck) => boolean) => {
    const at = remaining.findIndex(predicate);
    return at >= 0 ? remaining.splice(at, 1)[0] : undefined;
  };
  for (const implied of normalizer.implicitChecks(model)) {
    take((c) => normalizer.expression(c.expression) === implied);
  }
  let unnamedLeft = 0;
  for (const wanted of model.checks) {
    const text = normalized(wanted);
    const found =
      wanted.name !== undefined
        ? take((c) => c.name === wanted.name)
        : take((c) => normalizer.expression(c.expression) === text);
    if (found) {
      if (normalizer.expression(found.expression) !== text) {
        warnings.push(
          `${where}: CHECK ${wanted.name} reads (${found.expression}) in the database; the model's condition may differ, recreate it by hand if it does`,
        );
      }
      continue;
    }
    if (wanted.name === undefined) {
      unnamedLeft++;
      warnings.push(
        `${where}: an unnamed CHECK (${dialect.compiler.expression(wanted.condition)}) cannot be matched reliably; give it a name`,
      );
      continue;
    }
    perTable(existing, "createOthers", {
      kind: "createCheckConstraint",
      ...tableRef(model),
      constraint: { ...wanted, name: wanted.name },
    });
  }
  for (const found of remaining) {
    // An unnamed CHECK in the model may be one of these under a generated name: leave them be.
    if (unnamedLeft > 0 || found.name === undefined) {
      if (found.name === undefined)
        warnings.push(
          `${where}: an unnamed CHECK (${found.expression}) is not in the model; drop it by hand`,
        );
      continue;
    }
    const constraint = existing.checks.find((c) => c.name === found.name) ?? {
      name: found.name,
      condition: sql.raw(found.expression),
    };
    perTable(existing, "dropOthers", dropConstraint(existing, found.name, { type: "check", constraint }));
  }
}
