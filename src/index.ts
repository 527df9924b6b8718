// The programmatic API: every command as a function of (config, arguments) returning data and throwing
// typed errors. Command modules load on first call, so importing this module (as every config file does
// for defineConfig) stays cheap.

import type * as Autogenerate from "./commands/autogenerate.js";
import type * as Branches from "./commands/branches.js";
import type * as Check from "./commands/check.js";
import type * as Current from "./commands/current.js";
import type * as Doctor from "./commands/doctor.js";
import type * as Downgrade from "./commands/downgrade.js";
import type * as Edit from "./commands/edit.js";
import type * as EnsureVersion from "./commands/ensure-version.js";
import type * as Graph from "./commands/graph.js";
import type * as Heads from "./commands/heads.js";
import type * as History from "./commands/history.js";
import type * as Init from "./commands/init.js";
import type * as Log from "./commands/log.js";
import type * as Merge from "./commands/merge.js";
import type * as Rebase from "./commands/rebase.js";
import type * as Resolve from "./commands/resolve.js";
import type * as Revision from "./commands/revision.js";
import type * as Show from "./commands/show.js";
import type * as Squash from "./commands/squash.js";
import type * as Stamp from "./commands/stamp.js";
import type * as Upgrade from "./commands/upgrade.js";
import type * as Verify from "./commands/verify.js";
import type * as LoadConfig from "./config/load-config.js";

export type {
  DoctorOptions,
  DoctorProblem,
  DoctorProblemKind,
  DoctorResult,
} from "./commands/doctor.js";
export type { GraphFormat, GraphOptions, GraphResult } from "./commands/graph.js";
export type { HistoryRow, LogOptions, LogResult, LogRow } from "./commands/log.js";
export type { AutoMerge, AutoMergeOptions } from "./commands/merge.js";
export type { RebaseChange, RebaseOptions, RebaseResult } from "./commands/rebase.js";
export type { ResolveOptions, ResolveResult } from "./commands/resolve.js";
export type { SquashOptions, SquashResult } from "./commands/squash.js";
export type { ChecksumMismatch, VerifyOptions, VerifyResult } from "./commands/verify.js";
export { defineConfig } from "./config/define-config.js";
export type * from "./config/types.js";
export { RetortError, UsageError } from "./errors.js";
export * from "./graph/graph-errors.js";
export type { MigrationStep, Plan, RevisionInput, VersionChange } from "./graph/types.js";
export type { Op } from "./operations/op.js";
export type { Column, ColumnType, Domain, Sequence, SqlExpression, Table } from "./schema/index.js";
export { column, domain, sequence, sql, table, types } from "./schema/index.js";

export const loadConfig: typeof LoadConfig.loadConfig = async (...args) =>
  (await import("./config/load-config.js")).loadConfig(...args);
export const resolveConfig = async (...args: Parameters<typeof LoadConfig.resolveConfig>) =>
  (await import("./config/load-config.js")).resolveConfig(...args);

export const init: typeof Init.init = async (...args) => (await import("./commands/init.js")).init(...args);
export const revision: typeof Revision.revision = async (...args) =>
  (await import("./commands/revision.js")).revision(...args);
export const merge: typeof Merge.merge = async (...args) =>
  (await import("./commands/merge.js")).merge(...args);
export const mergeAuto: typeof Merge.mergeAuto = async (...args) =>
  (await import("./commands/merge.js")).mergeAuto(...args);
export const rebase: typeof Rebase.rebase = async (...args) =>
  (await import("./commands/rebase.js")).rebase(...args);
export const squash: typeof Squash.squash = async (...args) =>
  (await import("./commands/squash.js")).squash(...args);
export const doctor: typeof Doctor.doctor = async (...args) =>
  (await import("./commands/doctor.js")).doctor(...args);
export const graph: typeof Graph.graph = async (...args) =>
  (await import("./commands/graph.js")).graph(...args);
export const edit: typeof Edit.edit = async (...args) => (await import("./commands/edit.js")).edit(...args);
export const upgrade: typeof Upgrade.upgrade = async (...args) =>
  (await import("./commands/upgrade.js")).upgrade(...args);
export const downgrade: typeof Downgrade.downgrade = async (...args) =>
  (await import("./commands/downgrade.js")).downgrade(...args);
export const stamp: typeof Stamp.stamp = async (...args) =>
  (await import("./commands/stamp.js")).stamp(...args);
export const current: typeof Current.current = async (...args) =>
  (await import("./commands/current.js")).current(...args);
export const ensureVersion: typeof EnsureVersion.ensureVersion = async (...args) =>
  (await import("./commands/ensure-version.js")).ensureVersion(...args);
export const history: typeof History.history = async (...args) =>
  (await import("./commands/history.js")).history(...args);
export const log: typeof Log.log = async (...args) => (await import("./commands/log.js")).log(...args);
export const verify: typeof Verify.verify = async (...args) =>
  (await import("./commands/verify.js")).verify(...args);
export const resolve: typeof Resolve.resolve = async (...args) =>
  (await import("./commands/resolve.js")).resolve(...args);
export const show: typeof Show.show = async (...args) => (await import("./commands/show.js")).show(...args);
export const heads = async (...args: Parameters<typeof Heads.heads>) =>
  (await import("./commands/heads.js")).heads(...args);
export const branches = async (...args: Parameters<typeof Branches.branches>) =>
  (await import("./commands/branches.js")).branches(...args);
export const check: typeof Check.check = async (...args) =>
  (await import("./commands/check.js")).check(...args);
export const autogenerate: typeof Autogenerate.autogenerate = async (...args) =>
  (await import("./commands/autogenerate.js")).autogenerate(...args);
