// Operations back to TypeScript: the statements of a revision's upgrade() and downgrade(), written with the
// same `op` calls and column builders a person would write, plus comments where a human must look.

import type {
  BatchOperation,
  DomainChanges,
  ExistingConstraint,
  Operation,
} from "../operations/operation.js";
import type { Column, ColumnDefault, ColumnIdentity } from "../schema/column.js";
import type { ForeignKey, Index, IndexColumn } from "../schema/constraints.js";
import type { SqlExpression } from "../schema/sql.js";
import type { Table } from "../schema/table.js";
import type { ColumnType } from "../schema/types.js";

const str = (value: string) => JSON.stringify(value);
const list = (values: readonly string[]) => `[${values.map(str).join(", ")}]`;

/** `{ a: 1, b: "x" }` from entries whose value is already code; undefined entries are left out. */
function object(entries: readonly (readonly [string, string | undefined])[]): string {
  const kept = entries.filter(([, v]) => v !== undefined) as [string, string][];
  if (kept.length === 0) return "{}";
  return `{ ${kept.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : str(k)}: ${v}`).join(", ")} }`;
}

/** Trailing `, { … }` for an options object, or nothing when it is empty. */
function optionsArg(entries: readonly (readonly [string, string | undefined])[]): string {
  const rendered = object(entries);
  return rendered === "{}" ? "" : `, ${rendered}`;
}

function schemaOption(schema: string | undefined): readonly [string, string | undefined] {
  return ["schema", schema === undefined ? undefined : str(schema)];
}

/** A `sql` expression as an `op.sql` template literal, identifiers and values kept apart as written. */
export function renderSql(expr: SqlExpression): string {
  const body = (e: SqlExpression): string =>
    e.fragments
      .map((fragment) => {
        if ("text" in fragment) return fragment.text.replace(/[`\\]/g, "\\$&").replaceAll("${", "\\${");
        if ("identifier" in fragment) return `\${op.sql.id(${str(fragment.identifier)})}`;
        if ("expression" in fragment) return body(fragment.expression);
        return `\${${JSON.stringify(fragment.value) ?? "null"}}`;
      })
      .join("");
  return `op.sql\`${body(expr)}\``;
}

/** A value as code: `10`, `9223372036854775807n`, `null`, `{ table: "t", column: "id" }`. */
function valueCode(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "object" && value !== null)
    return object(Object.entries(value).map(([k, v]) => [k, valueCode(v)] as const));
  return JSON.stringify(value) ?? "undefined";
}

/** Sequence options (and alterSequence changes, where null is "back to the default") as object entries. */
function sequenceOptions(options: object): (readonly [string, string | undefined])[] {
  return Object.entries(options).map(([k, v]) => [k, v === undefined ? undefined : valueCode(v)] as const);
}

/** An identity as `.identity()` and alterColumn take it: `{ always: true, start: 1000 }`. */
function identityObject(identity: ColumnIdentity): string {
  return object([
    ["always", identity.always ? "true" : undefined],
    ...sequenceOptions(identity.sequence ?? {}),
  ]);
}

/** alterColumn's identity and existingIdentity: `true` stands for a plain BY DEFAULT identity (MySQL AUTO_INCREMENT). */
function identityOption(
  identity: ColumnIdentity | null | undefined,
  plain: "true" | "{}",
): string | undefined {
  if (identity === undefined) return undefined;
  if (identity === null) return "null";
  const code = identityObject(identity);
  return code === "{}" ? plain : code;
}

/** The builder for a type: `op.column.varchar(80)`. */
export function renderType(type: ColumnType): string {
  switch (type.kind) {
    case "varchar":
    case "char":
      return `op.column.${type.kind}(${type.length ?? ""})`;
    case "numeric":
      return `op.column.numeric(${[type.precision, type.scale].filter((n) => n !== undefined).join(", ")})`;
    case "time":
    case "timestamp": {
      const options = object([
        ["withTimeZone", type.withTimeZone ? "true" : undefined],
        ["precision", type.precision === undefined ? undefined : String(type.precision)],
      ]);
      return `op.column.${type.kind}(${options === "{}" ? "" : options})`;
    }
    case "enum":
      return `op.column.enum(${str(type.name)}, ${list(type.values)}${optionsArg([schemaOption(type.schema)])})`;
    case "native":
      return type.domain && type.arrayDimensions === 0 && type.collation === undefined
        ? `op.column.domain(${str(type.name)}${optionsArg([schemaOption(type.schema)])})`
        : `op.column.native(${str(type.sql)})`;
    default:
      return `op.column.${type.kind}()`;
  }
}

