import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(process.cwd(), "app", "api", "v1");
const VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/** Every route.ts under app/api/v1, as the OpenAPI path it serves (`[id]` → `{id}`). */
function routeFiles(): { file: string; path: string }[] {
  return readdirSync(ROOT, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(`${sep}route.ts`) || f === "route.ts")
    .map((f) => ({ file: join(ROOT, f), path: `/${relative(ROOT, join(ROOT, f)).split(sep).slice(0, -1).join("/")}`.replace(/\[(\w+)\]/g, "{$1}") }));
}

describe("OpenAPI document of /api/v1", () => {
  it("is served without a key as OpenAPI 3.1", async () => {
    const { GET } = await import("@/app/api/v1/openapi.json/route");
    const res = GET();
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("has a path, with exactly the verbs it exports, for every route file (but the JSON 404 catch-all)", async () => {
    const { openApiDocument } = await import("@/lib/api/openapi");
    const doc = openApiDocument();
    const files = routeFiles().filter((r) => !r.path.includes("[..."));
    expect(files.map((r) => r.path).sort()).toEqual(Object.keys(doc.paths).sort());
    for (const { file, path } of files) {
      const module = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      const exported = VERBS.filter((verb) => typeof module[verb] === "function").map((verb) => verb.toLowerCase());
      expect(Object.keys(doc.paths[path as keyof typeof doc.paths]).sort(), path).toEqual(exported.sort());
    }
  });

  it("resolves every $ref to a schema of its components", async () => {
    const { openApiDocument } = await import("@/lib/api/openapi");
    const doc = openApiDocument();
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of new Set(refs)) expect(doc.components.schemas, ref).toHaveProperty(ref);
    expect(JSON.stringify(doc)).not.toMatch(/"\$schema"|"\$id"/);
  });
});
