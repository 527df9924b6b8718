// A file's checksum as the history records it: SHA-256 (hex) of its bytes with CRLF and lone CR turned into LF,
// so a checkout's line endings do not count. The module bundle takes it of every file it is built from, and the
// history's checksum cache (runtime/history-checksums.ts) of every other file a run asks about.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** The checksum of the file at `path`, read now. */
export function fileChecksum(path: string): string {
  return bytesChecksum(readFileSync(path));
}

/** The checksum of a file's bytes already read. */
export function bytesChecksum(bytes: Buffer): string {
  const hash = createHash("sha256");
  if (!bytes.includes(13)) return hash.update(bytes).digest("hex");
  // latin1 maps bytes one to one, so the text's own encoding does not matter.
  const normalized = Buffer.from(bytes.toString("latin1").replace(/\r\n?/g, "\n"), "latin1");
  return hash.update(normalized).digest("hex");
}
