// How PostgreSQL (and PGlite) write SQL: double-quoted identifiers, standard strings, TRUE/FALSE, bytea hex
// literals and $n parameters; the driver runs a whole script in one call.

import { type SqlConventions, sqlConventions } from "../sql-conventions.js";

const conventions = sqlConventions({
  identifierQuote: '"',
  backslashEscapes: false,
  booleanLiteral: (value) => (value ? "TRUE" : "FALSE"),
  bytesLiteral: (hex) => `'\\x${hex}'::bytea`,
  placeholders: "numbered",
  multiStatementScripts: true,
});

/**
 * psql meta-commands (a line starting with a backslash: `\restrict KEY`, `\connect db`) are for psql, not the
 * server; pg_dump writes some, so a script loses them before it is run.
 */
export const postgresSql: SqlConventions = {
  ...conventions,
  scriptStatements: (script) => conventions.scriptStatements(script.replace(/^\\[A-Za-z!?].*$/gm, "")),
};
