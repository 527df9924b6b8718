// MySQL/MariaDB partitioning as one table option: the text after PARTITION BY, partitions included, in the form
// SHOW CREATE TABLE gives it. Reflection writes it from information_schema.PARTITIONS; the compiler checks a
// model's text before writing it; comparison reduces either spelling to one key.

import { UnsupportedOperationError } from "../ddl-compiler.js";

/** One row of information_schema.PARTITIONS: a partition, or one subpartition of it. */
export interface PartitionRow {
  TABLE_NAME: string;
  PARTITION_NAME: string;
  SUBPARTITION_NAME: string | null;
  PARTITION_METHOD: string;
  SUBPARTITION_METHOD: string | null;
  PARTITION_EXPRESSION: string | null;
  SUBPARTITION_EXPRESSION: string | null;
  PARTITION_DESCRIPTION: string | null;
}

export const PARTITIONS_SQL = `SELECT TABLE_NAME, PARTITION_NAME, SUBPARTITION_NAME, PARTITION_METHOD, SUBPARTITION_METHOD,
       PARTITION_EXPRESSION, SUBPARTITION_EXPRESSION, PARTITION_DESCRIPTION
FROM information_schema.PARTITIONS
WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL AND PARTITION_METHOD <> 'SYSTEM_TIME'
ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION`;

function quoteName(name: string): string {
  return `\`${name.replaceAll("`", "``")}\``;
}

/** `RANGE (…)`, `LIST COLUMNS(…)`, `KEY ()`: as SHOW CREATE TABLE spaces them. */
function methodClause(method: string, expression: string | null): string {
  const separator = /COLUMNS$/.test(method) ? "" : " ";
  return `${method}${separator}(${expression ?? ""})`;
}

/** HASH and KEY partitions MySQL named itself (p0, p1, …; a partition's subpartitions `p0sp0`, …) are counted. */
function defaultNames(names: readonly string[], prefix: string): boolean {
  return names.every((name, i) => name.toLowerCase() === `${prefix}${i}`.toLowerCase());
}

/**
 * A LIST partition's bound. The catalog writes a DEFAULT partition's as MAXVALUE (LIST COLUMNS) or 0 (LIST), so
 * `defaults` names the partitions SHOW CREATE TABLE calls DEFAULT.
 */
function bound(method: string, row: PartitionRow, defaults: ReadonlySet<string>): string {
  const description = row.PARTITION_DESCRIPTION ?? "";
  if (method.startsWith("RANGE")) {
    if (method === "RANGE" && description === "MAXVALUE") return " VALUES LESS THAN MAXVALUE";
    return ` VALUES LESS THAN (${description})`;
  }
  if (defaults.has(row.PARTITION_NAME) || /^\(?MAXVALUE(,MAXVALUE)*\)?$/.test(description)) return " DEFAULT";
  return ` VALUES IN (${description})`;
}

/**
 * One table's partitioning from its rows (in partition, then subpartition order). `defaults`: its LIST
 * partitions that are DEFAULT.
 */
export function partitioningFromRows(
  rows: readonly PartitionRow[],
  defaults: ReadonlySet<string> = new Set(),
): string {
  const first = rows[0]!;
  const method = first.PARTITION_METHOD;
  const partitions = new Map<string, PartitionRow[]>();
  for (const row of rows) {
    const list = partitions.get(row.PARTITION_NAME);
    if (list) list.push(row);
    else partitions.set(row.PARTITION_NAME, [row]);
  }
  const names = [...partitions.keys()];
  let text = methodClause(method, first.PARTITION_EXPRESSION);
  if (/HASH|KEY/.test(method) && first.SUBPARTITION_METHOD === null) {
    if (defaultNames(names, "p")) return names.length > 1 ? `${text} PARTITIONS ${names.length}` : text;
    return `${text} (${names.map((name) => `PARTITION ${quoteName(name)}`).join(", ")})`;
  }
  let listSubpartitions = false;
  if (first.SUBPARTITION_METHOD !== null) {
    text += ` SUBPARTITION BY ${methodClause(first.SUBPARTITION_METHOD, first.SUBPARTITION_EXPRESSION)}`;
    const counts = new Set([...partitions.values()].map((subs) => subs.length));
    const counted =
      counts.size === 1 &&
      [...partitions].every(([name, subs]) =>
        defaultNames(
          subs.map((sub) => sub.SUBPARTITION_NAME ?? ""),
          `${name}sp`,
        ),
      );
    if (counted) text += ` SUBPARTITIONS ${[...counts][0]}`;
    listSubpartitions = !counted;
  }
  const items = [...partitions].map(([name, subs]) => {
    const head = `PARTITION ${quoteName(name)}${bound(method, subs[0]!, defaults)}`;
    if (!listSubpartitions) return head;
    return `${head} (${subs.map((sub) => `SUBPARTITION ${quoteName(sub.SUBPARTITION_NAME ?? "")}`).join(", ")})`;
  });
  return `${text} (${items.join(", ")})`;
}

