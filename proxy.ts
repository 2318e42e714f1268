import { auth } from "@/auth";
import { env } from "@/lib/env";
import { checkActionBody, checkPath, type Refusal } from "@/lib/http/request-guard";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";

type Middleware = (request: NextRequest, event: NextFetchEvent) => Promise<Response | undefined>;

function refuse(request: NextRequest, { status, message }: Refusal): Response {
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: status === 400 ? "invalid_input" : "too_large", message } }, { status });
  }
  return new NextResponse(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** A request Next.js would fail on with a 500 before Rotor's code runs, refused with a 4xx. */
async function malformed(request: NextRequest): Promise<Refusal | null> {
  const pathProblem = checkPath(request.nextUrl.pathname, request.nextUrl.pathname.length + request.nextUrl.search.length);
  if (pathProblem) return pathProblem;
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  // Forms (multipart) are read by Next itself; the argument list is sent as JSON text.
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return null;
  return checkActionBody(await request.clone().text());
}

/**
 * Coarse gate: Auth.js sends signed-out visitors to /signin (the `authorized` callback in
 * auth.config); every page, action and handler checks again. API routes answer for themselves
 * (a Bearer key or none). Over https it also adds HSTS.
 */
export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const problem = await malformed(request);
  if (problem) return refuse(request, problem);
  const { pathname } = request.nextUrl;
  if (pathname.length > 1 && pathname.endsWith("/")) {
    // On Rotor's configured address: the Host header does not choose where a visitor is sent.
    return NextResponse.redirect(new URL(`${pathname.replace(/\/+$/, "") || "/"}${request.nextUrl.search}`, env().appUrl), 308);
  }
  const response = request.nextUrl.pathname.startsWith("/api/")
    ? NextResponse.next()
    : ((await (auth as unknown as Middleware)(request, event)) ?? NextResponse.next());
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
