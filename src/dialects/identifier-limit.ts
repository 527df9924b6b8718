// The longest name a database keeps. PostgreSQL keeps the first NAMEDATALEN - 1 (63) bytes of a longer one, cut
// before a UTF-8 character that would not fit whole, and says nothing.

/** `name` as a database that keeps `maxBytes` bytes of an identifier stores it. */
export function truncateIdentifier(name: string, maxBytes: number): string {
  const bytes = Buffer.from(name, "utf8");
  if (bytes.length <= maxBytes) return name;
  let end = maxBytes;
  // A continuation byte (10xxxxxx) at the cut means the character it belongs to does not fit.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}
