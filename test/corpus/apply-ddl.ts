// Builds database D of a corpus entry: its DDL applied the way its authors apply it, without Retort. A SQL
// script goes through the database's own client (psql, mysql) where there is one, so pg_dump's and
// mysqldump's conventions (DELIMITER, /*!…*/ version comments) mean what they mean there; on PGlite and SQLite,
// which have no client here, the driver runs the whole script. drizzle-kit migrations are run as drizzle-kit's
// migrator runs them: in order, one `--> statement-breakpoint` chunk at a time.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { withQuery } from "./catalog.js";

async function runClient(command: string, args: readonly string[], input: string): Promise<void> {
  const child = spawn(command, args, { stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  child.stdin.end(input);
  const code = await exit;
  if (code !== 0)
    throw new Error(`${command} exited with ${code}: ${stderr.trim().split("\n").slice(0, 5).join(" | ")}`);
}

function mysqlClientArgs(url: string): string[] {
  const parsed = new URL(url.replace(/^mariadb:/, "mysql:"));
  const args = [
    "--host",
    parsed.hostname,
    "--port",
    parsed.port || "3306",
    "--user",
    decodeURIComponent(parsed.username),
  ];
  if (parsed.password) args.push(`--password=${decodeURIComponent(parsed.password)}`);
  args.push(parsed.pathname.slice(1));
  return args;
}

/** Runs a whole SQL script against the database at `url`. */
export async function applyScript(url: string, script: string): Promise<void> {
  if (url.startsWith("postgres")) {
    await runClient("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url], script);
  } else if (url.startsWith("mysql") || url.startsWith("mariadb")) {
    await runClient("mysql", mysqlClientArgs(url), script);
  } else if (url.startsWith("pglite:")) {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = new PGlite(url.slice("pglite:".length));
    try {
      await db.exec(script);
    } finally {
      await db.close();
    }
  } else {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.slice("sqlite:".length));
    try {
      db.exec(script);
    } finally {
      db.close();
    }
  }
}

/**
 * Runs drizzle-kit migration files in order, each `--> statement-breakpoint` chunk as one statement, inside one
 * transaction as drizzle-orm's migrator does (hand-edited SQLite migrations COMMIT and BEGIN around PRAGMAs).
 */
export async function applyDrizzleKitMigrations(url: string, files: readonly string[]): Promise<void> {
  const chunks = files.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("--> statement-breakpoint")
      .map((chunk) => chunk.trim())
      .filter((chunk) => chunk !== ""),
  );
  if (url.startsWith("pglite:")) {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = new PGlite(url.slice("pglite:".length));
    try {
      await db.exec("BEGIN");
      for (const chunk of chunks) await db.exec(chunk);
      await db.exec("COMMIT");
    } finally {
      await db.close();
    }
    return;
  }
  if (url.startsWith("sqlite:")) {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.slice("sqlite:".length));
    try {
      db.exec("BEGIN");
      for (const chunk of chunks) db.exec(chunk);
      db.exec("COMMIT");
    } finally {
      db.close();
    }
    return;
  }
  await withQuery(url, async (query) => {
    await query("BEGIN");
    for (const chunk of chunks) await query(chunk);
    await query("COMMIT");
  });
}
