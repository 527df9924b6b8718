// What a batch of operations does to a table definition: the table a move-and-copy rebuild creates, and for
// each of its columns the old column its values come from.

import { RetortError } from "../errors.js";
import type { Column } from "../schema/column.js";
import {
  type CheckConstraint,
  type ForeignKey,
  type Index,
  indexColumnNames,
  type PrimaryKey,
  renameIndexColumn,
  type UniqueConstraint,
} from "../schema/constraints.js";
import { deepFreeze } from "../schema/freeze.js";
import type { Table } from "../schema/table.js";
import { indexOf } from "./build.js";
import type { BatchOperation } from "./operation.js";

export class BatchError extends RetortError {}

export interface AppliedBatch {
  readonly table: Table;
  /** New column name → the old column whose values it takes; new columns are absent. */
  readonly sources: ReadonlyMap<string, string>;
}

export function applyBatch(table: Table, operations: readonly BatchOperation[]): AppliedBatch {
  let columns: Column[] = [...table.columns];
  let primaryKey: PrimaryKey | undefined = table.primaryKey;
  let uniques: UniqueConstraint[] = [...table.uniques];
  let foreignKeys: ForeignKey[] = [...table.foreignKeys];
  let checks: CheckConstraint[] = [...table.checks];
  let indexes: Index[] = [...table.indexes];
  const sources = new Map(columns.map((c) => [c.name, c.name]));

  const find = (name: string): Column => {
    const found = columns.find((c) => c.name === name);
    if (!found) throw new BatchError(`table ${table.name} has no column ${name}`);
    return found;
  };
  const mentions = (list: readonly unknown[], name: string) => list.includes(name);

  for (const op of operations) {
    switch (op.kind) {
      case "addColumn": {
        if (columns.some((c) => c.name === op.column.name)) {
          throw new BatchError(`table ${table.name} already has a column ${op.column.name}`);
        }
        const { primaryKey: isPk, unique, references, ...rest } = op.column;
        columns.push({ ...rest, primaryKey: false, unique: false, references: undefined });
        if (isPk) primaryKey = { columns: [...(primaryKey?.columns ?? []), op.column.name] };
        if (unique) uniques.push({ columns: [op.column.name] });
        if (references) {
          const { table: referencedTable, column, ...options } = references;
          foreignKeys.push({
            ...options,
            columns: [op.column.name],
            referencedTable,
            referencedColumns: [column],
          });
        }
        break;
      }
      case "dropColumn": {
        find(op.column);
        columns = columns.filter((c) => c.name !== op.column);
        sources.delete(op.column);
        if (primaryKey && mentions(primaryKey.columns, op.column)) primaryKey = undefined;
        uniques = uniques.filter((u) => !mentions(u.columns, op.column));
        foreignKeys = foreignKeys.filter((fk) => !mentions(fk.columns, op.column));
        indexes = indexes.filter((i) => !mentions(indexColumnNames(i), op.column));
        break;
      }
      case "alterColumn": {
        const old = find(op.column);
        const changed: Column = {
          ...old,
          name: op.newName ?? old.name,
          type: op.type ?? old.type,
          nullable: op.nullable ?? old.nullable,
          default: op.default === undefined ? old.default : (op.default ?? undefined),
          comment: op.comment === undefined ? old.comment : (op.comment ?? undefined),
          identity: op.identity === undefined ? old.identity : (op.identity ?? undefined),
        };
        columns = columns.map((c) => (c === old ? changed : c));
        if (op.newName !== undefined && op.newName !== op.column) {
          const from = sources.get(op.column);
          sources.delete(op.column);
          if (from !== undefined) sources.set(op.newName, from);
          const rename = <T>(list: readonly T[]): T[] =>
            list.map((c) => (c === op.column ? (op.newName as T) : c));
          if (primaryKey) primaryKey = { ...primaryKey, columns: rename(primaryKey.columns) };
          uniques = uniques.map((u) => ({ ...u, columns: rename(u.columns) }));
          foreignKeys = foreignKeys.map((fk) => ({ ...fk, columns: rename(fk.columns) }));
          const newName = op.newName;
          indexes = indexes.map((i) => renameIndexColumn(i, op.column, newName));
        }
        break;
      }
      case "createIndex":
        indexes.push(indexOf(op));
        break;
      case "dropIndex": {
        const before = indexes.length;
        indexes = indexes.filter((i) => i.name !== op.name);
        if (indexes.length === before && !op.ifExists)
          throw new BatchError(`table ${table.name} has no index ${op.name}`);
        break;
      }
      case "createPrimaryKey":
        primaryKey = op.constraint;
        break;
      case "createUniqueConstraint":
        uniques.push(op.constraint);
        break;
      case "createForeignKey":
        foreignKeys.push(op.constraint);
        break;
      case "createCheckConstraint":
        checks.push(op.constraint);
        break;
      case "dropConstraint": {
        // A constraint SQLite keeps without a name is found by its columns, given the dropped one's definition.
        const existingColumns =
          op.existing !== undefined && "columns" in op.existing.constraint
            ? op.existing.constraint.columns
            : undefined;
        const matches = (
          kind: string,
          constraint: { name?: string | undefined; columns?: readonly string[] },
        ) => {
          if (op.type !== undefined && op.type !== kind) return false;
          if (constraint.name === op.name) return true;
          return (
            constraint.name === undefined &&
            op.existing?.type === kind &&
            existingColumns !== undefined &&
            constraint.columns !== undefined &&
            sameColumns(constraint.columns, existingColumns)
          );
        };
        const before = [primaryKey, ...uniques, ...foreignKeys, ...checks].filter(Boolean).length;
        // A table has one primary key: asked for by type, it goes whatever it is called.
        if (primaryKey && (op.type === "primaryKey" || matches("primaryKey", primaryKey)))
          primaryKey = undefined;
        uniques = uniques.filter((u) => !matches("unique", u));
        foreignKeys = foreignKeys.filter((fk) => !matches("foreignKey", fk));
        checks = checks.filter((c) => !matches("check", c));
        const after = [primaryKey, ...uniques, ...foreignKeys, ...checks].filter(Boolean).length;
        if (after === before) throw new BatchError(`table ${table.name} has no constraint named ${op.name}`);
        break;
      }
    }
  }
  if (columns.length === 0) throw new BatchError(`table ${table.name} would have no columns left`);
  return {
    table: deepFreeze({ ...table, columns, primaryKey, uniques, foreignKeys, checks, indexes }),
    sources,
  };
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}