function renderNamedChecks(checks: readonly { name: string; condition: SqlExpression }[]): string {
  return `[${checks
    .map((c) =>
      object([
        ["name", str(c.name)],
        ["condition", renderSql(c.condition)],
      ]),
    )
    .join(", ")}]`;
}

function renderDefault(value: ColumnDefault): string {
  if ("fragments" in value) return renderSql(value);
  const literal = value.value;
  return typeof literal === "bigint" ? `${literal}n` : JSON.stringify(literal);
}

/** A column builder chain: `op.column.text().notNull().default("x")`. */
export function renderColumn(column: Column, options: { primaryKey?: boolean } = {}): string {
  let code = renderType(column.type);
  if (options.primaryKey) code += ".primaryKey()";
  else if (!column.nullable && column.identity === undefined) code += ".notNull()";
  if (column.identity) code += `.identity(${identityObject(column.identity).replace(/^\{\}$/, "")})`;
  // `.primaryKey()` and `.identity()` imply NOT NULL; SQLite keeps a key column declared without it nullable.
  if (column.nullable && (options.primaryKey || column.identity)) code += ".nullable()";
  if (column.default !== undefined) code += `.default(${renderDefault(column.default)})`;
  if (column.generated !== undefined) {
    code += `.generatedAlwaysAs(${renderSql(column.generated.expression)}${column.generated.stored ? ", { stored: true }" : ""})`;
  }
  if (column.onUpdate !== undefined) code += `.onUpdate(${renderSql(column.onUpdate)})`;
  if (column.comment !== undefined) code += `.comment(${str(column.comment)})`;
  return code;
}

function renderIndexKey(key: string | SqlExpression): string {
  return typeof key === "string" ? str(key) : renderSql(key);
}

/** Key parts: a bare name or expression, or `{ column, descending, … }` when the part has options. */
function renderIndexColumns(columns: readonly IndexColumn[]): string {
  const part = (c: IndexColumn) => {
    if (typeof c === "string" || !("column" in c)) return renderIndexKey(c);
    return object([
      ["column", renderIndexKey(c.column)],
      ["descending", c.descending ? "true" : undefined],
      ["nulls", c.nulls === undefined ? undefined : str(c.nulls)],
      ["opclass", c.opclass === undefined ? undefined : str(c.opclass)],
      ["collation", c.collation === undefined ? undefined : str(c.collation)],
      ["length", c.length === undefined ? undefined : String(c.length)],
    ]);
  };
  return `[${columns.map(part).join(", ")}]`;
}

/** The options an index has besides its keys, as `op.createIndex` and `table({ indexes })` take them. */
function indexOptions(index: Omit<Index, "name" | "columns">): (readonly [string, string | undefined])[] {
  return [
    ["unique", index.unique ? "true" : undefined],
    ["method", index.method === undefined ? undefined : str(index.method)],
    ["include", index.include === undefined ? undefined : list(index.include)],
    ["where", index.where === undefined ? undefined : renderSql(index.where)],
  ];
}

function foreignKeyOptions(fk: ForeignKey): (readonly [string, string | undefined])[] {
  return [
    ["referencedSchema", fk.referencedSchema === undefined ? undefined : str(fk.referencedSchema)],
    ["onDelete", fk.onDelete === undefined ? undefined : str(fk.onDelete)],
    ["onUpdate", fk.onUpdate === undefined ? undefined : str(fk.onUpdate)],
    ["deferrable", fk.deferrable === undefined ? undefined : String(fk.deferrable)],
    ["initially", fk.initially === undefined ? undefined : str(fk.initially)],
  ];
}

