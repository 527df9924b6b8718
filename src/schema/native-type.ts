// A database's own type, kept exactly as written (`mediumint(8) unsigned`, `character varying(50)[]`,
// `"audit"."mood"`, `NVARCHAR(160)`) together with a dialect-neutral reading of its parts. Compiling writes the
// text back unchanged; each dialect's type system compares the parts by its own rules.

/** A type as the database (or the author) spells it. */
export interface NativeType {
  readonly kind: "native";
  /** The exact text: what DDL writes and what render prints. */
  readonly sql: string;
  /** The base name as written, without schema or quotes: `int`, `character varying`, `timestamp with time zone`. */
  readonly name: string;
  /** Whether the name was a quoted identifier (`"Mood"`), whose case counts. */
  readonly quoted: boolean;
  /** The schema of a qualified name (`audit.mood`). */
  readonly schema: string | undefined;
  /** What was between the parentheses, split at top-level commas, each as written: `10`, `'a'`, `Point`. */
  readonly args: readonly string[];
  readonly unsigned: boolean;
  readonly zerofill: boolean;
  readonly charset: string | undefined;
  readonly collation: string | undefined;
  /** `[]` suffixes: 0 for a plain type. */
  readonly arrayDimensions: number;
  /** The name is a PostgreSQL domain's (`types.domain`, and reflection): it renders as `column.domain(...)`. */
  readonly domain?: boolean;
}

export class NativeTypeError extends TypeError {}

type Token =
  | { readonly kind: "word"; readonly text: string }
  | { readonly kind: "quoted"; readonly text: string }
  | { readonly kind: "args"; readonly text: string }
  | { readonly kind: "array" }
  | { readonly kind: "dot" };

/** The index of the quote that closes the one at `start`; a doubled quote, or \' inside '…', does not close it. */
function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\" && quote === "'") i++;
    else if (text[i] === quote) {
      if (text[i + 1] !== quote) return i;
      i++;
    }
  }
  throw new NativeTypeError(`unterminated quote in type ${JSON.stringify(text)}`);
}

const isQuote = (c: string) => c === "'" || c === '"' || c === "`";

/** The index of the parenthesis that closes the one at `start`. */
function readArgs(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (isQuote(c)) i = closingQuote(text, i);
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  throw new NativeTypeError(`unbalanced parentheses in type ${JSON.stringify(text)}`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(") {
      const end = readArgs(text, i);
      tokens.push({ kind: "args", text: text.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "[") {
      const end = text.indexOf("]", i);
      if (end === -1 || !/^\s*\d*\s*$/.test(text.slice(i + 1, end)))
        throw new NativeTypeError(`malformed array suffix in type ${JSON.stringify(text)}`);
      tokens.push({ kind: "array" });
      i = end + 1;
    } else if (c === ".") {
      tokens.push({ kind: "dot" });
      i++;
    } else if (c === '"' || c === "`") {
      const end = closingQuote(text, i);
      tokens.push({ kind: "quoted", text: text.slice(i + 1, end).replaceAll(c + c, c) });
      i = end + 1;
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*|^[0-9]+/.exec(text.slice(i));
      if (!match)
        throw new NativeTypeError(`unexpected ${JSON.stringify(c)} in type ${JSON.stringify(text)}`);
      tokens.push({ kind: "word", text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/** Splits at commas outside quotes and parentheses, trimming each part. */
function splitArgs(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (isQuote(c)) i = closingQuote(text, i);
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== "" || parts.length > 0) parts.push(last);
  return parts;
}

const lower = (token: Token | undefined) => (token?.kind === "word" ? token.text.toLowerCase() : undefined);

/**
 * Reads a type's text into its parts; "" is a column without a declared type (SQLite). Modifiers (UNSIGNED, ZEROFILL, CHARACTER SET, COLLATE) count only after
 * the first word of the name, so SQLite's `UNSIGNED BIG INT` stays one name.
 */
export function parseNativeType(sql: string): NativeType {
  const text = sql.trim();
  const tokens = tokenize(text);
  const words: string[] = [];
  let quoted = false;
  let schema: string | undefined;
  let args: string[] = [];
  let unsigned = false;
  let zerofill = false;
  let charset: string | undefined;
  let collation: string | undefined;
  let arrayDimensions = 0;
  const identifier = (token: Token | undefined, what: string): string => {
    if (token?.kind === "word" || token?.kind === "quoted") return token.text;
    throw new NativeTypeError(`${what} needs a name in type ${JSON.stringify(text)}`);
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const word = lower(token);
    if (token.kind === "array") {
      arrayDimensions++;
    } else if (token.kind === "args") {
      if (args.length > 0) throw new NativeTypeError(`two argument lists in type ${JSON.stringify(text)}`);
      args = splitArgs(token.text);
    } else if (token.kind === "dot") {
      if (words.length !== 1 || schema !== undefined)
        throw new NativeTypeError(`misplaced "." in type ${JSON.stringify(text)}`);
      schema = words.pop();
      quoted = false;
    } else if (words.length > 0 && word === "unsigned") {
      unsigned = true;
    } else if (words.length > 0 && word === "signed") {
      unsigned = false;
    } else if (words.length > 0 && word === "zerofill") {
      zerofill = true;
    } else if (
      words.length > 0 &&
      (word === "charset" || (word === "character" && lower(tokens[i + 1]) === "set"))
    ) {
      if (word === "character") i++;
      charset = identifier(tokens[++i], "CHARACTER SET");
    } else if (words.length > 0 && word === "collate") {
      collation = identifier(tokens[++i], "COLLATE");
    } else if (token.kind === "quoted") {
      words.push(token.text);
      quoted = true;
    } else {
      words.push(token.text);
    }
  }
  // Only SQLite has columns without a type; an empty text stands for that.
  if (words.length === 0 && text !== "") throw new NativeTypeError(`no type name in ${JSON.stringify(text)}`);
  return Object.freeze({
    kind: "native",
    sql: text,
    name: words.join(" "),
    quoted,
    schema,
    args: Object.freeze(args),
    unsigned,
    zerofill,
    charset,
    collation,
    arrayDimensions,
  });
}
