import { describe, expect, it } from "vitest";
import { devopsSettingsSchema, PAT_REQUIRED } from "@/lib/validations/devops-settings";

const base = { integrationEnabled: true, useServicePrincipal: true, includeHomeTenantOrgs: false, pat: "", removePat: false, hasStoredPat: false };
const errorsOf = (input: Record<string, unknown>) => {
  const result = devopsSettingsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("Azure DevOps settings schema (shared by the form and the action)", () => {
  it("needs a PAT only when the service principal is off and none stays stored", () => {
    expect(errorsOf(base)).toEqual([]);
    expect(errorsOf({ ...base, useServicePrincipal: false })).toEqual([`pat: ${PAT_REQUIRED}`]);
    expect(errorsOf({ ...base, useServicePrincipal: false, hasStoredPat: true })).toEqual([]);
    expect(errorsOf({ ...base, useServicePrincipal: false, hasStoredPat: true, removePat: true })).toEqual([`pat: ${PAT_REQUIRED}`]);
    expect(errorsOf({ ...base, useServicePrincipal: false, pat: "a".repeat(52) })).toEqual([]);
  });

  it("refuses malformed tokens and wrong types with a sentence", () => {
    expect(errorsOf({ ...base, pat: "has spaces in it and more text" })[0]).toMatch(/only letters and digits/);
    expect(errorsOf({ ...base, pat: "short1" })[0]).toMatch(/too short/);
    expect(errorsOf({ ...base, pat: "a".repeat(300) })[0]).toMatch(/at most 256/);
    expect(errorsOf({ ...base, integrationEnabled: "yes" })[0]).toMatch(/^integrationEnabled:/);
    expect(errorsOf({ ...base, pat: "a".repeat(52), removePat: true })[0]).toMatch(/Either replace the PAT or remove it/);
  });

  it("trims a pasted PAT", () => {
    const parsed = devopsSettingsSchema.parse({ ...base, pat: `  ${"b".repeat(52)}\n` });
    expect(parsed.pat).toBe("b".repeat(52));
  });
});
