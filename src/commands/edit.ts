// `retort edit REV`: opens each revision file REV names in $VISUAL or $EDITOR and waits for the editor.

import { spawn } from "node:child_process";
import type { ResolvedConfig } from "../config/types.js";
import { ScriptDirectory } from "../script/script-directory.js";
import { ScriptWriteError } from "../script/script-errors.js";

export interface EditOptions {
  /** Command line of the editor; default $VISUAL, then $EDITOR. May carry arguments (`code --wait`). */
  readonly editor?: string;
}

/** Opens the files one after another and returns their paths. */
export async function edit(
  config: ResolvedConfig,
  rev: string,
  options: EditOptions = {},
): Promise<string[]> {
  const directory = ScriptDirectory.load(config);
  const ids =
    rev === "current"
      ? await (await import("./current.js")).currentRevisionIds(config, directory)
      : directory.map.resolve(rev);
  if (ids.length === 0) throw new ScriptWriteError(`No revision files indicated by symbol '${rev}'`);
  const editor = options.editor ?? (process.env.VISUAL || process.env.EDITOR);
  if (!editor) throw new ScriptWriteError("No editor: set $VISUAL or $EDITOR");
  const paths = ids.map((id) => directory.script(id).path);
  for (const path of paths) await runEditor(editor, path);
  return paths;
}

function shellQuote(text: string): string {
  return process.platform === "win32" ? `"${text.replace(/"/g, '""')}"` : `'${text.replace(/'/g, "'\\''")}'`;
}

/** Runs the editor through the shell, so that an $EDITOR with arguments works as it does for git. */
function runEditor(editor: string, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${editor} ${shellQuote(path)}`, { shell: true, stdio: "inherit" });
    child.on("error", (error) =>
      reject(new ScriptWriteError(`Cannot start editor '${editor}': ${error.message}`)),
    );
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new ScriptWriteError(`Editor '${editor}' exited with ${signal ?? `code ${code}`} on ${path}`));
    });
  });
}
