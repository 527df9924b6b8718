// Reads a revision file's header (its leading /** */ block and the four `export const` literals, plus a squash
// revision's `replaces`) without executing or fully parsing it. A small single-pass lexer skips comments, strings, template literals and
// regular expressions so that text inside them is never mistaken for a declaration; it stops as soon as
// all four constants are found. Linear in the text it reads, with no backtracking.

/** The header constants every revision file declares. */
export const HEADER_NAMES = ["revision", "downRevision", "branchLabels", "dependsOn"] as const;
/**
 * A squash revision also declares `replaces`. It is read among the four or right after the last of them
 * (comments and blank lines between are fine), so that a file without it costs no longer scan.
 */
export const OPTIONAL_HEADER_NAMES = ["replaces"] as const;
export type HeaderName = (typeof HEADER_NAMES)[number] | (typeof OPTIONAL_HEADER_NAMES)[number];

/** A literal as written: a string, an array of strings, or null. */
export type HeaderValue = string | readonly string[] | null;

export interface ParsedHeader {
  /** Only the constants found; absent ones are missing from the file (or from the text given). */
  readonly values: Partial<Record<HeaderName, HeaderValue>>;
  /** Offset in the text of each found constant's `export` keyword, for error lines. */
  readonly offsets: Partial<Record<HeaderName, number>>;
  /** Where the raw text between `/**` and `*\/` of the leading doc block lies, if there is one. */
  readonly docRange: readonly [start: number, end: number] | undefined;
  /** Whether all four constants were found. */
  readonly complete: boolean;
}

/** A header that is not made of literals, or text the lexer cannot follow. `offset` locates it. */
export class HeaderSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "HeaderSyntaxError";
  }
}

/** 1-based line number of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  let at = text.indexOf("\n");
  while (at !== -1 && at < offset) {
    line++;
    at = text.indexOf("\n", at + 1);
  }
  return line;
}

const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;
const BACKTICK = 96;
const DQUOTE = 34;
const SQUOTE = 39;
const NEWLINE = 10;
const DOLLAR = 36;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const EQUALS = 61;
const COLON = 58;
const SEMICOLON = 59;
const COMMA = 44;
const GREATER = 62;
const LESS = 60;
const HASH = 35;
const LOWER_T = 116;
/** Not a character: marks a `//` token. */
const LINE_COMMENT = -1;
const BANG = 33;

function isIdentChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === DOLLAR ||
    c > 127
  );
}

function isSpace(c: number): boolean {
  return c === 32 || c === NEWLINE || c === 9 || c === 13 || c === 0xfeff || c === 0xa0 || c === 0x2028;
}

/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORD = new Set([
  "return",
  "typeof",
  "case",
  "do",
  "else",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "instanceof",
  "yield",
  "await",
]);

const WANTED: ReadonlySet<string> = new Set([...HEADER_NAMES, ...OPTIONAL_HEADER_NAMES]);
const WORD = /[\w$\u0080-\uffff]*/y;
/**
 * A whole declaration in its most common shape: an optional one-line type, then null or a quoted string
 * without escapes, then `;`. Linear: every repetition is of a class that excludes what follows it.
 */
const COMMON_DECLARATION =
  /[ \t]+const[ \t]+(revision|downRevision|branchLabels|dependsOn)[ \t]*(?::[^=;\n]*)?=[ \t]*(?:null|"([^"\\\n]*)"|'([^'\\\n]*)')[ \t]*;/y;
/** The usual shape after `export`, matched in one step; anything else takes the careful path. */
const CONST_KEYWORD = /[ \t]+const[ \t]+/y;
/** A type annotation without strings, comments or function types, up to its `=`. */
const SIMPLE_TYPE = /[\s\w$|[\]<>.,]*(?==(?!>))/y;

