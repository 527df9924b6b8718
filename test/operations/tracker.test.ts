import { describe, expect, it } from "vitest";
import { OperationNotAwaitedError, OperationTracker } from "../../src/operations/tracker.js";

describe("OperationTracker", () => {
  it("accepts operations that were awaited", async () => {
    const tracker = new OperationTracker();
    await tracker.track("a", async () => 1);
    const wrapped = () => tracker.track("b", async () => 2);
    expect(await wrapped()).toBe(2);
    await tracker.finish();
  });

  it("names an operation that was not awaited", async () => {
    const tracker = new OperationTracker();
    await tracker.track("a", async () => 1);
    void tracker.track('op.createTable("t")', async () => 2);
    await expect(tracker.finish()).rejects.toThrow(OperationNotAwaitedError);
    await expect(tracker.finish()).rejects.toThrow(/op\.createTable\("t"\) was not awaited/);
  });

  it("runs operations in order and reports the first failure", async () => {
    const tracker = new OperationTracker();
    const order: number[] = [];
    const slow = tracker.track("slow", async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push(1);
    });
    const fast = tracker.track("fast", async () => {
      order.push(2);
      throw new Error("boom");
    });
    await slow;
    await expect(fast).rejects.toThrow("boom");
    expect(order).toEqual([1, 2]);
    await expect(tracker.finish()).rejects.toThrow("boom");
  });
});
