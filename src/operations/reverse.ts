// The operation that undoes another, where the operation carries enough to know it: a drop needs the
// definition it removes (`existing`), an alterColumn the existing value of every property it changes.

import type { Column } from "../schema/column.js";
import { applyBatch } from "./batch.js";
import { indexOf } from "./build.js";
import type {
  AlterColumnOperation,
  BatchOperation,
  DropConstraintOperation,
  Operation,
} from "./operation.js";

const freeze = <T extends Operation>(op: T): T =>
  Object.freeze(Object.fromEntries(Object.entries(op).filter(([, v]) => v !== undefined))) as T;

function reverseAlterColumn(op: AlterColumnOperation): AlterColumnOperation | undefined {
  const unknown =
    (op.type !== undefined && op.existingType === undefined) ||
    (op.nullable !== undefined && op.existingNullable === undefined) ||
    (op.default !== undefined && op.existingDefault === undefined) ||
    (op.comment !== undefined && op.existingComment === undefined) ||
    (op.onUpdate !== undefined && op.existingOnUpdate === undefined) ||
    (op.identity !== undefined && op.existingIdentity === undefined);
  if (unknown) return undefined;
  return freeze({
    kind: "alterColumn",
    table: op.table,
    schema: op.schema,
    column: op.newName ?? op.column,
    newName: op.newName === undefined ? undefined : op.column,
    type: op.type === undefined ? undefined : op.existingType,
    existingType: op.type ?? op.existingType,
    nullable: op.nullable === undefined ? undefined : op.existingNullable,
    existingNullable: op.nullable ?? op.existingNullable,
    default: op.default === undefined ? undefined : op.existingDefault,
    existingDefault: op.default === undefined ? op.existingDefault : op.default,
    comment: op.comment === undefined ? undefined : op.existingComment,
    existingComment: op.comment === undefined ? op.existingComment : op.comment,
    onUpdate: op.onUpdate === undefined ? undefined : op.existingOnUpdate,
    existingOnUpdate: op.onUpdate === undefined ? op.existingOnUpdate : op.onUpdate,
    identity: op.identity === undefined ? undefined : op.existingIdentity,
    existingIdentity: op.identity === undefined ? op.existingIdentity : op.identity,
  });
}

function recreateConstraint(op: DropConstraintOperation): Operation | undefined {
  if (op.existing === undefined) return undefined;
  const base = { table: op.table, schema: op.schema };
  const existing = op.existing;
  switch (existing.type) {
    case "primaryKey":
      return freeze({
        ...base,
        kind: "createPrimaryKey",
        constraint: { ...existing.constraint, name: op.name },
      });
    case "unique":
      return freeze({
        ...base,
        kind: "createUniqueConstraint",
        constraint: { ...existing.constraint, name: op.name },
      });
    case "foreignKey":
      return freeze({
        ...base,
        kind: "createForeignKey",
        constraint: { ...existing.constraint, name: op.name },
      });
    case "check":
      return freeze({
        ...base,
        kind: "createCheckConstraint",
        constraint: { ...existing.constraint, name: op.name },
      });
  }
}