/** Characters that, starting the next line, continue an expression (so the value was not a whole literal). */
function continuesExpression(c: number): boolean {
  return (
    c === 46 || // .
    c === 43 || // +
    c === 45 || // -
    c === STAR ||
    c === SLASH ||
    c === 37 || // %
    c === 63 || // ?
    c === 124 || // |
    c === 38 || // &
    c === OPEN_BRACKET ||
    c === OPEN_PAREN ||
    c === COMMA ||
    c === EQUALS ||
    c === LESS ||
    c === GREATER ||
    c === BACKTICK
  );
}

class Lexer {
  pos = 0;
  constructor(
    readonly src: string,
    /** False when `src` is only the start of a file: running into its end then proves nothing. */
    readonly whole: boolean,
  ) {}

  /** Skips whitespace and comments; returns whether a newline was crossed. */
  skipTrivia(): boolean {
    const src = this.src;
    let newline = false;
    for (;;) {
      const c = src.charCodeAt(this.pos);
      if (isSpace(c)) {
        if (c === NEWLINE) newline = true;
        this.pos++;
      } else if (c === SLASH && src.charCodeAt(this.pos + 1) === SLASH) {
        const end = src.indexOf("\n", this.pos);
        this.pos = end === -1 ? src.length : end;
      } else if (c === SLASH && src.charCodeAt(this.pos + 1) === STAR) {
        const end = src.indexOf("*/", this.pos + 2);
        if (end === -1) throw new HeaderSyntaxError("unterminated comment", this.pos);
        if (!newline && src.lastIndexOf("\n", end) > this.pos) newline = true;
        this.pos = end + 2;
      } else {
        return newline;
      }
    }
  }

  word(): string {
    WORD.lastIndex = this.pos;
    WORD.test(this.src);
    const start = this.pos;
    this.pos = WORD.lastIndex;
    return this.src.slice(start, this.pos);
  }

  /** Reads a quoted string starting at `pos` (on the quote) and returns its value. */
  string(): string {
    const src = this.src;
    const start = this.pos;
    const quote = src.charCodeAt(start);
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = src.charCodeAt(i);
      if (c === quote) break;
      if (Number.isNaN(c) || c === NEWLINE) throw new HeaderSyntaxError("unterminated string", start);
      if (c === BACKSLASH) {
        escaped = true;
        i += 2;
      } else {
        i++;
      }
    }
    this.pos = i + 1;
    const raw = src.slice(start + 1, i);
    return escaped ? decodeEscapes(raw, start) : raw;
  }

  /**
   * Skips a template literal body from `pos` (just after a backtick or a closing `}` of a substitution).
   * Returns true if it stopped at `${` (a substitution follows), false at the closing backtick.
   */
  templateBody(start: number): boolean {
    const src = this.src;
    let i = this.pos;
    for (;;) {
      const c = src.charCodeAt(i);
      if (Number.isNaN(c)) throw new HeaderSyntaxError("unterminated template literal", start);
      if (c === BACKSLASH) i += 2;
      else if (c === BACKTICK) {
        this.pos = i + 1;
        return false;
      } else if (c === DOLLAR && src.charCodeAt(i + 1) === OPEN_BRACE) {
        this.pos = i + 2;
        return true;
      } else i++;
    }
  }

  /** Skips a regular expression literal starting at `pos` (on the slash). */
  regex(): void {
    const src = this.src;
    const start = this.pos;
    let i = start + 1;
    let inClass = false;
    for (;;) {
      const c = src.charCodeAt(i);
      if (Number.isNaN(c) || c === NEWLINE)
        throw new HeaderSyntaxError("unterminated regular expression", start);
      if (c === BACKSLASH) i += 2;
      else {
        if (c === OPEN_BRACKET) inClass = true;
        else if (c === CLOSE_BRACKET) inClass = false;
        else if (c === SLASH && !inClass) break;
        i++;
      }
    }
    i++;
    while (i < src.length && isIdentChar(src.charCodeAt(i))) i++;
    this.pos = i;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
};

