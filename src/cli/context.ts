// What every command action needs: the global options and the resolved config.

import type { Command } from "commander";
import type { ResolvedConfig } from "../config/types.js";

export interface GlobalOptions {
  readonly config: string | undefined;
  readonly x: readonly string[];
  readonly name: string | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly color: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  const all = command.optsWithGlobals<{
    config?: string;
    x?: string[];
    name?: string;
    json?: boolean;
    quiet?: boolean;
    color?: boolean;
  }>();
  return {
    config: all.config,
    x: all.x ?? [],
    name: all.name,
    json: all.json === true,
    quiet: all.quiet === true,
    color: all.color !== false && !process.env.NO_COLOR && process.stdout.isTTY === true,
  };
}

/** Loads the config named by the global options (or found from the cwd). */
export async function loadCliConfig(options: GlobalOptions): Promise<ResolvedConfig> {
  const { loadConfig } = await import("../config/load-config.js");
  return loadConfig({ cwd: process.cwd(), configPath: options.config, x: options.x, name: options.name });
}
