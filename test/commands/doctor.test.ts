import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DoctorProblem, doctor } from "../../src/commands/doctor.js";
import { stamp } from "../../src/commands/stamp.js";
import { upgrade } from "../../src/commands/upgrade.js";
import { cliBuilt, runCli } from "../e2e/runtime-cli.js";
import { createProject, type Project, type RevisionSpec } from "../runtime/project.js";
import { revisionSource, TempProject } from "../script/temp-project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";

const kinds = (problems: readonly DoctorProblem[]) => problems.map((problem) => problem.kind);

/** A revision whose upgrade does something, with or without a downgrade that undoes it. */
function realRevision(id: string, down: string | null, downgrade: string | undefined, extra = ""): string {
  const base = revisionSource(id, { down }).replace(
    "export async function upgrade(op: Op): Promise<void> {}",
    'export async function upgrade(op: Op): Promise<void> {\n  await op.execute("CREATE TABLE t (id integer)");\n}',
  );
  const withDown =
    downgrade === undefined
      ? base.replace("export async function downgrade(op: Op): Promise<void> {}\n", "")
      : base.replace("export async function downgrade(op: Op): Promise<void> {}", downgrade);
  return withDown + extra;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
    cwd,
    stdio: "ignore",
  });
}

describe("doctor", () => {
  it("finds nothing wrong with a sound project", async () => {
    const project = new TempProject();
    project.write(
      "migrations/versions/p1_x.ts",
      realRevision(
        "p1",
        null,
        'export async function downgrade(op: Op) {\n  await op.execute("DROP TABLE t");\n}',
      ),
    );
    project.revision("a1", { down: "p1" });
    const result = await doctor(project.config);
    expect(result).toMatchObject({ ok: true, files: 2, problems: [] });
    expect(result.notChecked).toEqual([
      {
        check: "edited-applied-revisions",
        reason: "no database URL is configured",
      },
    ]);
  });

  it("reports every file problem at once, each naming its file", async () => {
    const project = new TempProject();
    project.revision("p1");
    project.write("migrations/versions/zz_wrong_name.ts", revisionSource("q1", { down: "p1" }));
    project.write(
      "migrations/versions/r1_bad.ts",
      revisionSource("r1", { down: "p1" }).replace('= "p1";', "= parent();"),
    );
    project.write("migrations/versions/p1_again.ts", revisionSource("p1"));
    const result = await doctor(project.config);
    expect(result.ok).toBe(false);
    expect(kinds(result.problems)).toEqual(["duplicate-revision", "unreadable-file", "file-name"]);
    expect(result.problems[0]!.message).toMatch(
      /^Revision p1 is defined twice: .*p1_again\.ts and .*p1_rev\.ts$/,
    );
    expect(result.problems[1]!.message).toMatch(
      /r1_bad\.ts:11: downRevision must be a string literal, an array of string literals, or null$/,
    );
    expect(result.problems[2]!.message).toMatch(
      /zz_wrong_name\.ts:10: revision id 'q1' does not match the file name, which must start with 'q1_'$/,
    );
  });

  it("reports a graph that does not build, and says the head check could not run", async () => {
    const project = new TempProject();
    project.revision("a1", { down: "gone" });
    const result = await doctor(project.config);
    expect(kinds(result.problems)).toEqual(["graph"]);
    expect(result.problems[0]!.message).toMatch(/a1_rev\.ts:11: down revision 'gone' does not exist$/);
    expect(result.notChecked.map((entry) => entry.check)).toContain("multiple-heads");
  });

  it("reports two heads on a branch with the commands that fix it", async () => {
    const project = new TempProject();
    project.revision("p1");
    project.revision("a1", { down: "p1" });
    project.revision("b1", { down: "p1" });
    const [problem, ...rest] = (await doctor(project.config)).problems;
    expect(rest).toEqual([]);
    expect(problem).toEqual({
      kind: "multiple-heads",
      message: "Branch (no label) has 2 heads: a1, b1",
      revisions: ["a1", "b1"],
      hint: "retort rebase b1 --onto a1, or retort merge --auto",
    });
  });

  it("checks modules: one that cannot load, no upgrade, no or an empty downgrade unless marked irreversible", async () => {
    const project = new TempProject();
    project.revision("p1");
    project.write("migrations/versions/a1_x.ts", realRevision("a1", "p1", undefined));
    project.write(
      "migrations/versions/b1_x.ts",
      realRevision("b1", "a1", "export async function downgrade(op: Op): Promise<void> {\n  // TODO\n}"),
    );
    project.write(
      "migrations/versions/c1_x.ts",
      realRevision("c1", "b1", undefined, "\nexport const irreversible = true;\n"),
    );
    project.write(
      "migrations/versions/d1_x.ts",
      `${revisionSource("d1", { down: "c1" })}\nthrow new Error("broken at import");\n`,
    );
    project.write(
      "migrations/versions/e1_x.ts",
      revisionSource("e1", { down: "d1" }).replace(
        "export async function upgrade(op: Op): Promise<void> {}\n",
        "",
      ),
    );
    const result = await doctor(project.config);
    expect(result.problems.map((problem) => [problem.kind, problem.revisions[0]])).toEqual([
      ["no-downgrade", "a1"],
      ["no-downgrade", "b1"],
      ["module", "d1"],
      ["module", "e1"],
    ]);
    expect(result.problems[0]!.message).toMatch(
      /a1_x\.ts: revision a1 exports no downgrade\(\) function and is not marked irreversible$/,
    );
    expect(result.problems[1]!.message).toContain("has an empty downgrade() but a non-empty upgrade()");
    expect(result.problems[2]!.message).toContain("broken at import");
    expect(result.problems[3]!.message).toMatch(/e1_x\.ts: revision e1 exports no upgrade\(\) function$/);
  });

  it("--base: new revisions must build on the base ref's head of their branch", async () => {
    const project = new TempProject();
    git(project.root, "init", "-q", "-b", "main");
    project.revision("p1");
    project.revision("n0", { labels: "net" });
    git(project.root, "add", ".");
    git(project.root, "commit", "-q", "-m", "base");
    git(project.root, "tag", "base");
    // Since then main gained a1 on p1; a feature branch added b1 → b2 on p1, and net1 on the net branch.
    project.revision("a1", { down: "p1" });
    project.revision("b1", { down: "p1" });
    project.revision("b2", { down: "b1" });
    project.revision("net1", { down: "n0" });
    git(project.root, "add", ".");
    git(project.root, "commit", "-q", "-m", "feature");
    const againstBase = await doctor(project.config, { base: "base" });
    expect(againstBase.base).toMatchObject({
      ref: "base",
      heads: ["n0", "p1"],
      added: ["a1", "b1", "b2", "net1"],
    });
    // Both a1 and b1 build on p1, base's head: the problem there is the two heads, not the base.
    expect(kinds(againstBase.problems)).toEqual(["multiple-heads"]);

    const newer = await doctor(project.config, { base: "HEAD" });
    expect(kinds(newer.problems)).toEqual(["multiple-heads"]);

    // Base at a1: b1 (and b2 above it) are new and do not build on a1.
    const atA1 = new TempProject();
    git(atA1.root, "init", "-q", "-b", "main");
    atA1.revision("p1");
    atA1.revision("a1", { down: "p1" });
    git(atA1.root, "add", ".");
    git(atA1.root, "commit", "-q", "-m", "main");
    atA1.revision("b1", { down: "p1" });
    atA1.revision("b2", { down: "b1" });
    const result = await doctor(atA1.config, { base: "main" });
    const problem = result.problems.find((entry) => entry.kind === "not-on-base-heads");
    expect(problem).toMatchObject({ revisions: ["b1", "a1"], hint: "retort rebase b2 --onto a1" });
    expect(problem!.message).toMatch(
      /b1_rev\.ts: revision b1, new since main, does not build on a1, the head of branch \(no label\) at main$/,
    );
    await expect(doctor(atA1.config, { base: "no-such-ref" })).rejects.toThrow(
      "Unknown git ref 'no-such-ref'",
    );
  });
});

