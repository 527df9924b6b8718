// How SQLite writes SQL: double-quoted identifiers, standard strings, 1/0 for booleans, X'…' blobs and ?
// parameters. BEGIN IMMEDIATE takes the write lock with the transaction; a script runs in one call.

import { sqlConventions } from "../sql-conventions.js";

export const sqliteSql = sqlConventions({
  identifierQuote: '"',
  backslashEscapes: false,
  booleanLiteral: (value) => (value ? "1" : "0"),
  bytesLiteral: (hex) => `X'${hex}'`,
  placeholders: "positional",
  beginSql: "BEGIN IMMEDIATE",
  multiStatementScripts: true,
});
