// `retort squash` through the built CLI, on real databases: one project, four databases at every point that
// matters relative to the squashed run a1..a3 (below it, inside it, at its end, above it).

import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cliBuilt, runCli } from "../e2e/runtime-cli.js";
import { revisionSource } from "../script/temp-project.js";
import {
  createTestDatabase,
  type DialectName,
  describeEachDialect,
  type TestDatabase,
} from "../support/databases.js";

interface Spec {
  readonly id: string;
  readonly down: string | null;
  readonly message: string;
  readonly up: string;
  readonly down_: string;
}

// p0 <- a1 <- a2 <- a3 <- c4; a2 holds a data step (bulkInsert) that the squash must keep in order.
const REVISIONS: readonly Spec[] = [
  {
    id: "p0",
    down: null,
    message: "create people",
    up: 'await op.createTable("people", { id: op.column.integer().primaryKey(), name: op.column.varchar(80) });',
    down_: 'await op.dropTable("people");',
  },
  {
    id: "a1",
    down: "p0",
    message: "create teams",
    up: 'await op.createTable("teams", { id: op.column.integer().primaryKey() });',
    down_: 'await op.dropTable("teams");',
  },
  {
    id: "a2",
    down: "a1",
    message: "name teams",
    up: 'await op.addColumn("teams", "name", op.column.varchar(50));\n  await op.bulkInsert("teams", [{ id: 1, name: "core" }]);',
    down_: 'await op.execute("DELETE FROM teams");\n  await op.dropColumn("teams", "name");',
  },
  {
    id: "a3",
    down: "a2",
    message: "index team names",
    up: 'await op.createIndex("ix_teams_name", "teams", ["name"]);',
    down_: 'await op.dropIndex("ix_teams_name", { table: "teams" });',
  },
  {
    id: "c4",
    down: "a3",
    message: "create pets",
    up: 'await op.createTable("pets", { id: op.column.integer().primaryKey() });',
    down_: 'await op.dropTable("pets");',
  },
];

const fileName = (spec: Spec) => `${spec.id}_${spec.message.replace(/\W+/g, "_")}.ts`;

function project(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "retort-squash-")));
  // The database comes from -x url=…, so one project serves the four databases.
  writeFileSync(join(root, "retort.config.mjs"), "export default (x) => ({ url: x.url });\n");
  mkdirSync(join(root, "migrations", "versions"), { recursive: true });
  for (const spec of REVISIONS) {
    const source = revisionSource(spec.id, { down: spec.down, message: spec.message })
      .replace(
        "export async function upgrade(op: Op): Promise<void> {}",
        `export async function upgrade(op: Op): Promise<void> {\n  ${spec.up}\n}`,
      )
      .replace(
        "export async function downgrade(op: Op): Promise<void> {}",
        `export async function downgrade(op: Op): Promise<void> {\n  ${spec.down_}\n}`,
      );
    writeFileSync(join(root, "migrations", "versions", fileName(spec)), source);
  }
  return root;
}

const versions = (root: string) => join(root, "migrations", "versions");
const lines = (text: string) => text.split("\n").map((line) => line.replace(/ \(\d+ ms\)$/, ""));

const DIALECTS: readonly DialectName[] = ["sqlite", "postgres", "mysql"];

