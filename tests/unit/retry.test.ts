import { describe, expect, it } from "vitest";
import { AzureError } from "@/lib/azure/errors";
import { onlyThrottled, retryAfterMs, withRetry } from "@/lib/azure/retry";

const fast = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

describe("retry", () => {
  it("reads Retry-After as seconds or a date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs("soon")).toBeUndefined();
  });

  it("retries throttling and server faults, at most `attempts` times", async () => {
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw new AzureError("graph", 503, "down"); }, fast)).rejects.toMatchObject({ status: 503 });
    expect(calls).toBe(3);
  });

  it("does not retry a client error, nor a 5xx for a non-idempotent call", async () => {
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw new AzureError("graph", 403, "no"); }, fast)).rejects.toMatchObject({ status: 403 });
    await expect(withRetry(async () => { calls++; throw new AzureError("graph", 500, "?"); }, fast, onlyThrottled)).rejects.toMatchObject({ status: 500 });
    expect(calls).toBe(2);
  });

  it("succeeds once the fault passes", async () => {
    let calls = 0;
    const result = await withRetry(async () => {
      if (++calls < 3) throw new AzureError("devops", 429, "slow down", undefined, 1);
      return "ok";
    }, fast);
    expect(result).toBe("ok");
  });
});
