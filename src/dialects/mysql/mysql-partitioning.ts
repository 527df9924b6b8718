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
 * NULL first); HASH or KEY partitions p0, p1, … counted, a lone one not.
 */
export function partitioningKey(text: string): string {
  let key = outsideLiterals(text.trim(), (part) =>
    part
      .replace(/`((?:[^`]|``)*)`/g, (_, name: string) => name.replaceAll("``", "`"))
      .toLowerCase()
      // A partition's ENGINE option, not a column named engine in an expression: `(engine)`, `a, engine)`.
      .replace(/(^|\s)(storage\s+)?engine\s*=?\s*\w+/g, "$1")
      .replace(/\s+/g, " ")
      .replace(/ ?([(),=<>+\-*/]) ?/g, "$1"),
  );
  key = key.replace(/less than\(maxvalue\)/g, "less than maxvalue");
  // HASH or KEY partitions listed under the names MySQL gives them are only counted.
  const listed = /^((?:linear )?(?:hash|key)\(.*\))\((partition p\d+(?:,partition p\d+)*)\)$/.exec(key);
  if (listed) {
    const names = (listed[2] ?? "").split(",").map((item) => item.slice("partition ".length));
    if (names.every((name, i) => name === `p${i}`)) key = `${listed[1]}partitions ${names.length}`;
  }
  key = key.replace(/\)(sub)?partitions 1(?!\d)/g, ")");
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

/** A RANGE or LIST clause as what precedes its partition list and each partition's definition; else undefined. */
function partitionList(text: string): { head: string; items: string[] } | undefined {
  const clause = text.trim();
  const method = METHOD.exec(clause);
  if (method === null || !/^\s*(RANGE|LIST)/i.test(clause)) return undefined;
  const close = closingParen(clause, method[0].length - 1);
  const rest = clause.slice(close + 1).trim();
  if (close < 0 || !rest.startsWith("(") || closingParen(rest, 0) !== rest.length - 1) return undefined;
  return {
    head: clause.slice(0, close + 1),
    items: topLevelItems(rest.slice(1, -1)).map((item) => item.trim()),
  };
}

/**
 * The partitions to reorganize, and what into, that turn `existing` into `wanted`: where both are RANGE or LIST on
 * the same key (no subpartitions) and differ in a run of partitions, the run. A run only added or only removed takes
 * a neighbour with it, so no partition is dropped with its rows: its rows move into that neighbour, or the database
 * refuses the change; a run whose new LIST partitions would not hold every value of the old is not reorganized
 * (see droppedListValues), nor one that is DEFAULT alone on either side (MariaDB 10.11 refuses to reorganize
 * partitions into a lone DEFAULT one: "Inconsistency in usage of column lists"). Undefined: repartition the whole
 * table.
 */
export function partitionReorganization(
  existing: string,
  wanted: string,
): { from: string[]; into: string[] } | undefined {
  const found = partitionList(existing);
  const target = partitionList(wanted);
  if (
    found === undefined ||
    target === undefined ||
    partitioningKey(found.head) !== partitioningKey(target.head)
  )
    return undefined;
  const same = (a: string | undefined, b: string | undefined) =>
    a !== undefined && b !== undefined && partitioningKey(a) === partitioningKey(b);
  let start = 0;
  while (same(found.items[start], target.items[start])) start++;
  let endFound = found.items.length;
  let endTarget = target.items.length;
  while (
    endFound > start &&
    endTarget > start &&
    same(found.items[endFound - 1], target.items[endTarget - 1])
  ) {
    endFound--;
    endTarget--;
  }
  if (start === endFound || start === endTarget) {
    if (endFound < found.items.length) {
      endFound++;
      endTarget++;
    } else if (start > 0) start--;
    else return undefined;
  }
  const from = found.items.slice(start, endFound);
  const into = target.items.slice(start, endTarget);
  // Neither the change nor its reverse may reorganize into DEFAULT alone, which MariaDB refuses.
  if (onlyDefault(from) || onlyDefault(into) || droppedListValues(from, into).length > 0) return undefined;
  return { from, into };
}

/** A partition definition's name, quoted for SQL. */
export function partitionName(definition: string): string {
  const match = /^\s*PARTITION\s+(`(?:[^`]|``)+`|[^\s(`,]+)/i.exec(definition);
  if (match === null)
    throw new UnsupportedOperationError(
      `a partition definition starts PARTITION name, not ${JSON.stringify(definition)}`,
    );
  return match[1]!.startsWith("`") ? match[1]! : quoteName(match[1]!);
}

/**
 * A partition bound the target gives as an expression (`TO_DAYS('2020-01-01')`, `100 + 1`), which MySQL evaluates
 * and stores as its value; undefined when every bound is a literal, NULL or MAXVALUE.
 */
export function boundExpression(text: string): string | undefined {
  for (const match of text.matchAll(/\bVALUES\s+(?:LESS\s+THAN|IN)\s*\(/gi)) {
    const open = match.index + match[0].length - 1;
    const bound = text.slice(open + 1, closingParen(text, open));
    const bare = outsideLiterals(bound, (part) => part.replace(/\b(NULL|MAXVALUE)\b/gi, "0")).replace(
      /'(?:[^'\\]|\\.|'')*'/g,
      "0",
    );
    if (/[A-Za-z_]\w*\s*\(|[+*/]|[\w)]\s*-/.test(bare)) return bound.trim();
  }
  return undefined;
}

/** A LIST partition's values in comparison form, or "default"; none for a RANGE partition. */
function listValues(definition: string): string[] {
  const key = partitioningKey(definition);
  if (/ default$/.test(key)) return ["default"];
  const at = key.indexOf("values in(");
  if (at < 0) return [];
  const open = at + "values in".length;
  return topLevelItems(key.slice(open + 1, closingParen(key, open)));
}

/** Whether every one of `definitions` is a DEFAULT partition. */
export function onlyDefault(definitions: readonly string[]): boolean {
  return definitions.every((definition) => listValues(definition)[0] === "default");
}

/**
 * The LIST values the partitions `from` hold and `into` would not. REORGANIZE PARTITION deletes the rows holding
 * them without a word (MariaDB 10.11), where a whole repartition refuses a row with no partition. A DEFAULT
 * partition in `into` holds every value; one only in `from` is reported as "DEFAULT".
 */
export function droppedListValues(from: readonly string[], into: readonly string[]): string[] {
  const kept = new Set(into.flatMap(listValues));
  if (kept.has("default")) return [];
  return [...new Set(from.flatMap(listValues))]
    .filter((value) => !kept.has(value))
    .map((value) => (value === "default" ? "DEFAULT" : value));
}

/** Whether `into` keeps every partition of `from`, as it is, and adds more after them (ADD PARTITION does that). */
export function onlyAppends(from: readonly string[], into: readonly string[]): boolean {
  return (
    into.length > from.length && from.every((item, i) => partitioningKey(item) === partitioningKey(into[i]!))
  );
}