/** The operation undoing `operation`, or undefined when it cannot be known (data changes, drops without `existing`). */
export function reverseOperation(operation: Operation): Operation | undefined {
  const op = operation;
  switch (op.kind) {
    case "createTable":
      return freeze({
        kind: "dropTable",
        table: op.definition.name,
        schema: op.definition.schema,
        ifExists: false,
        existing: op.definition,
      });
    case "dropTable":
      return op.existing && freeze({ kind: "createTable", definition: op.existing });
    case "renameTable":
      return freeze({ kind: "renameTable", table: op.newName, schema: op.schema, newName: op.table });
    case "attachPartition":
      return freeze({
        kind: "detachPartition",
        table: op.table,
        schema: op.schema,
        partition: op.partition,
        partitionSchema: op.partitionSchema,
        existingBound: op.bound,
      });
    case "detachPartition":
      return op.existingBound === undefined
        ? undefined
        : freeze({
            kind: "attachPartition",
            table: op.table,
            schema: op.schema,
            partition: op.partition,
            partitionSchema: op.partitionSchema,
            bound: op.existingBound,
          });
    case "partitionTable":
      return op.existing === undefined
        ? freeze({
            kind: "removePartitioning",
            table: op.table,
            schema: op.schema,
            existing: op.partitioning,
          })
        : freeze({
            kind: "partitionTable",
            table: op.table,
            schema: op.schema,
            partitioning: op.existing,
            existing: op.partitioning,
          });
    case "removePartitioning":
      return op.existing === undefined
        ? undefined
        : freeze({
            kind: "partitionTable",
            table: op.table,
            schema: op.schema,
            partitioning: op.existing,
            existing: undefined,
          });
    case "reorganizePartitions":
      return freeze({
        kind: "reorganizePartitions",
        table: op.table,
        schema: op.schema,
        from: op.into,
        into: op.from,
      });
    case "createTableComment":
      return op.existingComment === undefined
        ? freeze({
            kind: "dropTableComment",
            table: op.table,
            schema: op.schema,
            existingComment: op.comment,
          })
        : freeze({ ...op, comment: op.existingComment, existingComment: op.comment });
    case "dropTableComment":
      return op.existingComment === undefined
        ? undefined
        : freeze({
            kind: "createTableComment",
            table: op.table,
            schema: op.schema,
            comment: op.existingComment,
            existingComment: undefined,
          });
    case "addColumn":
      return freeze({
        kind: "dropColumn",
        table: op.table,
        schema: op.schema,
        column: op.column.name,
        existing: op.column,
      });
    case "dropColumn":
      return (
        op.existing &&
        freeze({ kind: "addColumn", table: op.table, schema: op.schema, column: op.existing as Column })
      );
    case "alterColumn":
      return reverseAlterColumn(op);
    case "createIndex":
      return freeze({
        kind: "dropIndex",
        name: op.name,
        table: op.table,
        schema: op.schema,
        concurrently: op.concurrently,
        ifExists: false,
        existing: indexOf(op),
      });
    case "dropIndex":
      return op.existing && op.table !== undefined
        ? freeze({
            kind: "createIndex",
            name: op.name,
            table: op.table,
            schema: op.schema,
            columns: op.existing.columns,
            unique: op.existing.unique ?? false,
            where: op.existing.where,
            method: op.existing.method,
            include: op.existing.include,
            concurrently: op.concurrently,
            ifNotExists: false,
          })
        : undefined;
    case "createPrimaryKey":
      return freeze({
        kind: "dropConstraint",
        table: op.table,
        schema: op.schema,
        name: op.constraint.name,
        type: "primaryKey",
        existing: { type: "primaryKey", constraint: op.constraint },
      });
    case "createUniqueConstraint":
      return freeze({
        kind: "dropConstraint",
        table: op.table,
        schema: op.schema,
        name: op.constraint.name,
        type: "unique",
        existing: { type: "unique", constraint: op.constraint },
      });
    case "createForeignKey":
      return freeze({
        kind: "dropConstraint",
        table: op.table,
        schema: op.schema,
        name: op.constraint.name,
        type: "foreignKey",
        existing: { type: "foreignKey", constraint: op.constraint },
      });
    case "createCheckConstraint":
      return freeze({
        kind: "dropConstraint",
        table: op.table,
        schema: op.schema,
        name: op.constraint.name,
        type: "check",
        existing: { type: "check", constraint: op.constraint },
      });
    case "dropConstraint":
      return recreateConstraint(op);
    case "createEnum":
      return freeze({
        kind: "dropEnum",
        name: op.name,
        schema: op.schema,
        ifExists: false,
        existingValues: op.values,
      });
    case "dropEnum":
      return (
        op.existingValues &&
        freeze({ kind: "createEnum", name: op.name, schema: op.schema, values: op.existingValues })
      );
    case "createSequence":
      return freeze({
        kind: "dropSequence",
        name: op.sequence.name,
        schema: op.sequence.schema,
        ifExists: false,
        existing: op.sequence,
      });
    case "alterSequence": {
      const existing = op.existing;
      const known = existing !== undefined && Object.keys(op.changes).every((key) => key in existing);
      return known ? freeze({ ...op, changes: existing, existing: op.changes }) : undefined;
    }
    case "dropSequence":
      return op.existing && freeze({ kind: "createSequence", sequence: op.existing, ifNotExists: false });
    case "createDomain":
      return freeze({
        kind: "dropDomain",
        name: op.domain.name,
        schema: op.domain.schema,
        ifExists: false,
        existing: op.domain,
      });
    case "alterDomain":
      return op.existing && freeze({ ...op, changes: op.existing, existing: op.changes });
    case "dropDomain":
      return op.existing && freeze({ kind: "createDomain", domain: op.existing });
    case "createSchema":
      return freeze({ kind: "dropSchema", name: op.name, ifExists: false, cascade: false });
    case "dropSchema":
      // A cascading drop took the schema's contents with it; re-creating an empty schema would not undo that.
      return op.cascade ? undefined : freeze({ kind: "createSchema", name: op.name, ifNotExists: false });
    case "batchAlterTable": {
      const reversed: BatchOperation[] = [];
      for (const inner of [...op.operations].reverse()) {
        const undo = reverseOperation(inner) as BatchOperation | undefined;
        if (undo === undefined) return undefined;
        reversed.push(undo);
      }
      const copyFrom = op.copyFrom && applyBatch(op.copyFrom, op.operations).table;
      return freeze({ ...op, operations: reversed, copyFrom });
    }
    case "addEnumValue":
    case "execute":
    case "bulkInsert":
      return undefined;
  }
}
