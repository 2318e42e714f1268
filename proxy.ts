import { auth } from "@/auth";
import { env } from "@/lib/env";
import { contentSecurityPolicy, newNonce } from "@/lib/http/csp";
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
 * (a Bearer key or none). Every answer gets the per-request nonce CSP; over https also HSTS.
 */
export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce);
  const secured = (response: Response) => {
    response.headers.set("Content-Security-Policy", csp);
    const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
    if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    return response;
  };
  const problem = await malformed(request);
  if (problem) return secured(refuse(request, problem));
  const { pathname } = request.nextUrl;
  if (pathname.length > 1 && pathname.endsWith("/")) {
    // On Rotor's configured address: the Host header does not choose where a visitor is sent.
    return secured(NextResponse.redirect(new URL(`${pathname.replace(/\/+$/, "") || "/"}${request.nextUrl.search}`, env().appUrl), 308));
  }
  const gate = pathname.startsWith("/api/") ? undefined : await (auth as unknown as Middleware)(request, event);
  let response: Response;
  if (gate && !gate.headers.has("x-middleware-next")) {
    response = gate; // a redirect to sign-in
  } else {
    // Next.js takes the nonce for its own scripts from the request's CSP header.
    const headers = new Headers(request.headers);
    headers.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers } });
    for (const cookie of gate?.headers.getSetCookie() ?? []) response.headers.append("set-cookie", cookie);
  }
  return secured(response);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
