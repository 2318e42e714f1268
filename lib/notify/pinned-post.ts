import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { checkTargetUrl, TargetRefusedError, type Lookup, type PinnedTarget, type TargetPolicy } from "./target-guard";

const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 4_096;

export type PostAnswer = { status: number; body: string; headers: IncomingHttpHeaders };

/**
 * POSTs `body` to a checked target, connecting to the address the guard resolved (never asking
 * DNS again). A redirect (307/308 keep the method; others too, since a webhook is always a POST)
 * is followed at most three times, each new target checked by the same rules first.
 */
export async function pinnedPost(
  rawUrl: string,
  { body, headers, policy, lookup }: { body: string; headers: Record<string, string>; policy: TargetPolicy; lookup?: Lookup },
): Promise<PostAnswer> {
  let target = await checkTargetUrl(rawUrl, policy, lookup);
  for (let hop = 0; ; hop++) {
    const answer = await postOnce(target, body, headers);
    const location = answer.headers.location;
    if (answer.status < 300 || answer.status >= 400 || !location) return answer;
    if (hop >= MAX_REDIRECTS) throw new TargetRefusedError(`The webhook redirected more than ${MAX_REDIRECTS} times.`);
    const next = new URL(location, target.url).toString();
    try {
      target = await checkTargetUrl(next, policy, lookup);
    } catch (error) {
      if (error instanceof TargetRefusedError) throw new TargetRefusedError(`The webhook redirected to ${new URL(next).host}, which is refused: ${error.message}`);
      throw error;
    }
  }
}

function postOnce(target: PinnedTarget, body: string, headers: Record<string, string>): Promise<PostAnswer> {
  // Node asks with `all: true` when it tries several families; both forms answer the pinned address only.
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const send = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target.url,
      {
        method: "POST",
        lookup,
        timeout: TIMEOUT_MS,
        headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "Rotor-Alerts/1", ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (text.length < MAX_ANSWER_BYTES) text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text.slice(0, MAX_ANSWER_BYTES), headers: res.headers }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on("error", reject);
    req.end(body);
  });
}
