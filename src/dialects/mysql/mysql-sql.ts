// How MySQL and MariaDB write SQL: backquoted identifiers, backslash escapes inside strings, 1/0 for booleans,
// X'…' bytes and ? parameters; a connection takes one statement per call.

import { sqlConventions } from "../sql-conventions.js";

export const mysqlSql = sqlConventions({
  identifierQuote: "`",
  backslashEscapes: true,
  booleanLiteral: (value) => (value ? "1" : "0"),
  bytesLiteral: (hex) => `X'${hex}'`,
  placeholders: "positional",
  multiStatementScripts: false,
});
