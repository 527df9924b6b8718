// Finds a Python that can run Alembic, for the benchmarks that time it beside Retort.

import { spawnSync } from "node:child_process";

/** The first Python that runs `-m alembic` (Debian's python3-alembic lives under /usr/bin/python3), or undefined. */
export function findAlembicPython() {
  for (const python of [process.env.ALEMBIC_PYTHON, "/usr/bin/python3", "python3"]) {
    if (python && spawnSync(python, ["-m", "alembic", "--version"], { stdio: "ignore" }).status === 0)
      return python;
  }
  return undefined;
}
