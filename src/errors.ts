// The root of Retort's typed errors. The CLI prints `message` (and `hint`) on one line and exits with `exitCode`;
// programmatic callers catch the subclasses. Each module keeps its own subclasses next to its code.

export class RetortError extends Error {
  /** 1 for user and database errors, 2 for bad usage. */
  readonly exitCode: number = 1;
  /** One more line that tells the user what to do next, printed after the message. */
  hint: string | undefined;

  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

/** Bad command-line usage: unknown option, missing argument, conflicting flags. Exit code 2. */
export class UsageError extends RetortError {
  override readonly exitCode: number = 2;
}
