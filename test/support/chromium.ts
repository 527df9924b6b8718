// Drives Debian's headless Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: requests on
// fd 3, replies on fd 4, each a JSON message ended by a NUL byte), so tests and benchmarks can open a page, wait
// for it, evaluate script in it and take a screenshot without any browser-automation package.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

/** The Chromium binary on PATH (Debian's package installs `chromium`), or undefined. */
export function findChromium(): string | undefined {
  for (const name of ["chromium", "chromium-browser"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    if (found.status === 0 && found.stdout.trim() !== "") return found.stdout.trim();
  }
  return undefined;
}

interface Pending {
  resolve(value: Record<string, unknown>): void;
  reject(error: Error): void;
}

type Listener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

export class Chromium {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private buffer = "";

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const input = child.stdio[4] as Readable;
    input.setEncoding("utf8");
    input.on("data", (chunk: string) => {
      this.buffer += chunk;
      let end = this.buffer.indexOf("\0");
      while (end !== -1) {
        this.receive(JSON.parse(this.buffer.slice(0, end)) as Record<string, unknown>);
        this.buffer = this.buffer.slice(end + 1);
        end = this.buffer.indexOf("\0");
      }
    });
    child.on("exit", () => {
      for (const { reject } of this.pending.values()) reject(new Error("Chromium exited"));
      this.pending.clear();
    });
  }

  /** Starts a fresh headless Chromium with its own profile folder, as root-safe as Debian's build needs. */
  static async launch(binary = findChromium()): Promise<Chromium> {
    if (binary === undefined) throw new Error("chromium is not installed (apt-get install -y chromium)");
    const profile = mkdtempSync(join(tmpdir(), "retort-chromium-"));
    const child = spawn(
      binary,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        `--user-data-dir=${profile}`,
        "--remote-debugging-pipe",
        "--window-size=1280,900",
        "about:blank",
      ],
      { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] },
    );
    const browser = new Chromium(child, profile);
    await browser.send("Browser.getVersion");
    return browser;
  }

  private receive(message: Record<string, unknown>): void {
    if (typeof message.id === "number") {
      const waiting = this.pending.get(message.id);
      if (waiting === undefined) return;
      this.pending.delete(message.id);
      const error = message.error as { message: string } | undefined;
      if (error) waiting.reject(new Error(error.message));
      else waiting.resolve((message.result ?? {}) as Record<string, unknown>);
      return;
    }
    const method = message.method as string;
    for (const listener of this.listeners.get(method) ?? []) {
      listener((message.params ?? {}) as Record<string, unknown>, message.sessionId as string | undefined);
    }
  }

  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const output = this.child.stdio[3] as Writable;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      output.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  on(method: string, listener: Listener): () => void {
    let set = this.listeners.get(method);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(method, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** A new tab with the Page, Runtime and Network domains on; network requests are recorded. */
  async newPage(): Promise<Page> {
    const { targetId } = (await this.send("Target.createTarget", { url: "about:blank" })) as {
      targetId: string;
    };
    const { sessionId } = (await this.send("Target.attachToTarget", { targetId, flatten: true })) as {
      sessionId: string;
    };
    const page = new Page(this, sessionId);
    await Promise.all(
      ["Page.enable", "Runtime.enable", "Network.enable"].map((m) => this.send(m, {}, sessionId)),
    );
    return page;
  }

  async close(): Promise<void> {
    await this.send("Browser.close").catch(() => {});
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.on("exit", () => resolve());
    });
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  /** Every URL the page asked the network layer for, in order. */
  readonly requests: string[] = [];

  constructor(
    private readonly browser: Chromium,
    private readonly sessionId: string,
  ) {
    browser.on("Network.requestWillBeSent", (params, session) => {
      if (session === sessionId) this.requests.push((params.request as { url: string }).url);
    });
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.browser.send(method, params, this.sessionId);
  }

  /** Navigates and resolves once the load event has fired. */
  async goto(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => {
      const off = this.browser.on("Page.loadEventFired", (_params, session) => {
        if (session !== this.sessionId) return;
        off();
        resolve();
      });
    });
    const { errorText } = (await this.send("Page.navigate", { url })) as { errorText?: string };
    if (errorText) throw new Error(`navigation to ${url} failed: ${errorText}`);
    await loaded;
  }

  /** Evaluates an expression in the page (awaiting a promise) and returns its value. */
  async evaluate<T>(expression: string): Promise<T> {
    const result = (await this.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true,
    })) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (result.exceptionDetails) {
      throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
    }
    return result.result.value;
  }

  /** A PNG of the viewport. */
  async screenshot(): Promise<Buffer> {
    const { data } = (await this.send("Page.captureScreenshot", { format: "png" })) as { data: string };
    return Buffer.from(data, "base64");
  }
}
