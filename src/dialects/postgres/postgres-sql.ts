// How PostgreSQL (and PGlite) write SQL: double-quoted identifiers, standard strings, TRUE/FALSE, bytea hex
// literals and $n parameters; the driver runs a whole script in one call.

import { sqlConventions } from "../sql-conventions.js";

export const postgresSql = sqlConventions({
  identifierQuote: '"',
  backslashEscapes: false,
  booleanLiteral: (value) => (value ? "TRUE" : "FALSE"),
  bytesLiteral: (hex) => `'\\x${hex}'::bytea`,
  placeholders: "numbered",
  multiStatementScripts: true,
});
