// Schema and operation objects are plain data that nothing may change after they are built.

/** Freezes a plain value and everything reachable from it, then returns it with readonly types. */
export function deepFreeze<T>(value: T): T {
  // Typed arrays cannot be frozen; they only appear as values, never as structure.
  if (typeof value === "object" && value !== null && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Drops keys whose value is undefined, so frozen objects compare and print cleanly. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