/** A dropped constraint's definition, for the ones found by their columns; undefined for the others. */
function existingConstraintCode(existing: ExistingConstraint | undefined): string | undefined {
  if (existing === undefined || existing.type === "check") return undefined;
  const { constraint } = existing;
  const definition =
    existing.type === "foreignKey"
      ? object([
          ["columns", list(existing.constraint.columns)],
          ["referencedTable", str(existing.constraint.referencedTable)],
          ["referencedColumns", list(existing.constraint.referencedColumns)],
          ...foreignKeyOptions(existing.constraint),
        ])
      : object([["columns", list(constraint.columns)]]);
  return object([
    ["type", str(existing.type)],
    ["constraint", definition],
  ]);
}

function renderCreateTable(table: Table): string[] {
  const pk = table.primaryKey;
  const inlinePk =
    pk !== undefined && pk.name === undefined && pk.columns.length === 1 ? pk.columns[0] : undefined;
  const columns = table.columns.map(
    (c) =>
      `  ${/^[A-Za-z_$][\w$]*$/.test(c.name) ? c.name : str(c.name)}: ${renderColumn(c, { primaryKey: c.name === inlinePk })},`,
  );
  const options: string[] = [];
  if (table.schema !== undefined) options.push(`schema: ${str(table.schema)}`);
  if (pk !== undefined && inlinePk === undefined) {
    options.push(
      `primaryKey: ${
        pk.name === undefined
          ? list(pk.columns)
          : object([
              ["name", str(pk.name)],
              ["columns", list(pk.columns)],
            ])
      }`,
    );
  }
  if (table.uniques.length > 0) {
    const items = table.uniques.map((u) =>
      u.name === undefined
        ? list(u.columns)
        : object([
            ["name", str(u.name)],
            ["columns", list(u.columns)],
          ]),
    );
    options.push(`uniques: [${items.join(", ")}]`);
  }
  if (table.foreignKeys.length > 0) {
    const items = table.foreignKeys.map((fk) =>
      object([
        ["name", fk.name === undefined ? undefined : str(fk.name)],
        ["columns", list(fk.columns)],
        ["references", str(fk.referencedTable)],
        ["referencedColumns", list(fk.referencedColumns)],
        ...foreignKeyOptions(fk),
      ]),
    );
    options.push(`foreignKeys: [\n    ${items.join(",\n    ")},\n  ]`);
  }
  if (table.checks.length > 0) {
    const items = table.checks.map((c) =>
      c.name === undefined
        ? renderSql(c.condition)
        : object([
            ["name", str(c.name)],
            ["condition", renderSql(c.condition)],
          ]),
    );
    options.push(`checks: [${items.join(", ")}]`);
  }
  if (table.indexes.length > 0) {
    const items = table.indexes.map((i) =>
      object([["name", str(i.name)], ["columns", renderIndexColumns(i.columns)], ...indexOptions(i)]),
    );
    options.push(`indexes: [\n    ${items.join(",\n    ")},\n  ]`);
  }
  if (table.comment !== undefined) options.push(`comment: ${str(table.comment)}`);
  if (table.collation !== undefined) options.push(`collation: ${str(table.collation)}`);
  if (table.partitionBy !== undefined) options.push(`partitionBy: ${str(table.partitionBy)}`);
  if (table.partitioning !== undefined) options.push(`partitioning: ${str(table.partitioning)}`);
  if (table.partitionOf !== undefined) {
    const parent = table.partitionOf;
    options.push(
      `partitionOf: ${object([
        ["table", str(parent.table)],
        ["schema", parent.schema === undefined ? undefined : str(parent.schema)],
        ["bound", str(parent.bound)],
      ])}`,
    );
  }
  // A partition that takes its parent's columns lists none: `{}` on the first line.
  const opening = `await op.createTable(${str(table.name)}, {`;
  const closing = columns.length === 0 ? `${opening}}` : "}";
  const lines = [...(columns.length === 0 ? [] : [opening, ...columns])];
  if (options.length === 0) lines.push(`${closing});`);
  else lines.push(`${closing}, {`, ...options.map((o) => `  ${o},`), "});");
  return lines;
}

