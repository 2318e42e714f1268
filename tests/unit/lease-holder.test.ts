import { describe, expect, it } from "vitest";
import { runnerIsGone } from "@/lib/rotation/journal";

/** Which lease holders recovery may take over before their lease runs out (see recoverRotations). */
describe("runnerIsGone", () => {
  const here = { host: "rotor-1/4026531836", pid: 200, instance: "aaaaaaaa", alive: (pid: number) => pid === 300 };
  const owner = (host: string, pid: number, instance = "bbbbbbbb") => `${host}:${pid}:${instance}:0123abcd`;

  it("takes over from a process on this host that no longer exists", () => {
    expect(runnerIsGone(owner("rotor-1/4026531836", 100), here)).toBe(true);
  });

  it("takes over from an earlier incarnation of this very pid, not from this process", () => {
    expect(runnerIsGone(owner("rotor-1/4026531836", 200, "bbbbbbbb"), here)).toBe(true);
    expect(runnerIsGone(owner("rotor-1/4026531836", 200, "aaaaaaaa"), here)).toBe(false);
  });

  it("leaves live processes, other hosts or pid namespaces, and unknown owner names to the lease's expiry", () => {
    expect(runnerIsGone(owner("rotor-1/4026531836", 300), here)).toBe(false);
    expect(runnerIsGone(owner("rotor-2/4026531836", 100), here)).toBe(false);
    expect(runnerIsGone(owner("rotor-1/4026532000", 100), here)).toBe(false);
    expect(runnerIsGone("rotor-1:100:0123abcd", here)).toBe(false); // before instances were recorded
    expect(runnerIsGone("a-process-that-died", here)).toBe(false);
  });
});
