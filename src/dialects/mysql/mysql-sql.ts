// How MySQL and MariaDB write SQL: backquoted identifiers, backslash escapes inside strings, 1/0 for booleans,
// X'…' bytes and ? parameters; a connection takes one statement per call, so a script is split the way the
// mysql client splits it, DELIMITER lines included; scripts declare utf8mb4.

import { sqlConventions } from "../sql-conventions.js";

const DELIMITER_LINE = /^[ \t]*DELIMITER[ \t]+(\S+)[ \t]*(?:\r?\n|$)/i;

/**
 * A script's statements as the mysql client sends them: each ends at the delimiter in force (`;` until a
 * `DELIMITER //` line changes it), outside quotes and comments. Comments stay in the text, so `/*!…*\/` ones
 * reach the server as they would from the client; a piece holding nothing but comments is not a statement.
 */
export function mysqlScriptStatements(script: string): string[] {
  const statements: string[] = [];
  let delimiter = ";";
  let current = "";
  let hasCode = false;
  const push = () => {
    if (hasCode) statements.push(current.trim());
    current = "";
    hasCode = false;
  };
  let i = 0;
  while (i < script.length) {
    if (i === 0 || script[i - 1] === "\n") {
      const line = DELIMITER_LINE.exec(script.slice(i, script.indexOf("\n", i) + 1 || script.length));
      if (line) {
        push();
        delimiter = line[1]!;
        i += line[0].length;
        continue;
      }
    }
    const c = script[i]!;
    if (c === "'" || c === '"' || c === "`") {
      let end = i + 1;
      while (end < script.length && script[end] !== c) end += script[end] === "\\" && c !== "`" ? 2 : 1;
      current += script.slice(i, end + 1);
      hasCode = true;
      i = end + 1;
      continue;
    }
    const lineComment = script.startsWith("-- ", i) || script.startsWith("--\t", i) || c === "#";
    if (lineComment || script.startsWith("/*", i)) {
      const end = lineComment ? script.indexOf("\n", i) : script.indexOf("*/", i) + 2;
      const stop = end <= i ? script.length : end;
      current += script.slice(i, stop);
      // An executable comment is code the server runs.
      if (script.startsWith("/*!", i)) hasCode = true;
      i = stop;
      continue;
    }
    if (script.startsWith(delimiter, i)) {
      push();
      i += delimiter.length;
      continue;
    }
    current += c;
    if (!/\s/.test(c)) hasCode = true;
    i++;
  }
  push();
  return statements;
}

export const mysqlSql = {
  ...sqlConventions({
    identifierQuote: "`",
    backslashEscapes: true,
    booleanLiteral: (value) => (value ? "1" : "0"),
    bytesLiteral: (hex) => `X'${hex}'`,
    placeholders: "positional",
    multiStatementScripts: false,
    // The mysql client's default character set rejects (or mangles) 4-byte UTF-8 in a script; a live run's
    // connection is utf8mb4.
    scriptPreamble: ["SET NAMES utf8mb4"],
  }),
  scriptStatements: mysqlScriptStatements,
};