function decodeEscapes(raw: string, offset: number): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = raw[++i] ?? "";
    if (next in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[next];
    else if (next === "x" || next === "u") {
      let hex: string;
      if (next === "u" && raw[i + 1] === "{") {
        const close = raw.indexOf("}", i);
        hex = raw.slice(i + 2, close);
        i = close;
      } else {
        const length = next === "x" ? 2 : 4;
        hex = raw.slice(i + 1, i + 1 + length);
        i += length;
      }
      const code = /^[0-9a-fA-F]{1,6}$/.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
      if (Number.isNaN(code) || code > 0x10ffff)
        throw new HeaderSyntaxError("invalid escape in string", offset);
      out += String.fromCodePoint(code);
    } else if (next === "\r" || next === "\n" || next === "\u2028" || next === "\u2029") {
      if (next === "\r" && raw[i + 1] === "\n") i++;
    } else out += next;
  }
  return out;
}

/** The next thing the scanner must look at: a comment, a string, a template, a slash, or `export`. */
const NEXT_TOKEN = /\/\/|\/\*|["'`/]|\bexport\b/g;
/** Inside a template substitution, braces matter too. */
const NEXT_TOKEN_OR_BRACE = /\/\/|\/\*|["'`/{}]/g;
const WHITESPACE = /\s*/y;

/**
 * Parses the header of a revision file's text. Throws HeaderSyntaxError for a constant whose value is not a
 * literal, and for text the scanner cannot follow (an unterminated string or comment). With `whole` false,
 * `src` is the start of a file: a value that runs into its end is an error, to be retried on more text.
 *
 * The scan jumps from one significant token to the next with a native regular-expression search, so a
 * process that reads ten thousand files once spends its time in compiled code, not in a cold JS loop.
 * `export` can only start a declaration at the top level, so braces need no tracking outside templates.
 */
export function parseHeader(src: string, whole = true): ParsedHeader {
  const lex = new Lexer(src, whole);
  const values: Partial<Record<HeaderName, HeaderValue>> = {};
  const offsets: Partial<Record<HeaderName, number>> = {};
  let found = 0;
  let docStart = -1;
  let docEnd = -1;
  let seenCode = false;

  // A byte-order mark, as decoded from UTF-8 or (by the fast path) from latin1.
  if (src.startsWith("\ufeff")) lex.pos = 1;
  else if (src.startsWith("\u00ef\u00bb\u00bf")) lex.pos = 3;
  if (src.charCodeAt(lex.pos) === HASH && src.charCodeAt(lex.pos + 1) === BANG) {
    const end = src.indexOf("\n", lex.pos);
    lex.pos = end === -1 ? src.length : end;
  }

  for (;;) {
    // test() rather than exec(): no match array per token. The token is told by its last character.
    NEXT_TOKEN.lastIndex = lex.pos;
    if (!NEXT_TOKEN.test(src)) break;
    const end = NEXT_TOKEN.lastIndex;
    const last = src.charCodeAt(end - 1);
    let at = end - 1;
    let kind = last;
    if (last === LOWER_T) {
      at = end - 6;
    } else if (last === STAR) {
      at = end - 2;
    } else if (last === SLASH && end - 2 >= lex.pos && src.charCodeAt(end - 2) === SLASH) {
      // A leftmost match ending in `//` can only be the two-character token.
      at = end - 2;
      kind = LINE_COMMENT;
    }
    if (!seenCode) {
      WHITESPACE.lastIndex = lex.pos;
      WHITESPACE.test(src);
      if (WHITESPACE.lastIndex < at) seenCode = true;
    }
    if (kind === STAR) {
      const close = src.indexOf("*/", at + 2);
      if (close === -1) throw new HeaderSyntaxError("unterminated comment", at);
      // `/**/` is an empty comment, not a doc block.
      if (!seenCode && docStart === -1 && src.charCodeAt(at + 2) === STAR && close > at + 2) {
        docStart = at + 3;
        docEnd = close;
      }
      lex.pos = close + 2;
      continue;
    }
    if (kind === LINE_COMMENT) {
      const close = src.indexOf("\n", at);
      lex.pos = close === -1 ? src.length : close;
      continue;
    }
    seenCode = true;
    lex.pos = at;
    if (kind === LOWER_T) {
      // The form `retort revision` writes, in one native match; anything else takes the careful path.
      COMMON_DECLARATION.lastIndex = end;
      const common = COMMON_DECLARATION.exec(src);
      if (common !== null) {
        const name = common[1] as HeaderName;
        const value = common[2] ?? common[3] ?? null;
        if (!(name in values) && (value !== null || name !== "revision")) {
          values[name] = value;
          offsets[name] = at;
          lex.pos = COMMON_DECLARATION.lastIndex;
          if (++found === HEADER_NAMES.length) break;
          continue;
        }
      }
      lex.pos = end;
      const name = declaredConst(lex);
      if (name !== undefined && !(name in values)) {
        values[name] = constValue(lex, name);
        offsets[name] = at;
        if (name !== "replaces" && ++found === HEADER_NAMES.length) break;
      }
    } else skipToken(lex, kind);
  }
  const complete = found === HEADER_NAMES.length;
  if (complete && !("replaces" in values)) readTrailingReplaces(lex, values, offsets);
  return {
    values,
    offsets,
    docRange: docStart === -1 ? undefined : [docStart, docEnd],
    complete,
  };
}

/** Enough text to see `export const replaces` whole. */
const TRAILING_LOOKAHEAD = 32;

/** `export const replaces = …;` as the next declaration after the four, if it is there. */
function readTrailingReplaces(
  lex: Lexer,
  values: Partial<Record<HeaderName, HeaderValue>>,
  offsets: Partial<Record<HeaderName, number>>,
): void {
  lex.skipTrivia();
  const at = lex.pos;
  // Text cut off here may still hold the declaration: let the caller retry on more of the file.
  if (!lex.whole && lex.src.length - at < TRAILING_LOOKAHEAD) {
    throw new HeaderSyntaxError("header cut off by the end of the text read", at);
  }
  if (lex.word() !== "export") {
    lex.pos = at;
    return;
  }
  if (declaredConst(lex) !== "replaces") {
    lex.pos = at;
    return;
  }
  values.replaces = constValue(lex, "replaces");
  offsets.replaces = at;
}

/** Skips a string, template literal, regular expression or division sign starting at `pos` (on `c`). */
function skipToken(lex: Lexer, c: number): void {
  if (c === DQUOTE || c === SQUOTE) lex.string();
  else if (c === BACKTICK) skipTemplate(lex);
  else if (regexMayStart(lex.src, lex.pos)) lex.regex();
  else lex.pos++;
}

/** Skips a whole template literal from its opening backtick, substitutions (and templates in them) included. */
function skipTemplate(lex: Lexer): void {
  const start = lex.pos;
  lex.pos++;
  while (lex.templateBody(start)) {
    let depth = 1;
    while (depth > 0) {
      NEXT_TOKEN_OR_BRACE.lastIndex = lex.pos;
      const match = NEXT_TOKEN_OR_BRACE.exec(lex.src);
      if (match === null) throw new HeaderSyntaxError("unterminated template literal", start);
      const token = match[0];
      lex.pos = match.index;
      if (token === "{") depth++;
      else if (token === "}") depth--;
      if (token === "{" || token === "}") lex.pos++;
      else if (token === "//" || token === "/*") lex.skipTrivia();
      else skipToken(lex, token.charCodeAt(0));
    }
  }
}

/** Whether a `/` at `at` starts a regular expression: judged by the token before it, as editors do. */
function regexMayStart(src: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isSpace(src.charCodeAt(i))) i--;
  if (i < 0) return true;
  const c = src.charCodeAt(i);
  if (
    c === CLOSE_PAREN ||
    c === CLOSE_BRACKET ||
    c === CLOSE_BRACE ||
    c === DQUOTE ||
    c === SQUOTE ||
    c === BACKTICK
  ) {
    return false;
  }
  if (!isIdentChar(c)) return true;
  let start = i;
  while (start > 0 && isIdentChar(src.charCodeAt(start - 1))) start--;
  return REGEX_AFTER_WORD.has(src.slice(start, i + 1));
}

/** After `export`: if `const NAME` follows and NAME is a header constant, returns it with `pos` after NAME. */
function declaredConst(lex: Lexer): HeaderName | undefined {
  const back = lex.pos;
  CONST_KEYWORD.lastIndex = back;
  if (CONST_KEYWORD.test(lex.src)) {
    lex.pos = CONST_KEYWORD.lastIndex;
  } else {
    lex.skipTrivia();
    if (lex.word() !== "const") {
      lex.pos = back;
      return undefined;
    }
    lex.skipTrivia();
  }
  const nameStart = lex.pos;
  const name = lex.word();
  if (!WANTED.has(name)) {
    lex.pos = nameStart;
    return undefined;
  }
  return name as HeaderName;
}

function notLiteral(name: HeaderName, offset: number): HeaderSyntaxError {
  return new HeaderSyntaxError(
    name === "revision"
      ? "revision must be a string literal"
      : `${name} must be a string literal, an array of string literals, or null`,
    offset,
  );
}

/** Where a constant's literal lies in the text: `text.slice(start, end)` is the literal as written. */
export interface ValueSpan {
  start: number;
  end: number;
}

/** Parses `[: Type] = <literal> [as const] ;` after a header constant's name; `span` receives the literal's place. */
function constValue(lex: Lexer, name: HeaderName, span?: ValueSpan): HeaderValue {
  const src = lex.src;
  lex.skipTrivia();
  if (src.charCodeAt(lex.pos) === COLON) {
    lex.pos++;
    skipTypeAnnotation(lex);
  }
  if (src.charCodeAt(lex.pos) !== EQUALS || src.charCodeAt(lex.pos + 1) === EQUALS) {
    throw notLiteral(name, lex.pos);
  }
  lex.pos++;
  lex.skipTrivia();
  const valueStart = lex.pos;
  const c = src.charCodeAt(valueStart);
  let value: HeaderValue;
  if (c === DQUOTE || c === SQUOTE) value = lex.string();
  else if (c === BACKTICK) value = plainTemplate(lex, name);
  else if (c === OPEN_BRACKET && name !== "revision") value = stringArray(lex, name);
  else if (isIdentChar(c) && name !== "revision" && lex.word() === "null") value = null;
  else throw notLiteral(name, valueStart);
  if (span !== undefined) {
    span.start = valueStart;
    span.end = lex.pos;
  }

  let newline = lex.skipTrivia();
  const asStart = lex.pos;
  if (lex.word() === "as") {
    lex.skipTrivia();
    if (lex.word() !== "const") throw notLiteral(name, asStart);
    newline = lex.skipTrivia();
  } else lex.pos = asStart;
  const end = src.charCodeAt(lex.pos);
  if (Number.isNaN(end) && !lex.whole)
    throw new HeaderSyntaxError("header cut off by the end of the text read", lex.pos);
  const terminated =
    end === SEMICOLON || Number.isNaN(end) || end === CLOSE_BRACE || (newline && !continuesExpression(end));
  if (!terminated) throw notLiteral(name, lex.pos);
  return value;
}

/** A template literal without substitutions is a plain string. */
function plainTemplate(lex: Lexer, name: HeaderName): string {
  const start = lex.pos;
  lex.pos++;
  if (lex.templateBody(start)) throw notLiteral(name, start);
  const raw = lex.src.slice(start + 1, lex.pos - 1);
  return raw.includes("\\") ? decodeEscapes(raw, start) : raw;
}

function stringArray(lex: Lexer, name: HeaderName): string[] {
  const src = lex.src;
  const items: string[] = [];
  lex.pos++;
  for (;;) {
    lex.skipTrivia();
    const c = src.charCodeAt(lex.pos);
    if (c === CLOSE_BRACKET) break;
    if (c === DQUOTE || c === SQUOTE) items.push(lex.string());
    else if (c === BACKTICK) items.push(plainTemplate(lex, name));
    else throw notLiteral(name, lex.pos);
    lex.skipTrivia();
    const sep = src.charCodeAt(lex.pos);
    if (sep === COMMA) lex.pos++;
    else if (sep !== CLOSE_BRACKET) throw notLiteral(name, lex.pos);
  }
  lex.pos++;
  return items;
}

/** Skips a type annotation up to the `=` that starts the initialiser, leaving `pos` on it. */
function skipTypeAnnotation(lex: Lexer): void {
  const src = lex.src;
  SIMPLE_TYPE.lastIndex = lex.pos;
  if (SIMPLE_TYPE.test(src)) {
    lex.pos = SIMPLE_TYPE.lastIndex;
    return;
  }
  let depth = 0;
  for (;;) {
    lex.skipTrivia();
    const c = src.charCodeAt(lex.pos);
    if (Number.isNaN(c) || c === SEMICOLON) return;
    if (c === DQUOTE || c === SQUOTE) {
      lex.string();
      continue;
    }
    if (c === EQUALS) {
      if (src.charCodeAt(lex.pos + 1) === GREATER) {
        lex.pos += 2;
        continue;
      }
      if (depth === 0) return;
    }
    if (c === OPEN_BRACE || c === OPEN_PAREN || c === OPEN_BRACKET || c === LESS) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_PAREN || c === CLOSE_BRACKET || c === GREATER) depth--;
    lex.pos++;
  }
}

