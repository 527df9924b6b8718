// The scratch database `retort squash` works on: revisions run there through the ordinary `op` facade, with
// every call recorded, and the schema is reflected between runs to prove the squash changes nothing.

import { compareSchemas } from "../autogenerate/compare.js";
import { describeOperation } from "../autogenerate/describe.js";
import { sinkOn } from "../autogenerate/rehearse.js";
import { modelFromReflected } from "../autogenerate/schema-model.js";
import type { ResolvedConfig } from "../config/types.js";
import type { Dialect, ScratchDatabase } from "../dialects/dialect.js";
import { connect, dialectForUrl, loadDialect } from "../dialects/index.js";
import type { ReflectedSchema } from "../dialects/introspector.js";
import { type OpCall, runWithOp } from "../operations/op.js";
import type { Operation } from "../operations/operation.js";
import { requireUrl } from "../runtime/database-target.js";
import type { MigrationFunction } from "../runtime/revision-module.js";

export class Scratch {
  private constructor(
    private readonly scratch: ScratchDatabase,
    /** The scratch's own dialect (PGlite stands in for a PostgreSQL server). */
    readonly dialect: Dialect,
  ) {}

  /** A throwaway database of the config's kind: in memory for SQLite and PostgreSQL, on the server for MySQL. */
  static async open(config: ResolvedConfig): Promise<Scratch> {
    const url = requireUrl(config);
    const scratch = await (await dialectForUrl(url)).driver.openScratchDatabase(url, (u) =>
      connect(u, { baseDir: config.rootDir }),
    );
    return new Scratch(scratch, await loadDialect(scratch.connection.dialect));
  }

  /** Runs one upgrade() or downgrade() to the end; every call it makes on `op` goes to `record` first. */
  async run(fn: MigrationFunction, record?: (call: OpCall) => void): Promise<void> {
    await runWithOp(fn, sinkOn(this.scratch.connection, this.dialect), record);
  }

  reflect(): Promise<ReflectedSchema> {
    return this.dialect.introspector.reflect(this.scratch.connection);
  }

  /** What would turn `actual` into `expected`, one line per operation; empty when the schemas are equal. */
  async differences(expected: ReflectedSchema, actual: ReflectedSchema): Promise<string[]> {
    return (await this.operationsBetween(expected, actual)).flatMap((o) => describeOperation(o).split("\n"));
  }

  /** The operations autogenerate finds from `actual` (the database) to `expected` (the target). */
  async operationsBetween(expected: ReflectedSchema, actual: ReflectedSchema): Promise<readonly Operation[]> {
    const comparison = await compareSchemas(modelFromReflected(expected), actual, {
      dialect: this.dialect,
      include: () => true,
    });
    return comparison.operations;
  }

  dispose(): Promise<void> {
    return this.scratch.dispose();
  }
}
