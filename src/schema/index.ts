// The schema model: portable types, column builders, tables and constraints.

export {
  type Column,
  ColumnBuilder,
  type ColumnDefault,
  type ColumnIdentity,
  type ColumnReference,
  type ColumnSpec,
  column,
  type GeneratedColumn,
  type IdentityOptions,
  type LiteralValue,
  toColumnDefault,
} from "./column.js";
export type * from "./constraints.js";
export { type Domain, type DomainOptions, domain } from "./domain.js";
export { NativeTypeError, parseNativeType } from "./native-type.js";
export {
  type Sequence,
  type SequenceOptions,
  type SequenceOwner,
  type SequenceValue,
  sequence,
} from "./sequence.js";
export {
  type RenderedSql,
  renderSql,
  type SqlExpression,
  type SqlFragment,
  type SqlWriter,
  sql,
} from "./sql.js";
export {
  type ForeignKeyInput,
  type IndexInput,
  type PartitionOf,
  type Table,
  type TableOptions,
  table,
  tableFromColumns,
} from "./table.js";
export { type ColumnType, type ColumnTypeKind, type NativeType, type PortableType, types } from "./types.js";