/** The names SHOW CREATE TABLE writes as `PARTITION `name` DEFAULT`. */
export function defaultPartitions(showCreate: string): Set<string> {
  const names = new Set<string>();
  for (const match of showCreate.matchAll(/PARTITION `((?:[^`]|``)+)` DEFAULT\b/g)) {
    names.add(match[1]!.replaceAll("``", "`"));
  }
  return names;
}

/** Applies `fn` to the text outside quoted literals (single or double quotes, backslash escapes). */
function outsideLiterals(text: string, fn: (part: string) => string): string {
  return text
    .split(/('(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : fn(part)))
    .join("");
}

/** Where the parenthesis opening at `open` closes, literals skipped; -1 when it does not. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === "'" || char === '"') {
      for (i++; i < text.length && text[i] !== char; i++) if (text[i] === "\\") i++;
    } else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return i;
  }
  return -1;
}

/** The comma-separated items of a list, split at its top level only. */
function topLevelItems(text: string): string[] {
  const items: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "'" || char === '"') {
      for (i++; i < text.length && text[i] !== char; i++) if (text[i] === "\\") i++;
    } else if (char === "(") depth++;
    else if (char === ")") depth--;
    else if (char === "," && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items;
}

/**
 * A partitioning clause reduced for comparison: no identifier quotes, engines, case or spaces that carry no
 * meaning; `LESS THAN (MAXVALUE)` as `LESS THAN MAXVALUE`; a LIST partition's values in one order (MariaDB moves
 * NULL first); a lone HASH or KEY partition not counted.
 */
export function partitioningKey(text: string): string {
  let key = outsideLiterals(text.trim(), (part) =>
    part
      .replace(/`((?:[^`]|``)*)`/g, (_, name: string) => name.replaceAll("``", "`"))
      .toLowerCase()
      .replace(/\b(storage\s+)?engine\s*=?\s*\w+/g, "")
      .replace(/\s+/g, " ")
      .replace(/ ?([(),=<>+\-*/]) ?/g, "$1"),
  );
  key = key.replace(/less than\(maxvalue\)/g, "less than maxvalue").replace(/ (sub)?partitions 1\b/g, "");
  let from = 0;
  for (;;) {
    const at = key.indexOf("values in(", from);
    if (at < 0) break;
    const open = at + "values in".length;
    const close = closingParen(key, open);
    if (close < 0) break;
    const sorted = topLevelItems(key.slice(open + 1, close))
      .sort()
      .join(",");
    key = `${key.slice(0, open + 1)}${sorted}${key.slice(close)}`;
    from = close;
  }
  return key.trim();
}

const METHOD = /^\s*(?:(?:RANGE|LIST)(?:\s+COLUMNS)?|(?:LINEAR\s+)?(?:HASH|KEY))\s*\(/i;

/** The clause for CREATE or ALTER TABLE, refused when it is not a partitioning clause MySQL could take. */
export function checkedPartitioning(table: string, text: string): string {
  const clause = text.trim();
  const method = METHOD.exec(clause);
  if (
    method === null ||
    closingParen(clause, method[0].length - 1) < 0 ||
    outsideLiterals(clause, (part) => (part.includes(";") ? ";" : "")).includes(";")
  ) {
    throw new UnsupportedOperationError(
      `table ${table}: partitioning is what follows PARTITION BY, RANGE (…), RANGE COLUMNS(…), LIST (…), LIST COLUMNS(…), [LINEAR] HASH (…) or [LINEAR] KEY (…) with its partitions, not ${JSON.stringify(text)}`,
    );
  }
  return clause;
}
