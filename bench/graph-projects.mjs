// Writes generated revision projects for the benchmarks: the same graph as Retort .ts files and, when
// asked, as an Alembic project, so both tools read the identical history.

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Distinct 12-hex-digit ids: multiplying by an odd constant is a bijection modulo 2^48. */
export function revisionId(index) {
  return ((BigInt(index + 1) * 0x9e3779b97f4an + 0x1234n) % (1n << 48n)).toString(16).padStart(12, "0");
}

/**
 * Builds the graph: `linear` is a chain; `branchy` is a chain that forks into two revisions and merges
 * them again every 50 revisions.
 */
export function buildGraph(shape, count) {
  const revisions = [];
  const add = (down, message) => {
    const revision = { id: revisionId(revisions.length), down, message };
    revisions.push(revision);
    return revision;
  };
  let tip = null;
  while (revisions.length < count) {
    const position = revisions.length;
    if (shape === "branchy" && tip && position % 50 === 47 && position + 3 <= count) {
      const left = add([tip.id], `left ${position}`);
      const right = add([tip.id], `right ${position}`);
      tip = add([left.id, right.id], `merge ${position}`);
    } else {
      tip = add(tip ? [tip.id] : [], `revision ${position}`);
    }
  }
  return revisions;
}

function retortFile(revision) {
  const down =
    revision.down.length === 0
      ? "null"
      : revision.down.length === 1
        ? `"${revision.down[0]}"`
        : JSON.stringify(revision.down);
  return `/**
 * ${revision.message}
 *
 * Revision ID: ${revision.id}
 * Revises: ${revision.down.join(", ")}
 * Create Date: 2026-11-22 00:00:00.000000
 */
import type { Op } from "retort-migrate";

export const revision = "${revision.id}";
export const downRevision: string | string[] | null = ${down};
export const branchLabels: string | string[] | null = null;
export const dependsOn: string | string[] | null = null;

export async function upgrade(op: Op): Promise<void> {
  await op.execute("SELECT 1");
}

export async function downgrade(op: Op): Promise<void> {
  await op.execute("SELECT 1");
}
`;
}

function alembicFile(revision) {
  const down =
    revision.down.length === 0
      ? "None"
      : revision.down.length === 1
        ? `'${revision.down[0]}'`
        : `(${revision.down.map((id) => `'${id}'`).join(", ")})`;
  return `"""${revision.message}

Revision ID: ${revision.id}
Revises: ${revision.down.join(", ")}
Create Date: 2026-11-22 00:00:00.000000

"""
revision = '${revision.id}'
down_revision = ${down}
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
`;
}

/** Writes the Retort project (and the Alembic twin when `alembic` is true) into `dir`. */
export function writeProjects(dir, revisions, { alembic = false } = {}) {
  rmSync(dir, { recursive: true, force: true });
  const versions = join(dir, "retort", "migrations", "versions");
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(dir, "retort", "retort.config.mjs"), 'export default { url: "sqlite:./bench.db" };\n');
  for (const revision of revisions) {
    writeFileSync(
      join(versions, `${revision.id}_${revision.message.replaceAll(" ", "_")}.ts`),
      retortFile(revision),
    );
  }
  if (alembic) {
    const alembicVersions = join(dir, "alembic", "migrations", "versions");
    mkdirSync(alembicVersions, { recursive: true });
    writeFileSync(join(dir, "alembic", "alembic.ini"), "[alembic]\nscript_location = migrations\n");
    writeFileSync(join(dir, "alembic", "migrations", "env.py"), "");
    for (const revision of revisions) {
      writeFileSync(
        join(alembicVersions, `${revision.id}_${revision.message.replaceAll(" ", "_")}.py`),
        alembicFile(revision),
      );
    }
  }
  return { retortDir: join(dir, "retort"), alembicDir: join(dir, "alembic") };
}
