// A domain: a named type (PostgreSQL CREATE DOMAIN) over a base type, with its own NOT NULL, default, collation
// and named CHECKs on VALUE. Columns use it by name (`column.domain("year")`).

import { type ColumnDefault, type LiteralValue, toColumnDefault } from "./column.js";
import type { CheckConstraint } from "./constraints.js";
import { compact, deepFreeze } from "./freeze.js";
import type { SqlExpression } from "./sql.js";
import type { ColumnType } from "./types.js";

export interface Domain {
  readonly kind: "domain";
  readonly name: string;
  readonly schema: string | undefined;
  /** The base type. */
  readonly type: ColumnType;
  readonly notNull: boolean;
  readonly default: ColumnDefault | undefined;
  readonly collation: string | undefined;
  /** Conditions on `VALUE`, each named so it can be dropped. */
  readonly checks: readonly (CheckConstraint & { readonly name: string })[];
}

export interface DomainOptions {
  readonly schema?: string;
  readonly notNull?: boolean;
  readonly default?: LiteralValue | SqlExpression;
  readonly collation?: string;
  readonly checks?: readonly (CheckConstraint & { readonly name: string })[];
}

/** A domain for a target module: `export const year = domain("year", types.integer(), { checks: [...] })`. */
export function domain(name: string, type: ColumnType, options: DomainOptions = {}): Domain {
  return deepFreeze(
    compact({
      kind: "domain",
      name,
      schema: options.schema,
      type,
      notNull: options.notNull ?? false,
      default: options.default === undefined ? undefined : toColumnDefault(options.default),
      collation: options.collation,
      checks: [...(options.checks ?? [])],
    }),
  ) as Domain;
}
