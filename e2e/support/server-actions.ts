import type { APIRequestContext } from "@playwright/test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { encodeArgs, parseActionAnswer, type RscAnswer } from "./rsc";

/** A server action as the build knows it: its id, where it is defined, and a page that can run it. */
export type ActionRef = { id: string; file: string; name: string; page: string };

/** `lib/actions/applications/add-application.ts#addApplication` — how the matrix names an action. */
export const actionKey = (file: string, name: string) => `${file}#${name}`;

/** `app/(portal)/system/api-keys/page` → `/system/api-keys` (route groups are not in the URL). */
function pageUrl(worker: string): string {
  const path = worker.replace(/^app/, "").replace(/\/page$/, "").replace(/\/\([^/]+\)/g, "");
  return path === "" ? "/" : path;
}

/** Every server action of the build, from the server-reference manifest of the dist dir the stack runs. */
export function manifestActions(): Map<string, ActionRef> {
  const dist = process.env.ROTOR_NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(readFileSync(join(dist, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
  };
  const actions = new Map<string, ActionRef>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const worker = Object.keys(entry.workers).sort()[0]!;
    actions.set(actionKey(entry.filename, entry.exportedName), { id, file: entry.filename, name: entry.exportedName, page: pageUrl(worker) });
  }
  return actions;
}

function filesUnder(dir: string, accept: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, accept) : accept(path) ? [path] : [];
  });
}

/** Every exported function of every "use server" file under lib/actions, read from the source. */
export function sourceActions(): string[] {
  return filesUnder("lib/actions", (p) => p.endsWith(".ts")).flatMap((path) => {
    const source = readFileSync(path, "utf8");
    if (!/^\s*["']use server["']/.test(source)) return [];
    const names = [...source.matchAll(/^export\s+(?:async\s+)?(?:const|function)\s+(\w+)/gm)].map((m) => m[1]!);
    return names.map((name) => actionKey(relative(".", path), name));
  });
}

/** Every route handler and HTTP verb it exports, from app/**\/route.ts: `GET /api/v1/rotations/[id]`. */
export function sourceRoutes(): string[] {
  const verbs = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
  return filesUnder("app", (p) => /(^|\/)route\.ts$/.test(p)).flatMap((path) => {
    const source = readFileSync(path, "utf8");
    const exported = new Set<string>();
    for (const m of source.matchAll(/^export\s+(?:async\s+)?(?:const|function)\s+(\w+)/gm)) exported.add(m[1]!);
    for (const m of source.matchAll(/^export\s+const\s+\{([^}]+)\}/gm)) for (const n of m[1]!.split(",")) exported.add(n.trim());
    const url = "/" + relative("app", path).replace(/\/route\.ts$/, "").replace(/\([^/]+\)\//g, "");
    return verbs.filter((v) => exported.has(v)).map((v) => `${v} ${url}`);
  });
}

export type ActionCall = { status: number; headers: Record<string, string>; text: string; answer: RscAnswer };

/** Calls a server action by id, as a browser's fetch does: POST to a page that has it, args as the body. */
export async function callAction(request: APIRequestContext, action: ActionRef, args: unknown[], headers: Record<string, string> = {}): Promise<ActionCall> {
  const response = await request.post(action.page, {
    headers: { "next-action": action.id, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8", ...headers },
    data: encodeArgs(args),
    maxRedirects: 0,
  });
  const text = await response.text();
  return { status: response.status(), headers: response.headers(), text, answer: parseActionAnswer(text) };
}

/** The action's `{ ok, ... }` result, or undefined when the response carried none. */
export function resultOf(call: ActionCall): { ok: boolean; error?: string; code?: string; data?: unknown; fieldErrors?: Record<string, string[]> } | undefined {
  const value = call.answer.kind === "result" ? call.answer.value : undefined;
  return value && typeof value === "object" && "ok" in value ? (value as { ok: boolean }) : undefined;
}
