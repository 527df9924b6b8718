// Builds throw-away revision projects for runtime tests: revision files in SPEC 2.1's format with op.execute
// bodies, and the ResolvedConfig a command receives.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResolvedConfig } from "../../src/config/types.js";

export interface RevisionSpec {
  readonly id: string;
  readonly down?: string | readonly string[] | null;
  readonly dependsOn?: string | readonly string[] | null;
  readonly branchLabels?: string | readonly string[] | null;
  readonly message?: string;
  /** Statements upgrade() runs through op.execute, in order. */
  readonly up?: readonly string[];
  readonly downSql?: readonly string[];
  /** Replaces the generated upgrade() body (TypeScript source, `op` in scope). */
  readonly upBody?: string;
  readonly ext?: ".ts" | ".mts" | ".js" | ".mjs";
  /** Sub-folder of the project for this file (default "versions"). */
  readonly folder?: string;
}

const literal = (value: string | readonly string[] | null | undefined): string =>
  value === undefined || value === null ? "null" : JSON.stringify(value);

function body(statements: readonly string[] | undefined): string {
  return (statements ?? []).map((sql) => `  await op.execute(${JSON.stringify(sql)});`).join("\n");
}

export function revisionSource(spec: RevisionSpec): string {
  const ts = spec.ext === undefined || spec.ext === ".ts" || spec.ext === ".mts";
  const down = spec.down === undefined ? null : spec.down;
  const message = spec.message ?? `revision ${spec.id}`;
  const opType = ts ? ": Op" : "";
  const ret = ts ? ": Promise<void>" : "";
  return `/**
 * ${message}
 *
 * Revision ID: ${spec.id}
 * Revises: ${Array.isArray(down) ? down.join(", ") : (down ?? "")}
 * Create Date: 2026-11-22 03:30:00.000000
 */
${ts ? 'import type { Op } from "retort-migrate";\n' : ""}
export const revision = ${JSON.stringify(spec.id)};
export const downRevision${ts ? ": string | string[] | null" : ""} = ${literal(down)};
export const branchLabels${ts ? ": string | string[] | null" : ""} = ${literal(spec.branchLabels)};
export const dependsOn${ts ? ": string | string[] | null" : ""} = ${literal(spec.dependsOn)};

export async function upgrade(op${opType})${ret} {
${spec.upBody ?? body(spec.up)}
}

export async function downgrade(op${opType})${ret} {
${body(spec.downSql)}
}
`;
}

export interface Project {
  readonly dir: string;
  readonly config: ResolvedConfig;
  /** Absolute path of a revision's file. */
  path(id: string): string;
  /** Writes the config file the CLI finds (retort.config.mjs). */
  writeConfigFile(extra?: Record<string, unknown>): void;
  remove(): void;
}

export function createProject(
  url: string,
  revisions: readonly RevisionSpec[],
  overrides: Partial<ResolvedConfig> = {},
): Project {
  const dir = mkdtempSync(join(tmpdir(), "retort-project-"));
  const paths = new Map<string, string>();
  const folders = new Set<string>(["versions"]);
  for (const spec of revisions) {
    const folder = spec.folder ?? "versions";
    folders.add(folder);
    const location = join(dir, "migrations", folder);
    mkdirSync(location, { recursive: true });
    const file = join(location, `${spec.id}_rev${spec.ext ?? ".ts"}`);
    writeFileSync(file, revisionSource(spec));
    paths.set(spec.id, file);
  }
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
  const config: ResolvedConfig = {
    configPath: undefined,
    rootDir: dir,
    name: undefined,
    url,
    scriptLocation: join(dir, "migrations"),
    versionLocations: [...folders].map((folder) => join(dir, "migrations", folder)),
    versionTable: "retort_version",
    versionTableSchema: undefined,
    transactionPerMigration: false,
    historyTable: "retort_history",
    onChecksumMismatch: "warn",
    target: undefined,
    include: [],
    exclude: [],
    truncateSlugLength: 40,
    lockTimeoutMs: undefined,
    xArgs: {},
    ...overrides,
  };
  return {
    dir,
    config,
    path: (id) => paths.get(id) ?? "",
    writeConfigFile: (extra = {}) => {
      const body = {
        url,
        scriptLocation: "migrations",
        versionLocations: [...folders].map((folder) => `migrations/${folder}`),
        ...extra,
      };
      writeFileSync(join(dir, "retort.config.mjs"), `export default ${JSON.stringify(body, null, 2)};\n`);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
