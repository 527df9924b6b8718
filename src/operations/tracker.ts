// Runs a revision's operations one after another and notices any the revision forgot to await:
// a forgotten `await` would otherwise let the version table move while the statement is still running.

import { RetortError } from "../errors.js";

export class OperationNotAwaitedError extends RetortError {}

/**
 * The promise an op.* call returns. `await` on a plain native promise never looks up its `then`, so the
 * promise is a subclass: awaiting it (or calling then/catch/finally) goes through `then` and marks it awaited.
 */
class TrackedPromise<T> extends Promise<T> {
  static override get [Symbol.species]() {
    return Promise;
  }

  onObserved: (() => void) | undefined;

  // biome-ignore lint/suspicious/noThenProperty: overriding then() is how an `await` on an operation is noticed
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.onObserved?.();
    return super.then(onFulfilled, onRejected);
  }
}

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
    const tracked = new TrackedPromise<T>((resolve, reject) => {
      result.then(resolve, reject);
    });
    // A failure of an operation nobody awaited is reported by finish(), not as an unhandled rejection.
    Promise.prototype.then.call(tracked, undefined, () => {});
    tracked.onObserved = () => {
      entry.awaited = true;
    };
    return tracked;
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
