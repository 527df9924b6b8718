// Reading SQLite's stored DDL (sqlite_schema.sql), which is all SQLite keeps of some facts: quoted text masked
// out for keyword searches, parenthesized groups, identifiers in any of SQLite's quotes, and a CREATE INDEX
// statement's key parts (expression, COLLATE, ASC/DESC) and WHERE. The introspector and the compiler's
// rebuild both read indexes through here.

import { splitTopLevel, stripOuterParens } from "../introspector.js";

/** Replaces quoted strings and identifiers with `fill` (spaces by default), so keyword searches skip them. */
export function mask(text: string, fill = " "): string {
  return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]/g, (m) =>
    fill.repeat(m.length),
  );
}

/** The text inside the parentheses that open at `open`. */
export function parenthesized(text: string, masked: string, open: number): string {
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === "(") depth++;
    else if (masked[i] === ")") {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return text.slice(open + 1);
}

/** An identifier as written in DDL: "a""b", `a`, [a] or bare. */
export function unquoteIdentifier(text: string): string {
  const t = text.trim();
  const first = t[0];
  if (first === '"') return t.slice(1, -1).replaceAll('""', '"');
  if (first === "`") return t.slice(1, -1).replaceAll("``", "`");
  if (first === "[") return t.slice(1, -1);
  return t;
}

export const IDENTIFIER = String.raw`("(?:[^"]|"")*"|\`(?:[^\`]|\`\`)*\`|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_$]*)`;

/** One key part of a stored CREATE INDEX: the column or expression, its COLLATE and its order. */
export interface IndexSqlPart {
  /** The column or expression as written, without COLLATE, ASC/DESC and wrapping parentheses. */
  readonly key: string;
  /** The key as a column name, when it is one. */
  readonly column: string | undefined;
  readonly collation: string | undefined;
  readonly descending: boolean;
}

const ONE_IDENTIFIER = new RegExp(`^${IDENTIFIER}$`);

function indexSqlPart(text: string): IndexSqlPart {
  // Quoted text is masked with a letter here, so that the whitespace before a keyword never runs into it.
  let rest = text.trim();
  const order = /\s+(ASC|DESC)\s*$/i.exec(mask(rest, "x"));
  if (order) rest = rest.slice(0, order.index);
  // A trailing COLLATE outside quotes, followed by nothing but the collation's name.
  const collate = [...mask(rest, "x").matchAll(/\s+COLLATE\s/gi)].at(-1);
  const collation = collate && rest.slice(collate.index + collate[0].length).trim();
  const collated = collate !== undefined && collation !== undefined && ONE_IDENTIFIER.test(collation);
  if (collated) rest = rest.slice(0, collate.index);
  const key = stripOuterParens(rest);
  return {
    key,
    column: ONE_IDENTIFIER.test(key) ? unquoteIdentifier(key) : undefined,
    collation: collated ? unquoteIdentifier(collation) : undefined,
    descending: order?.[1]?.toUpperCase() === "DESC",
  };
}

/** The key parts and WHERE of a stored CREATE INDEX statement. */
export function parseCreateIndex(sql: string): { parts: IndexSqlPart[]; where: string | undefined } {
  const masked = mask(sql);
  const on = /\bON\s+/i.exec(masked);
  const open = masked.indexOf("(", on ? on.index : 0);
  if (open < 0) return { parts: [], where: undefined };
  const inner = parenthesized(sql, masked, open);
  const rest = sql.slice(open + inner.length + 2);
  const where = /^\s*WHERE\s+([\s\S]*?)\s*;?\s*$/i.exec(rest)?.[1];
  // Parentheses around a whole part or condition are how it was written, not part of the expression.
  return {
    parts: splitTopLevel(inner).map(indexSqlPart),
    where: where === undefined ? undefined : stripOuterParens(where),
  };
}
