// The names PostgreSQL chooses for objects it creates on its own, which reflection must recognise.

import { truncateIdentifier } from "../identifier-limit.js";

const MAX_BYTES = 63;

/**
 * PostgreSQL's makeObjectName(table, column, label): `<table>_<column>_<label>`, the longer of the two names cut
 * a byte at a time until the whole fits in 63 bytes. A serial column's sequence is named so.
 */
export function postgresObjectName(table: string, column: string, label: string): string {
  const available = MAX_BYTES - label.length - 2;
  let tableBytes = Buffer.byteLength(table);
  let columnBytes = Buffer.byteLength(column);
  while (tableBytes + columnBytes > available) {
    if (tableBytes > columnBytes) tableBytes--;
    else columnBytes--;
  }
  return `${truncateIdentifier(table, tableBytes)}_${truncateIdentifier(column, columnBytes)}_${label}`;
}
