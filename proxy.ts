import { auth } from "@/auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";

type Middleware = (request: NextRequest, event: NextFetchEvent) => Promise<Response | undefined>;

/**
 * Coarse gate: Auth.js sends signed-out visitors to /signin (the `authorized` callback in
 * auth.config). Every page, action and handler checks again. Over https it also adds HSTS.
 */
export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const response = (await (auth as unknown as Middleware)(request, event)) ?? NextResponse.next();
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/).*)"],
};
