// Turns the config's `target` into the schema autogenerate compares against: a `.sql` file (applied to a scratch
// database and reflected), or a module whose exports are Retort `table()` definitions and/or Drizzle tables and
// enums. A target function is called and its result read the same way.

import { extname, isAbsolute } from "node:path";
import { importNative } from "../config/native-import.js";
import { runningExports } from "../config/running-package.js";
import type { ResolvedConfig } from "../config/types.js";
import { createTypeScriptLoader } from "../config/typescript-loader.js";
import type { Dialect } from "../dialects/dialect.js";
import { RetortError } from "../errors.js";
import type { Domain } from "../schema/domain.js";
import type { Sequence } from "../schema/sequence.js";
import type { Table } from "../schema/table.js";
import { type DrizzleCasing, isDrizzleTable } from "./drizzle-target.js";
import { type EnumType, enumsOfTables, modelFromReflected, type SchemaModel } from "./schema-model.js";

export class TargetError extends RetortError {}

function isRetortTable(value: unknown): value is Table {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "table" &&
    Array.isArray((value as Table).columns)
  );
}

function hasKind(value: unknown, kind: string): boolean {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === kind;
}

/** Every value a module exports, looking one level into arrays and plain objects (`export default [a, b]`). */
function exportedValues(loaded: unknown): unknown[] {
  if (typeof loaded !== "object" || loaded === null) return [];
  if (isRetortTable(loaded) || isDrizzleTable(loaded)) return [loaded];
  const values: unknown[] = [];
  const top = Array.isArray(loaded) ? loaded : Object.values(loaded);
  for (const value of top) {
    values.push(value);
    if (Array.isArray(value)) values.push(...value);
    else if (
      typeof value === "object" &&
      value !== null &&
      Object.getPrototypeOf(value) === Object.prototype &&
      !isRetortTable(value)
    ) {
      values.push(...Object.values(value));
    }
  }
  return values;
}

async function importModule(path: string): Promise<unknown> {
  const extension = extname(path);
  try {
    if ([".ts", ".mts", ".cts", ".tsx"].includes(extension)) {
      return await createTypeScriptLoader(
        { interopDefault: false, moduleCache: false, fsCache: false },
        await runningExports(),
      ).import(path);
    }
    return await (isAbsolute(path) ? importNative(path) : import(path));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new TargetError(`Cannot load the target schema ${path}: ${reason}`, { cause: error });
  }
}

/**
 * The schema a module's exports describe: Retort tables, sequences and domains, Drizzle tables and Drizzle PostgreSQL enums. Drizzle's
 * SQL types and expressions are read as `dialect` spells them.
 */
export async function schemaFromExports(
  loaded: unknown,
  dialect: Dialect,
  casing?: DrizzleCasing,
): Promise<SchemaModel> {
  const values = [...new Set(exportedValues(loaded))];
  const tables: Table[] = values.filter(isRetortTable);
  const sequences = values.filter((v): v is Sequence => hasKind(v, "sequence"));
  const domains = values.filter((v): v is Domain => hasKind(v, "domain"));
  const enums: EnumType[] = [];
  if (values.some((v) => isDrizzleTable(v) || typeof v === "function")) {
    const { drizzleSchema } = await import("./drizzle-target.js");
    const drizzle = await drizzleSchema(values, dialect, casing);
    tables.push(...drizzle.tables);
    enums.push(...drizzle.enums);
  }
  for (const e of enumsOfTables(tables, domains)) {
    if (!enums.some((known) => known.name === e.name && known.schema === e.schema)) enums.push(e);
  }
  return { tables, enums, sequences, domains };
}

/** Loads the config's target schema for a database of `dialect`. */
export async function loadTarget(config: ResolvedConfig, dialect: Dialect): Promise<SchemaModel> {
  const target = config.target;
  if (target === undefined) {
    throw new TargetError("No target schema to compare with", {
      hint: "set `target` in the config: a module of table definitions, a Drizzle schema, or a .sql file",
    });
  }
  if (typeof target === "function") {
    const result = await target();
    if (typeof result === "string") return loadTarget({ ...config, target: result }, dialect);
    return schemaFromExports(result, dialect, config.drizzleCasing);
  }
  if (target.endsWith(".sql")) {
    const { reflectSqlFile } = await import("./sql-target.js");
    return modelFromReflected(await reflectSqlFile(target, dialect, config.url));
  }
  return schemaFromExports(await importModule(target), dialect, config.drizzleCasing);
}