/** The doc block's text with the ` * ` margin removed and surrounding blank lines trimmed. */
export function docBlockText(block: string): string {
  const lines = block.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (i > 0) {
      line = line.trimStart();
      if (line.startsWith("*")) line = line.slice(1);
    }
    if (line.startsWith(" ")) line = line.slice(1);
    out.push(line);
  }
  return out.join("\n").trim();
}

/**
 * Where the literal of header constant `name` lies in a file's whole text, for rewriting it in place (rebase);
 * undefined when the file does not declare it. Throws HeaderSyntaxError as parseHeader does.
 */
export function headerValueSpan(src: string, name: HeaderName): ValueSpan | undefined {
  const offset = parseHeader(src).offsets[name];
  if (offset === undefined) return undefined;
  const lex = new Lexer(src, true);
  lex.pos = offset + "export".length;
  if (declaredConst(lex) !== name) return undefined;
  const span: ValueSpan = { start: -1, end: -1 };
  constValue(lex, name, span);
  return span;
}

/**
 * The value of `export const <name> = true | false;` anywhere at the top level of a file (comments, strings,
 * templates and regular expressions skipped, as in parseHeader); undefined when the file does not declare it.
 * Any other initialiser is a HeaderSyntaxError: a flag read without running the file must be a literal.
 */
