// A throwaway project folder with revision files, for tests of the script layer and the file commands.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { resolveConfig } from "../../src/config/load-config.js";
import type { DatabaseConfig, ResolvedConfig } from "../../src/config/types.js";

export interface RevisionSpec {
  readonly down?: string | readonly string[] | null;
  readonly labels?: string | readonly string[] | null;
  readonly dependsOn?: string | readonly string[] | null;
  readonly message?: string;
  /** File name inside the location; default `<id>_<slug>.ts`. */
  readonly file?: string;
  /** Version location relative to the root; default migrations/versions. */
  readonly location?: string;
}

const literal = (value: string | readonly string[] | null | undefined): string =>
  value === undefined || value === null
    ? "null"
    : typeof value === "string"
      ? JSON.stringify(value)
      : `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;

/** A revision file in the exact layout `retort revision` writes. */
export function revisionSource(id: string, spec: RevisionSpec = {}): string {
  const down = spec.down ?? null;
  return `/**
 * ${spec.message ?? `revision ${id}`}
 *
 * Revision ID: ${id}
 * Revises: ${down === null ? "" : typeof down === "string" ? down : down.join(", ")}
 * Create Date: 2026-02-27 02:00:25.694782
 */
import type { Op } from "retort-migrate";

export const revision = "${id}";
export const downRevision: string | string[] | null = ${literal(down)};
export const branchLabels: string | string[] | null = ${literal(spec.labels)};
export const dependsOn: string | string[] | null = ${literal(spec.dependsOn)};

export async function upgrade(op: Op): Promise<void> {}

export async function downgrade(op: Op): Promise<void> {}
`;
}

export class TempProject {
  readonly root = mkdtempSync(join(tmpdir(), "retort-script-"));

  constructor(readonly settings: DatabaseConfig = {}) {
    mkdirSync(join(this.root, "migrations", "versions"), { recursive: true });
  }

  get config(): ResolvedConfig {
    return resolveConfig(this.settings, { rootDir: this.root });
  }

  path(relative: string): string {
    return join(this.root, relative);
  }

  write(relative: string, text: string): string {
    const path = this.path(relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  }

  read(relative: string): string {
    return readFileSync(this.path(relative), "utf8");
  }

  revision(id: string, spec: RevisionSpec = {}): string {
    const file = spec.file ?? `${id}_${(spec.message ?? "rev").replace(/\W+/g, "_")}.ts`;
    return this.write(join(spec.location ?? "migrations/versions", file), revisionSource(id, spec));
  }

  /** File names in a folder of the project, sorted. */
  list(relative = "migrations/versions"): string[] {
    return readdirSync(this.path(relative)).sort();
  }
}
