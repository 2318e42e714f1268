import { auth } from "@/auth";

/** Coarse gate: signed-out visitors go to /signin. Every page, action and handler checks again. */
export const proxy = auth;

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/).*)"],
};
