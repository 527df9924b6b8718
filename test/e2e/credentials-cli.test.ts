// Credentials given as URL query parameters (`?password=`, `sslpassword`, `sslkey`, `sslcert`) never reach the
// terminal, on either server driver and on every error path, with RETORT_DEBUG=1 (stack traces) too.

import { afterEach, beforeEach, expect, it } from "vitest";
import { redactUrl } from "../../src/config/url.js";
import { createProject, type Project } from "../runtime/project.js";
import { createTestDatabase, describeEachDialect, type TestDatabase } from "../support/databases.js";
import { cliBuilt, runCli } from "./runtime-cli.js";

const SECRETS = ["hunter2pw", "sslpw77", "keymaterial42", "certmaterial43"];
const QUERY = `password=${SECRETS[0]}&sslpassword=${SECRETS[1]}&sslkey=${SECRETS[2]}&sslcert=${SECRETS[3]}`;
/** What a connection that must succeed can carry: the trust-auth test servers ignore a password. */
const USABLE_QUERY = `password=${SECRETS[0]}&sslpassword=${SECRETS[1]}`;

/** The same URL with credential-bearing query parameters. */
function withSecretParams(url: string, query = QUERY): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.username}@${parsed.host}${parsed.pathname}?${query}`;
}

function expectNoSecret(run: { stdout: string; stderr: string }): void {
  for (const secret of SECRETS) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

it("redactUrl masks credential-bearing query parameters and keeps the others", () => {
  expect(redactUrl(`postgres://u@h:5432/db?sslmode=require&${QUERY}`)).toBe(
    "postgres://u@h:5432/db?sslmode=require&password=***&sslpassword=***&sslkey=***&sslcert=***",
  );
  expect(redactUrl(`Cannot connect to "mysql://u:pw@h/db?password=${SECRETS[0]}": refused`)).toBe(
    'Cannot connect to "mysql://u:***@h/db?password=***": refused',
  );
});

describeEachDialect(
  "credentials in URL query parameters",
  (dialect) => {
    let db: TestDatabase;
    let project: Project | undefined;
    beforeEach(async () => {
      db = await createTestDatabase(dialect);
    });
    afterEach(async () => {
      project?.remove();
      project = undefined;
      await db.drop();
    });

    const debugModes: Record<string, string>[] = [{}, { RETORT_DEBUG: "1" }];

    it.skipIf(!cliBuilt)("are masked when the connection fails", async () => {
      const unreachable = new URL(db.url);
      unreachable.port = "1";
      // The pg driver reads sslkey/sslcert files first and names the path it could not open.
      for (const query of [QUERY, USABLE_QUERY]) {
        project?.remove();
        project = createProject(withSecretParams(unreachable.toString(), query), [{ id: "aaa001" }]);
        project.writeConfigFile();
        for (const env of debugModes) {
          const run = await runCli(project.dir, ["upgrade", "head"], env);
          expect(run.code).toBe(1);
          expect(run.stderr).toMatch(/^Error: Cannot connect to \S+password=\*\*\*/);
          expectNoSecret(run);
        }
      }
    });

    it.skipIf(!cliBuilt)("are masked when a statement fails, and in `current -v`", async () => {
      const url = withSecretParams(db.url, USABLE_QUERY);
      // The failing statement quotes the URL, so the database's own message repeats it.
      project = createProject(url, [{ id: "aaa001", up: [`SELECT * FROM missing WHERE x = '${url}'`] }]);
      project.writeConfigFile();
      for (const env of debugModes) {
        const run = await runCli(project.dir, ["upgrade", "head"], env);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("Upgrade aaa001 failed");
        expect(run.stderr).toContain("password=***");
        expectNoSecret(run);
      }
      const current = await runCli(project.dir, ["current", "-v"]);
      expect(current.code).toBe(0);
      expect(current.stdout).toContain("password=***");
      expectNoSecret(current);
      const json = await runCli(project.dir, ["--json", "current"]);
      expectNoSecret(json);
    });

    it.skipIf(!cliBuilt)("are masked in config errors about the URL", async () => {
      const scheme = dialect === "postgres" ? "postgress" : "mysqll";
      const misspelt = withSecretParams(db.url).replace(/^[a-z]+:/, `${scheme}:`);
      project = createProject(misspelt, [{ id: "aaa001" }]);
      project.writeConfigFile();
      for (const env of debugModes) {
        const run = await runCli(project.dir, ["upgrade", "head"], env);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("Unsupported database URL");
        expectNoSecret(run);
      }
      const malformed = `${db.url.replace(/\/[^/]*$/, "")}:99999/x?${QUERY}`;
      project.remove();
      project = createProject(malformed, [{ id: "aaa001" }]);
      project.writeConfigFile();
      const run = await runCli(project.dir, ["upgrade", "head"], { RETORT_DEBUG: "1" });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("Malformed database URL");
      expectNoSecret(run);
    });
  },
  ["postgres", "mysql"],
);