const APPLIED: RevisionSpec[] = [
  { id: "r1", up: ["CREATE TABLE t1 (id INTEGER)"], downSql: ["DROP TABLE t1"] },
  { id: "r2", down: "r1", up: ["CREATE TABLE t2 (id INTEGER)"], downSql: ["DROP TABLE t2"] },
  { id: "r3", down: "r2", up: ["CREATE TABLE t3 (id INTEGER)"], downSql: ["DROP TABLE t3"] },
];

const edit = (path: string) => writeFileSync(path, `${readFileSync(path, "utf8")}// edited\n`);

describeEachDialect("doctor against the configured database", (dialect) => {
  let db: TestDatabase;
  let project: Project;
  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    project = createProject(db.url, APPLIED);
  });
  afterEach(async () => {
    project.remove();
    await db.drop();
  });

  it("reports applied revisions edited since they ran; stamped and unapplied ones are no problem", {
    timeout: 60_000,
  }, async () => {
    await stamp(project.config, ["r1"]);
    await upgrade(project.config, "r2");
    expect(await doctor(project.config)).toMatchObject({ ok: true, problems: [], notChecked: [] });

    // r1 was stamped (no checksum to compare), r3 never ran: only r2's edit is a problem.
    for (const id of ["r1", "r2", "r3"]) edit(project.path(id));
    const result = await doctor(project.config);
    expect(result.ok).toBe(false);
    expect(result.notChecked).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      kind: "edited-applied-revision",
      path: project.path("r2"),
      revisions: ["r2"],
      hint: "restore the file, or record the edit with `retort verify --accept r2` if it was deliberate",
    });
    expect(result.problems[0]!.message).toMatch(
      /^revision r2 \(.*r2_rev\.ts\) changed since it was applied at /,
    );

    if (!cliBuilt) return;
    project.writeConfigFile();
    const cli = await runCli(project.dir, ["--json", "doctor"]);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout).problems.map((problem: DoctorProblem) => problem.revisions)).toEqual([
      ["r2"],
    ]);
  });
});

describe("doctor without a database to read", () => {
  it("says the edited-applied-revisions check did not run, and why, naming no credential", async () => {
    const project = new TempProject({ url: "postgres://someone:s3cret@127.0.0.1:1/nowhere" });
    project.revision("p1");
    const result = await doctor(project.config);
    expect(result.ok).toBe(true);
    expect(result.notChecked).toHaveLength(1);
    expect(result.notChecked[0]!.check).toBe("edited-applied-revisions");
    expect(result.notChecked[0]!.reason).toMatch(/^the database could not be read: /);
    expect(JSON.stringify(result)).not.toContain("s3cret");

    const noHistory = new TempProject({ url: "sqlite:./db.sqlite", historyTable: false });
    noHistory.revision("p1");
    expect((await doctor(noHistory.config)).notChecked).toEqual([
      { check: "edited-applied-revisions", reason: "the config keeps no history (historyTable: false)" },
    ]);
  });
});
