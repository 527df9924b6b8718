// Runs a revision's operations one after another and notices any the revision forgot to await:
// a forgotten `await` would otherwise let the version table move while the statement is still running.

import { RetortError } from "../errors.js";

export class OperationNotAwaitedError extends RetortError {}

export class OperationTracker {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly pending: { description: string; awaited: boolean }[] = [];
  private firstFailure: unknown;

  /** Queues `work` after every earlier operation; the returned promise records that it was awaited. */
  track<T>(description: string, work: () => Promise<T>): Promise<T> {
    const entry = { description, awaited: false };
    this.pending.push(entry);
    const result = this.chain.then(work);
    this.chain = result.catch((error: unknown) => {
      this.firstFailure ??= error;
    });
    const originalThen = result.then.bind(result);
    // biome-ignore lint/suspicious/noThenProperty: wrapping then() is how an `await` on this promise is noticed
    Object.defineProperty(result, "then", {
      value: (onFulfilled?: (value: T) => unknown, onRejected?: (reason: unknown) => unknown) => {
        entry.awaited = true;
        return originalThen(onFulfilled, onRejected);
      },
    });
    return result;
  }

  /** Waits for every queued operation; throws the first failure, then any operation left un-awaited. */
  async finish(): Promise<void> {
    await this.chain;
    if (this.firstFailure !== undefined) throw this.firstFailure;
    const forgotten = this.pending.find((entry) => !entry.awaited);
    if (forgotten) {
      throw new OperationNotAwaitedError(
        `${forgotten.description} was not awaited; every op.* call must be awaited before the revision returns`,
        { hint: "add `await` in front of the operation" },
      );
    }
  }
}
