// One line per operation for people: what `retort check` lists and what --interactive and logs print.

import { qualifiedName } from "../dialects/introspector.js";
import type { AlterColumnOperation, BatchOperation, Operation } from "../operations/operation.js";
import type { ColumnIdentity } from "../schema/column.js";
import type { ColumnType } from "../schema/types.js";

function typeText(type: ColumnType): string {
  switch (type.kind) {
    case "varchar":
    case "char":
      return type.length === undefined ? type.kind : `${type.kind}(${type.length})`;
    case "numeric":
      return type.precision === undefined
        ? "numeric"
        : `numeric(${[type.precision, type.scale].filter((n) => n !== undefined).join(",")})`;
    case "timestamp":
    case "time":
      return `${type.kind}${type.precision === undefined ? "" : `(${type.precision})`}${type.withTimeZone ? " with time zone" : ""}`;
    case "enum":
      return `enum ${type.name}(${type.values.join(", ")})`;
    case "native":
      return type.sql;
    default:
      return type.kind;
  }
}

/** `GENERATED ALWAYS (start 1000, increment 10)`: the kind and the options kept off the defaults. */
function identityText(identity: ColumnIdentity): string {
  const options = Object.entries(identity.sequence ?? {}).map(([key, value]) => `${key} ${String(value)}`);
  return `GENERATED ${identity.always ? "ALWAYS" : "BY DEFAULT"}${options.length > 0 ? ` (${options.join(", ")})` : ""}`;
}

function identityChangeText(op: AlterColumnOperation): string {
  if (op.identity === null) return "drop identity";
  if (op.identity === undefined) return "";
  if (op.existingIdentity === null) return `add identity ${identityText(op.identity)}`;
  const from = op.existingIdentity === undefined ? "?" : identityText(op.existingIdentity);
  return `identity ${from} -> ${identityText(op.identity)}`;
}

const CONSTRAINT_WORDS: Readonly<Record<string, string>> = {
  primaryKey: "primary key",
  unique: "unique constraint",
  foreignKey: "foreign key",
  check: "check constraint",
  constraint: "constraint",
};

function on(table: string, schema: string | undefined): string {
  return qualifiedName({ schema, name: table });
}

/** A human description of one operation, e.g. `add column users.email varchar(200) NOT NULL`. */
export function describeOperation(operation: Operation | BatchOperation): string {
  switch (operation.kind) {
    case "createTable":
      return `add table ${qualifiedName(operation.definition)}`;
    case "dropTable":
      return `remove table ${on(operation.table, operation.schema)}`;
    case "renameTable":
      return `rename table ${on(operation.table, operation.schema)} to ${operation.newName}`;
    case "attachPartition":
      return `attach partition ${on(operation.partition, operation.partitionSchema)} to ${on(operation.table, operation.schema)} ${operation.bound}`;
    case "detachPartition":
      return `detach partition ${on(operation.partition, operation.partitionSchema)} from ${on(operation.table, operation.schema)}`;
    case "partitionTable":
      return `${operation.existing === undefined ? "partition" : "repartition"} table ${on(operation.table, operation.schema)} (rebuilds the table, copying every row) by ${operation.partitioning}`;
    case "removePartitioning":
      return `remove partitioning from table ${on(operation.table, operation.schema)} (rebuilds the table, copying every row)`;
    case "reorganizePartitions":
      return `reorganize partitions of table ${on(operation.table, operation.schema)} (moves only their rows): ${operation.from.join(", ")} into ${operation.into.join(", ")}`;
    case "createTableComment":
      return `set comment on table ${on(operation.table, operation.schema)}`;
    case "dropTableComment":
      return `remove comment from table ${on(operation.table, operation.schema)}`;
    case "addColumn": {
      const c = operation.column;
      return `add column ${on(operation.table, operation.schema)}.${c.name} ${typeText(c.type)}${c.nullable ? "" : " NOT NULL"}`;
    }
    case "dropColumn":
      return `remove column ${on(operation.table, operation.schema)}.${operation.column}`;
    case "alterColumn": {
      const changes: string[] = [];
      if (operation.newName !== undefined) changes.push(`rename to ${operation.newName}`);
      if (operation.type !== undefined) {
        changes.push(
          `type ${operation.existingType ? typeText(operation.existingType) : "?"} -> ${typeText(operation.type)}`,
        );
      }
      if (operation.nullable !== undefined) changes.push(operation.nullable ? "NULL" : "NOT NULL");
      if (operation.default !== undefined)
        changes.push(operation.default === null ? "drop default" : "new default");
      if (operation.comment !== undefined)
        changes.push(operation.comment === null ? "drop comment" : "new comment");
      if (operation.identity !== undefined) changes.push(identityChangeText(operation));
      return `alter column ${on(operation.table, operation.schema)}.${operation.column}: ${changes.join(", ")}`;
    }
    case "createIndex":
      return `add ${operation.unique ? "unique " : ""}index ${operation.name} on ${on(operation.table, operation.schema)}${
        operation.method === undefined ? "" : ` using ${operation.method}`
      }`;
    case "dropIndex":
      return `remove index ${operation.name}${operation.table ? ` on ${on(operation.table, operation.schema)}` : ""}`;
    case "createPrimaryKey":
      return `add primary key ${operation.constraint.name} on ${on(operation.table, operation.schema)} (${operation.constraint.columns.join(", ")})`;
    case "createUniqueConstraint":
      return `add unique constraint ${operation.constraint.name} on ${on(operation.table, operation.schema)} (${operation.constraint.columns.join(", ")})`;
    case "createForeignKey":
      return `add foreign key ${operation.constraint.name} on ${on(operation.table, operation.schema)} (${operation.constraint.columns.join(", ")}) -> ${operation.constraint.referencedTable}`;
    case "createCheckConstraint":
      return `add check constraint ${operation.constraint.name} on ${on(operation.table, operation.schema)}`;
    case "dropConstraint":
      return `remove ${CONSTRAINT_WORDS[operation.type ?? "constraint"]} ${operation.name || "(unnamed)"} on ${on(operation.table, operation.schema)}`;
    case "createEnum":
      return `add enum ${on(operation.name, operation.schema)} (${operation.values.join(", ")})`;
    case "dropEnum":
      return `remove enum ${on(operation.name, operation.schema)}`;
    case "addEnumValue":
      return `add value '${operation.value}' to enum ${on(operation.name, operation.schema)}`;
    case "createSequence":
      return `add sequence ${on(operation.sequence.name, operation.sequence.schema)}`;
    case "alterSequence":
      return `alter sequence ${on(operation.name, operation.schema)}: ${Object.keys(operation.changes).join(", ")}`;
    case "dropSequence":
      return `remove sequence ${on(operation.name, operation.schema)}`;
    case "createDomain":
      return `add domain ${on(operation.domain.name, operation.domain.schema)} (${typeText(operation.domain.type)})`;
    case "alterDomain":
      return `alter domain ${on(operation.name, operation.schema)}: ${Object.keys(operation.changes).join(", ")}`;
    case "dropDomain":
      return `remove domain ${on(operation.name, operation.schema)}`;
    case "createSchema":
      return `add schema ${operation.name}`;
    case "dropSchema":
      return `remove schema ${operation.name}`;
    case "execute":
      return "execute SQL";
    case "bulkInsert":
      return `insert ${operation.rows.length} rows into ${on(operation.table, operation.schema)}`;
    case "batchAlterTable":
      return operation.operations.map(describeOperation).join("\n");
  }
}