/** One operation as statements; `target` is `op` or, inside a batch, `batch` (which takes no table name). */
function renderOperation(
  operation: Operation | BatchOperation,
  notes: ReadonlyMap<Operation, string> | undefined,
  target = "op",
): string[] {
  const inBatch = target !== "op";
  const tableArg = (table: string) => (inBatch ? "" : `${str(table)}, `);
  const call = (text: string) => (inBatch ? `${target}.${text};` : `await ${target}.${text};`);
  switch (operation.kind) {
    case "createTable":
      return renderCreateTable(operation.definition);
    case "dropTable":
      return [call(`dropTable(${str(operation.table)}${optionsArg([schemaOption(operation.schema)])})`)];
    case "renameTable":
      return [
        call(
          `renameTable(${str(operation.table)}, ${str(operation.newName)}${optionsArg([schemaOption(operation.schema)])})`,
        ),
      ];
    case "attachPartition":
      return [
        call(
          `attachPartition(${str(operation.table)}, ${str(operation.partition)}, ${str(operation.bound)}${optionsArg(
            [
              schemaOption(operation.schema),
              [
                "partitionSchema",
                operation.partitionSchema === undefined ? undefined : str(operation.partitionSchema),
              ],
            ],
          )})`,
        ),
      ];
    case "detachPartition":
      return [
        call(
          `detachPartition(${str(operation.table)}, ${str(operation.partition)}${optionsArg([
            schemaOption(operation.schema),
            [
              "partitionSchema",
              operation.partitionSchema === undefined ? undefined : str(operation.partitionSchema),
            ],
            [
              "existingBound",
              operation.existingBound === undefined ? undefined : str(operation.existingBound),
            ],
          ])})`,
        ),
      ];
    case "partitionTable":
      return [
        call(
          `partitionTable(${str(operation.table)}, ${str(operation.partitioning)}${optionsArg([
            schemaOption(operation.schema),
            ["existing", operation.existing === undefined ? undefined : str(operation.existing)],
          ])})`,
        ),
      ];
    case "removePartitioning":
      return [
        call(
          `removePartitioning(${str(operation.table)}${optionsArg([
            schemaOption(operation.schema),
            ["existing", operation.existing === undefined ? undefined : str(operation.existing)],
          ])})`,
        ),
      ];
    case "reorganizePartitions":
      return [
        call(
          `reorganizePartitions(${str(operation.table)}, [${operation.from.map(str).join(", ")}], [${operation.into
            .map(str)
            .join(", ")}]${optionsArg([schemaOption(operation.schema)])})`,
        ),
      ];
    case "createTableComment":
      return [
        call(
          `createTableComment(${str(operation.table)}, ${str(operation.comment)}${optionsArg([
            schemaOption(operation.schema),
            [
              "existingComment",
              operation.existingComment === undefined ? undefined : str(operation.existingComment),
            ],
          ])})`,
        ),
      ];
    case "dropTableComment":
      return [
        call(
          `dropTableComment(${str(operation.table)}${optionsArg([
            schemaOption(operation.schema),
            [
              "existingComment",
              operation.existingComment === undefined ? undefined : str(operation.existingComment),
            ],
          ])})`,
        ),
      ];
    case "addColumn":
      return [
        call(
          `addColumn(${tableArg(operation.table)}${str(operation.column.name)}, ${renderColumn(operation.column)}${
            inBatch ? "" : optionsArg([schemaOption(operation.schema)])
          })`,
        ),
      ];
    case "dropColumn":
      return [
        call(
          `dropColumn(${tableArg(operation.table)}${str(operation.column)}${inBatch ? "" : optionsArg([schemaOption(operation.schema)])})`,
        ),
      ];
    case "alterColumn": {
      const defaultCode = (value: ColumnDefault | null | undefined) =>
        value === undefined ? undefined : value === null ? "null" : renderDefault(value);
      const expressionCode = (value: SqlExpression | null | undefined) =>
        value === undefined ? undefined : value === null ? "null" : renderSql(value);
      const commentCode = (value: string | null | undefined) =>
        value === undefined ? undefined : value === null ? "null" : str(value);
      const options = object([
        ...(inBatch ? [] : [schemaOption(operation.schema)]),
        ["newName", operation.newName === undefined ? undefined : str(operation.newName)],
        ["type", operation.type === undefined ? undefined : renderType(operation.type)],
        ["nullable", operation.nullable === undefined ? undefined : String(operation.nullable)],
        ["default", defaultCode(operation.default)],
        ["comment", commentCode(operation.comment)],
        ["onUpdate", expressionCode(operation.onUpdate)],
        ["identity", identityOption(operation.identity, "{}")],
        [
          "existingType",
          operation.existingType === undefined ? undefined : renderType(operation.existingType),
        ],
        [
          "existingNullable",
          operation.existingNullable === undefined ? undefined : String(operation.existingNullable),
        ],
        ["existingDefault", defaultCode(operation.existingDefault)],
        ["existingComment", commentCode(operation.existingComment)],
        // Where the identity does not change, only MySQL needs it (to keep AUTO_INCREMENT), and only when there is one.
        [
          "existingIdentity",
          operation.identity === undefined && !operation.existingIdentity
            ? undefined
            : identityOption(operation.existingIdentity, "true"),
        ],
        ["existingOnUpdate", expressionCode(operation.existingOnUpdate)],
      ]);
      return [call(`alterColumn(${tableArg(operation.table)}${str(operation.column)}, ${options})`)];
    }
    case "createIndex":
      return [
        call(
          `createIndex(${str(operation.name)}, ${tableArg(operation.table)}${renderIndexColumns(operation.columns)}${optionsArg(
            [...(inBatch ? [] : [schemaOption(operation.schema)]), ...indexOptions(operation)],
          )})`,
        ),
      ];
    case "dropIndex":
      return [
        call(
          `dropIndex(${str(operation.name)}${optionsArg([
            ...(inBatch ? [] : [schemaOption(operation.schema)]),
            ["table", inBatch || operation.table === undefined ? undefined : str(operation.table)],
          ])})`,
        ),
      ];
    case "createPrimaryKey":
    case "createUniqueConstraint":
      return [
        call(
          `${operation.kind}(${str(operation.constraint.name)}, ${tableArg(operation.table)}${list(operation.constraint.columns)}${
            inBatch ? "" : optionsArg([schemaOption(operation.schema)])
          })`,
        ),
      ];
    case "createForeignKey": {
      const fk = operation.constraint;
      return [
        call(
          `createForeignKey(${str(fk.name)}, ${tableArg(operation.table)}${list(fk.columns)}, ${str(fk.referencedTable)}, ${list(
            fk.referencedColumns,
          )}${optionsArg([...(inBatch ? [] : [schemaOption(operation.schema)]), ...foreignKeyOptions(fk)])})`,
        ),
      ];
    }
    case "createCheckConstraint":
      return [
        call(
          `createCheckConstraint(${str(operation.constraint.name)}, ${tableArg(operation.table)}${renderSql(operation.constraint.condition)}${
            inBatch ? "" : optionsArg([schemaOption(operation.schema)])
          })`,
        ),
      ];
    case "dropConstraint":
      return [
        call(
          `dropConstraint(${str(operation.name)}${inBatch ? "" : `, ${str(operation.table)}`}${optionsArg([
            ...(inBatch ? [] : [schemaOption(operation.schema)]),
            ["type", operation.type === undefined ? undefined : str(operation.type)],
            // Without a name, the constraint is found by its definition (SQLite keeps no name for it).
            ["existing", operation.name === "" ? existingConstraintCode(operation.existing) : undefined],
          ])})`,
        ),
      ];
    case "createEnum":
      return [
        call(
          `createEnum(${str(operation.name)}, ${list(operation.values)}${optionsArg([schemaOption(operation.schema)])})`,
        ),
      ];
    case "dropEnum":
      return [
        call(
          `dropEnum(${str(operation.name)}${optionsArg([
            schemaOption(operation.schema),
            [
              "existingValues",
              operation.existingValues === undefined ? undefined : list(operation.existingValues),
            ],
          ])})`,
        ),
      ];
    case "addEnumValue":
      return [
        call(
          `addEnumValue(${str(operation.name)}, ${str(operation.value)}${optionsArg([
            schemaOption(operation.schema),
            ["before", operation.before === undefined ? undefined : str(operation.before)],
            ["after", operation.after === undefined ? undefined : str(operation.after)],
          ])})`,
        ),
      ];
    case "createSequence": {
      const { kind: _, name, schema, ...options } = operation.sequence;
      return [
        call(
          `createSequence(${str(name)}${optionsArg([schemaOption(schema), ...sequenceOptions(options)])})`,
        ),
      ];
    }
    case "alterSequence":
      return [
        call(
          `alterSequence(${str(operation.name)}, ${object([
            schemaOption(operation.schema),
            ["changes", object(sequenceOptions(operation.changes))],
            ["existing", operation.existing && object(sequenceOptions(operation.existing))],
          ])})`,
        ),
      ];
    case "dropSequence":
      return [call(`dropSequence(${str(operation.name)}${optionsArg([schemaOption(operation.schema)])})`)];
    case "createDomain": {
      const d = operation.domain;
      return [
        call(
          `createDomain(${str(d.name)}, ${renderType(d.type)}${optionsArg([
            schemaOption(d.schema),
            ["notNull", d.notNull ? "true" : undefined],
            ["default", d.default === undefined ? undefined : renderDefault(d.default)],
            ["collation", d.collation === undefined ? undefined : str(d.collation)],
            ["checks", d.checks.length === 0 ? undefined : renderNamedChecks(d.checks)],
          ])})`,
        ),
      ];
    }
    case "alterDomain": {
      const changes = (c: DomainChanges) =>
        object([
          ["notNull", c.notNull === undefined ? undefined : String(c.notNull)],
          [
            "default",
            c.default === undefined ? undefined : c.default === null ? "null" : renderDefault(c.default),
          ],
          ["addChecks", c.addChecks === undefined ? undefined : renderNamedChecks(c.addChecks)],
          ["dropChecks", c.dropChecks === undefined ? undefined : list(c.dropChecks)],
        ]);
      return [
        call(
          `alterDomain(${str(operation.name)}, ${object([
            schemaOption(operation.schema),
            ["changes", changes(operation.changes)],
            ["existing", operation.existing && changes(operation.existing)],
          ])})`,
        ),
      ];
    }
    case "dropDomain":
      return [call(`dropDomain(${str(operation.name)}${optionsArg([schemaOption(operation.schema)])})`)];
    case "createSchema":
      return [call(`createSchema(${str(operation.name)})`)];
    case "dropSchema":
      return [call(`dropSchema(${str(operation.name)})`)];
    case "execute":
      return [
        call(
          `execute(${typeof operation.sql === "string" ? str(operation.sql) : renderSql(operation.sql)}${
            operation.params === undefined || operation.params.length === 0
              ? ""
              : `, ${JSON.stringify(operation.params)}`
          })`,
        ),
      ];
    case "bulkInsert":
      return [
        call(
          `bulkInsert(${str(operation.table)}, ${JSON.stringify(operation.rows)}${optionsArg([schemaOption(operation.schema)])})`,
        ),
      ];
    case "batchAlterTable":
      return [
        `await op.batchAlterTable(${str(operation.table)}, (batch) => {`,
        ...operation.operations.flatMap((inner) =>
          [...noteLines(notes, inner), ...renderOperation(inner, notes, "batch")].map((line) => `  ${line}`),
        ),
        `}${optionsArg([schemaOption(operation.schema)])});`,
      ];
  }
}

/** Comment lines: `// text`, wrapped at nothing (an editor wraps); each note line flagged for review. */
function commentLines(text: string): string[] {
  return text.split("\n").map((line) => `// ${line}`);
}

function noteLines(notes: ReadonlyMap<Operation, string> | undefined, operation: Operation): string[] {
  const note = notes?.get(operation);
  return note ? commentLines(`WARNING: ${note}`) : [];
}

export interface RenderInput {
  readonly operations: readonly Operation[];
  readonly notes?: ReadonlyMap<Operation, string>;
  /** Written first, e.g. differences that were not turned into operations. */
  readonly header?: readonly string[];
}

/** The statements of one function body, one per line, without the function's indentation. */
export function renderStatements(input: RenderInput): string {
  const lines: string[] = [];
  for (const text of input.header ?? []) lines.push(...commentLines(text));
  for (const operation of input.operations) {
    lines.push(...noteLines(input.notes, operation), ...renderOperation(operation, input.notes));
  }
  return lines.join("\n");
}