export function readBooleanConst(src: string, name: string): { value: boolean; offset: number } | undefined {
  const lex = new Lexer(src, true);
  for (;;) {
    NEXT_TOKEN.lastIndex = lex.pos;
    const match = NEXT_TOKEN.exec(src);
    if (match === null) return undefined;
    lex.pos = match.index;
    const token = match[0];
    if (token === "//" || token === "/*") {
      lex.skipTrivia();
      continue;
    }
    if (token !== "export") {
      skipToken(lex, token.charCodeAt(0));
      continue;
    }
    const at = lex.pos;
    lex.pos += token.length;
    lex.skipTrivia();
    if (lex.word() !== "const") continue;
    lex.skipTrivia();
    if (lex.word() !== name) continue;
    lex.skipTrivia();
    if (src.charCodeAt(lex.pos) === COLON) {
      lex.pos++;
      skipTypeAnnotation(lex);
    }
    const notBoolean = () => new HeaderSyntaxError(`${name} must be the literal true or false`, at);
    if (src.charCodeAt(lex.pos) !== EQUALS || src.charCodeAt(lex.pos + 1) === EQUALS) throw notBoolean();
    lex.pos++;
    lex.skipTrivia();
    const word = lex.word();
    if (word !== "true" && word !== "false") throw notBoolean();
    const newline = lex.skipTrivia();
    const end = src.charCodeAt(lex.pos);
    if (!(end === SEMICOLON || Number.isNaN(end) || (newline && !continuesExpression(end))))
      throw notBoolean();
    return { value: word === "true", offset: at };
  }
}
