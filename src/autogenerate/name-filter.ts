// include/exclude name patterns from the config (glob: `*` any run, `?` one character), matched against a
// table's bare and schema-qualified names. The version and history tables are always left out.

export interface NameFilterOptions {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly versionTable: string;
  readonly versionTableSchema?: string | undefined;
  /** The history table (in the version table's schema); false or absent when none is kept. */
  readonly historyTable?: string | false;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replaceAll("*", ".*")
    .replaceAll("?", ".");
  return new RegExp(`^${body}$`);
}

/** A predicate over (schema, name): true for objects autogenerate should compare. */
export function nameFilter(
  options: NameFilterOptions,
): (schema: string | undefined, name: string) => boolean {
  const include = options.include.map(globToRegExp);
  const exclude = options.exclude.map(globToRegExp);
  return (schema, name) => {
    if (
      (name === options.versionTable || name === options.historyTable) &&
      (schema ?? undefined) === (options.versionTableSchema ?? undefined)
    ) {
      return false;
    }
    const names = schema === undefined ? [name] : [name, `${schema}.${name}`];
    if (include.length > 0 && !names.some((n) => include.some((re) => re.test(n)))) return false;
    return !names.some((n) => exclude.some((re) => re.test(n)));
  };
}
