// SQL expressions as data: text with identifiers and values kept apart, so each dialect quotes and escapes
// them itself. Used for server defaults, CHECK conditions, index expressions and op.execute().

export type SqlFragment =
  | { readonly text: string }
  | { readonly identifier: string }
  | { readonly value: unknown }
  | { readonly expression: SqlExpression };

export interface SqlExpression {
  readonly kind: "sql";
  readonly fragments: readonly SqlFragment[];
}

function isSqlExpression(value: unknown): value is SqlExpression {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "sql";
}

function expression(fragments: SqlFragment[]): SqlExpression {
  return Object.freeze({ kind: "sql", fragments: Object.freeze(fragments.map((f) => Object.freeze(f))) });
}

/**
 * A SQL expression. Interpolated values become escaped literals (DDL) or bound parameters (op.execute online);
 * interpolate `sql.id("name")` for a quoted identifier and another `sql` expression to nest it.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlExpression {
  const fragments: SqlFragment[] = [];
  strings.forEach((text, index) => {
    if (text !== "") fragments.push({ text });
    if (index < values.length) {
      const value = values[index];
      fragments.push(isSqlExpression(value) ? { expression: value } : { value });
    }
  });
  return expression(fragments);
}

/** A quoted identifier inside a `sql` expression. */
sql.id = (name: string): SqlExpression => expression([{ identifier: name }]);

/** SQL text taken as written (the author's own SQL, never user data). */
sql.raw = (text: string): SqlExpression => expression([{ text }]);

sql.isExpression = isSqlExpression;

/** How identifiers and values are written: each dialect's SQL conventions provide both. */
export interface SqlWriter {
  quoteIdentifier(name: string): string;
  literal(value: unknown): string;
}

export interface RenderedSql {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * Writes an expression for one dialect. With `placeholder`, values become parameters written by it;
 * without, they become escaped literals.
 */
export function renderSql(
  writer: SqlWriter,
  expr: SqlExpression,
  placeholder?: (index: number) => string,
): RenderedSql {
  const params: unknown[] = [];
  const walk = (e: SqlExpression): string =>
    e.fragments
      .map((fragment) => {
        if ("text" in fragment) return fragment.text;
        if ("identifier" in fragment) return writer.quoteIdentifier(fragment.identifier);
        if ("expression" in fragment) return walk(fragment.expression);
        if (placeholder === undefined) return writer.literal(fragment.value);
        params.push(fragment.value);
        return placeholder(params.length);
      })
      .join("");
  return { sql: walk(expr), params };
}
