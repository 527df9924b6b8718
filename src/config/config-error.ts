// The errors of finding, loading and checking a config, in a module of their own so that the loader and the
// validator can both throw them.

import { RetortError } from "../errors.js";

/** A config that cannot be found, loaded or understood. */
export class ConfigError extends RetortError {}

export class ConfigNotFoundError extends ConfigError {}
