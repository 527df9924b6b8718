// How MySQL and MariaDB write SQL: backquoted identifiers, backslash escapes inside strings, 1/0 for booleans,
// X'…' bytes and ? parameters; a connection takes one statement per call; scripts declare utf8mb4.

import { sqlConventions } from "../sql-conventions.js";

export const mysqlSql = sqlConventions({
  identifierQuote: "`",
  backslashEscapes: true,
  booleanLiteral: (value) => (value ? "1" : "0"),
  bytesLiteral: (hex) => `X'${hex}'`,
  placeholders: "positional",
  multiStatementScripts: false,
  // The mysql client's default character set rejects (or mangles) 4-byte UTF-8 in a script; a live run's
  // connection is utf8mb4.
  scriptPreamble: ["SET NAMES utf8mb4"],
});
