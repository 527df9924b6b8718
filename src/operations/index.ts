// The operations API: the `op` facade, operation objects, running them through a sink, and reversing them.

export {
  type CompileContext,
  type CompiledStatement,
  type CompiledStep,
  MissingSchemaInformationError,
  type OutsideTransactionStep,
  UnsupportedOperationError,
} from "../dialects/ddl-compiler.js";
export { type AppliedBatch, applyBatch, BatchError } from "./batch.js";
export {
  type AlterColumnOptions,
  type AlterDomainOptions,
  type AlterSequenceOptions,
  build,
  type CreateIndexOptions,
  type CreateSequenceOptions,
  type DropConstraintOptions,
  type DropDomainOptions,
  type DropIndexOptions,
  type DropSequenceOptions,
  type ForeignKeyOperationOptions,
  type PartitionOptions,
  type SchemaOption,
} from "./build.js";
export { OperationCheckError, runOperation, runSteps } from "./compile.js";
export {
  type BatchOps,
  type BatchOptions,
  createOp,
  type Op,
  type OpSession,
  type StatementInput,
} from "./op.js";
export type * from "./operation.js";
export { reverseOperation } from "./reverse.js";
export type { OperationSink } from "./sink.js";
export { OperationNotAwaitedError } from "./tracker.js";