describe.skipIf(!cliBuilt)("retort squash", () => {
  describeEachDialect(
    "a run squashed while databases stand below, inside, at the end of and above it",
    (dialect) => {
      const databases: TestDatabase[] = [];
      afterEach(async () => {
        for (const database of databases.splice(0)) await database.drop();
      });

      it("writes a checked squash, and every database reaches head through it", {
        timeout: 180_000,
      }, async () => {
        const root = project();
        const at: Record<"below" | "inside" | "end" | "above", string> = {
          below: "p0",
          inside: "a1",
          end: "a3",
          above: "c4",
        };
        const url: Record<string, string> = {};
        for (const [position, revision] of Object.entries(at)) {
          const database = await createTestDatabase(dialect);
          databases.push(database);
          url[position] = database.url;
          const up = await runCli(root, ["-x", `url=${database.url}`, "upgrade", revision]);
          expect(up.stderr).toBe("");
          expect(up.code).toBe(0);
        }
        const cli = (position: string, ...args: string[]) =>
          runCli(root, ["-x", `url=${url[position]}`, ...args]);

        // Refusals first: nothing may be written by any of them.
        const stranding = await cli("below", "squash", "a1:a3", "--delete-originals");
        expect(stranding.code).toBe(1);
        expect(stranding.stderr).toMatch(
          /^Error: .* is at p0, below a3: deleting the originals would leave it/,
        );
        const snapshot = await cli("below", "squash", "a1:a3", "--snapshot");
        expect(snapshot.code).toBe(1);
        expect(snapshot.stderr).toMatch(
          /^Error: Cannot fold data steps into the squash: a2 \(.*a2_name_teams\.ts\) upgrade: insert 1 rows into teams; /,
        );
        expect((await cli("below", "squash", "a1:c9")).stderr).toMatch(/^Error: /);
        expect(readdirSync(versions(root))).toHaveLength(5);

        const dry = await cli(
          "above",
          "squash",
          "a1:a3",
          "--rev-id",
          "s1",
          "--dry-run",
          "--delete-originals",
        );
        expect(dry.stderr).toBe("");
        expect(dry.code).toBe(0);
        expect(dry.stdout).toMatch(
          /^Would write migrations\/versions\/s1_squash_a1_to_a3\.ts:\n\/\*\*\n \* squash a1 to a3\n/,
        );
        expect(dry.stdout).toContain("Would delete migrations/versions/a1_create_teams.ts\n");
        expect(readdirSync(versions(root))).toHaveLength(5);

        const squashed = await cli("inside", "squash", "a1:a3", "--rev-id", "s1");
        expect(squashed.stderr).toBe("");
        expect(squashed.code).toBe(0);
        expect(lines(squashed.stdout)).toEqual([
          `Generating ${join(versions(root), "s1_squash_a1_to_a3.ts")} ...  done`,
          "Squashed a1, a2, a3 into s1",
          "  kept data step a2 upgrade: insert 1 rows into teams",
          "  kept data step a2 downgrade: execute DELETE FROM teams",
          "",
        ]);
        const text = readFileSync(join(versions(root), "s1_squash_a1_to_a3.ts"), "utf8");
        expect(text).toContain('export const downRevision: string | string[] | null = "p0";\n');
        expect(text).toContain('export const replaces: string[] = ["a1", "a2", "a3"];\n');
        // The data step sits between the column it fills and the index after it.
        const order = [
          'createTable("teams"',
          'addColumn("teams"',
          'bulkInsert("teams"',
          'createIndex("ix_teams_name"',
        ];
        const positions = order.map((needle) => text.indexOf(needle));
        expect(positions.every((p) => p > 0)).toBe(true);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);

        expect(lines((await cli("below", "history")).stdout)).toEqual([
          "a3 -> c4 (head), create pets",
          "p0 -> s1 (replaces a1, a2, a3), squash a1 to a3",
          "<base> -> p0, create people",
          "",
        ]);
        expect((await cli("end", "current")).stdout).toBe("s1 (replaces a1, a2, a3) (covers a3)\n");
        expect((await cli("inside", "current")).stdout).toBe(
          "s1 (replaces a1, a2, a3) (covers a1, partly applied)\n",
        );

        expect((await cli("end", "history", "-i")).stdout).toContain(
          "p0 -> s1 (current) (replaces a1, a2, a3), squash a1 to a3\n",
        );
        const offline = await cli("below", "upgrade", "a1:head", "--sql");
        expect(offline.stdout.split("\n").filter((line) => line.startsWith("-- Running"))).toEqual([
          "-- Running upgrade a1 -> a2",
          "-- Running upgrade a2 -> a3",
          "-- Running stamp_revision a3 -> s1",
          "-- Running upgrade s1 -> c4",
        ]);

        // Inside the run with the originals gone: refused, naming them; nothing changes.
        const aside = mkdtempSync(join(tmpdir(), "retort-squash-aside-"));
        for (const spec of REVISIONS.slice(2, 4))
          renameSync(join(versions(root), fileName(spec)), join(aside, fileName(spec)));
        const stuck = await cli("inside", "upgrade", "head");
        expect(stuck.code).toBe(1);
        expect(stuck.stderr).toMatch(
          /^Error: The database is at a1, partway through the revisions squashed into s1, and the original revision file\(s\) a2, a3 needed to finish that run are gone\nHint: restore a2, a3 /,
        );
        expect((await cli("inside", "current")).stdout).toContain("(covers a1, partly applied)");
        for (const spec of REVISIONS.slice(2, 4))
          renameSync(join(aside, fileName(spec)), join(versions(root), fileName(spec)));

        const upgrades = {
          below: ["Running upgrade p0 -> s1, squash a1 to a3", "Running upgrade s1 -> c4, create pets"],
          inside: [
            "Running upgrade a1 -> a2, name teams",
            "Running upgrade a2 -> a3, index team names",
            "Running stamp_revision a3 -> s1",
            "Running upgrade s1 -> c4, create pets",
          ],
          end: ["Running stamp_revision a3 -> s1", "Running upgrade s1 -> c4, create pets"],
          above: ["Nothing to do: the database is already there."],
        };
        for (const [position, expected] of Object.entries(upgrades)) {
          const up = await cli(position, "upgrade", "head");
          expect(up.code).toBe(0);
          expect(lines(up.stdout).filter((line) => line !== "")).toEqual(expected);
          expect((await cli(position, "current")).stdout).toBe("c4 (head)\n");
        }

        // Every database now has the same schema and the one data row: each downgrades through the squash alike.
        for (const position of Object.keys(at)) {
          const down = await cli(position, "downgrade", "p0");
          expect(down.code).toBe(0);
          expect(lines(down.stdout).filter((line) => line !== "")).toEqual([
            "Running downgrade c4 -> s1, create pets",
            "Running downgrade s1 -> p0, squash a1 to a3",
          ]);
        }
      });
    },
    DIALECTS,
  );

  it("with --snapshot writes the schema at TO as DDL, checked the same way", {
    timeout: 60_000,
  }, async () => {
    const atTo = await createTestDatabase("sqlite");
    const fresh = await createTestDatabase("sqlite");
    try {
      const root = project();
      expect((await runCli(root, ["-x", `url=${atTo.url}`, "upgrade", "a1"])).code).toBe(0);
      const args = ["-x", `url=${atTo.url}`, "squash", "p0:a1", "--snapshot", "--rev-id", "s0"];
      const dry = await runCli(root, [...args, "--dry-run", "--json"]);
      expect(dry.stderr).toBe("");
      const parsed = JSON.parse(dry.stdout) as {
        mode: string;
        replaces: string[];
        text: string;
        dryRun: boolean;
      };
      expect(parsed).toMatchObject({ mode: "snapshot", replaces: ["p0", "a1"], dryRun: true });
      expect(parsed.text).toContain("export const downRevision: string | string[] | null = null;\n");
      expect(parsed.text).toMatch(/await op\.createTable\("people"/);
      expect(parsed.text).toMatch(/await op\.dropTable\("teams"/);
      expect(readdirSync(versions(root))).toHaveLength(5);

      expect((await runCli(root, args)).code).toBe(0);
      const moved = await runCli(root, ["-x", `url=${atTo.url}`, "upgrade", "head"]);
      expect(lines(moved.stdout).filter((line) => line !== "")).toEqual([
        "Running stamp_revision a1 -> s0",
        "Running upgrade s0 -> a2, name teams",
        "Running upgrade a2 -> a3, index team names",
        "Running upgrade a3 -> c4, create pets",
      ]);
      const created = await runCli(root, ["-x", `url=${fresh.url}`, "upgrade", "head"]);
      expect(lines(created.stdout).filter((line) => line !== "")).toEqual([
        "Running upgrade  -> s0, squash p0 to a1",
        "Running upgrade s0 -> a2, name teams",
        "Running upgrade a2 -> a3, index team names",
        "Running upgrade a3 -> c4, create pets",
      ]);
    } finally {
      await atTo.drop();
      await fresh.drop();
    }
  });

  it("deletes the originals only once every database of the config is at or above TO", {
    timeout: 60_000,
  }, async () => {
    const root = project();
    writeFileSync(
      join(root, "retort.config.mjs"),
      'export default { databases: { main: { url: "sqlite:./main.db" }, replica: { url: "sqlite:./replica.db" } } };\n',
    );
    expect((await runCli(root, ["-n", "main", "upgrade", "c4"])).code).toBe(0);
    expect((await runCli(root, ["-n", "replica", "upgrade", "a1"])).code).toBe(0);
    const refused = await runCli(root, ["squash", "a1:a3", "--rev-id", "s1", "--delete-originals"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Error: sqlite:.*replica\.db is at a1, below a3: deleting the originals/);
    expect(readdirSync(versions(root))).toHaveLength(5);

    expect((await runCli(root, ["-n", "replica", "upgrade", "a3"])).code).toBe(0);
    const done = await runCli(root, ["squash", "a1:a3", "--rev-id", "s1", "--delete-originals"]);
    expect(done.stderr).toBe("");
    expect(done.stdout).toContain("Deleted migrations/versions/a2_name_teams.ts\n");
    expect(readdirSync(versions(root))).toEqual([
      "c4_create_pets.ts",
      "p0_create_people.ts",
      "s1_squash_a1_to_a3.ts",
    ]);

    // The replica, at a3, needs no original: its row moves onto the squash, then c4 runs.
    const up = await runCli(root, ["-n", "replica", "upgrade", "head"]);
    expect(lines(up.stdout).filter((line) => line !== "")).toEqual([
      "Running stamp_revision a3 -> s1",
      "Running upgrade s1 -> c4, create pets",
    ]);
    const fresh = await runCli(root, ["-n", "main", "downgrade", "base"]);
    expect(fresh.code).toBe(0);
    const again = await runCli(root, ["-n", "main", "upgrade", "head"]);
    expect(lines(again.stdout).filter((line) => line !== "")).toEqual([
      "Running upgrade  -> p0, create people",
      "Running upgrade p0 -> s1, squash a1 to a3",
      "Running upgrade s1 -> c4, create pets",
    ]);
  });
});
