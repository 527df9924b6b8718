// `retort init`: a new project's config, revision template and version folders, from a packaged template.
// Never overwrites: an existing config or a non-empty migrations folder stops it before anything is written.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CONFIG_FILE_NAMES } from "../config/load-config.js";
import { displayPath } from "../config/paths.js";
import { ScriptWriteError } from "../script/script-errors.js";
import { PACKAGED_TEMPLATES } from "../script/template.js";

export type InitTemplate = "generic" | "multidb";

export interface InitOptions {
  /** The project folder: where retort.config.ts goes, with migrations/ inside it. Created if missing. */
  readonly directory: string;
  readonly template: InitTemplate;
}

/** What each template writes besides the config: its version folders, relative to the project folder. */
const VERSION_FOLDERS: Readonly<Record<InitTemplate, readonly string[]>> = {
  generic: ["migrations/versions"],
  multidb: ["migrations/primary", "migrations/secondary"],
};

export const INIT_TEMPLATES = Object.keys(VERSION_FOLDERS) as InitTemplate[];

export async function init(options: InitOptions): Promise<{ written: string[] }> {
  if (!INIT_TEMPLATES.includes(options.template)) {
    throw new ScriptWriteError(
      `No template '${options.template}'; choose one of ${INIT_TEMPLATES.join(", ")}`,
    );
  }
  const root = resolve(options.directory);
  const existingConfig = CONFIG_FILE_NAMES.map((name) => join(root, name)).find((path) => existsSync(path));
  if (existingConfig !== undefined) {
    throw new ScriptWriteError(
      `${displayPath(existingConfig)} already exists; init writes a new project only`,
    );
  }
  const migrations = join(root, "migrations");
  if (existsSync(migrations) && readdirSync(migrations).length > 0) {
    throw new ScriptWriteError(`Directory ${displayPath(migrations)} already exists and is not empty`);
  }
  const config = readFileSync(join(PACKAGED_TEMPLATES, options.template, "retort.config.ts.tmpl"), "utf8");
  const script = readFileSync(join(PACKAGED_TEMPLATES, "script.ts.tmpl"), "utf8");

  const written: string[] = [];
  const folder = (path: string) => {
    if (!existsSync(path)) {
      mkdirSync(path, { recursive: true });
      written.push(path);
    }
  };
  const file = (path: string, text: string) => {
    writeFileSync(path, text, { flag: "wx" });
    written.push(path);
  };
  folder(root);
  folder(migrations);
  file(join(root, "retort.config.ts"), config);
  file(join(migrations, "script.ts.tmpl"), script);
  for (const versions of VERSION_FOLDERS[options.template]) folder(join(root, versions));
  return { written };
}
