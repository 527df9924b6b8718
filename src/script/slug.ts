// The file-name slug of a new revision, made from its message. Only [a-z0-9_] survive, so no path separator,
// dot or `..` from a message can reach the file system.

/**
 * Words of `message` (runs of ASCII letters, digits and `_`), lowercased and joined by `_`. Longer than
 * `maxLength`, it is cut at the last word boundary before the limit and ends in `_`, as Alembic's does.
 */
export function slugify(message: string | undefined, maxLength: number): string {
  const slug = (message?.match(/[A-Za-z0-9_]+/g) ?? []).join("_").toLowerCase();
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  const boundary = cut.lastIndexOf("_");
  return `${boundary > 0 ? cut.slice(0, boundary) : cut.slice(0, Math.max(0, maxLength - 1))}_`;
}
