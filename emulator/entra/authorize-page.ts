import { TENANTS, USERS, type SeedUser } from "../seed";

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

function describe(user: SeedUser): string {
  const tenant = TENANTS[user.tenant].name;
  return user.homeTenant ? `Guest in ${tenant} · home tenant ${TENANTS[user.homeTenant].name}` : tenant;
}

/** The emulator's account picker: stands in for Microsoft's sign-in page. */
export function renderAccountPicker({ params, users, error }: { params: URLSearchParams; users: SeedUser[]; error?: string }) {
  const hidden = [...params.entries()]
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join("");
  const rows = users
    .map(
      (user) => `<li><button type="submit" name="user" value="${escape(user.key)}">
        <span class="avatar" aria-hidden="true">${escape(user.name.split(" ").map((p) => p[0]).join(""))}</span>
        <span class="who"><strong>${escape(user.name)}</strong><span>${escape(user.email)}</span><small>${escape(describe(user))} — ${escape(user.description)}</small></span>
      </button></li>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign in to your account · Azure emulator</title>
<style>
  body{margin:0;font:15px/1.4 "Segoe UI",system-ui,sans-serif;background:#f2f2f2;color:#1b1b1b;display:grid;place-items:center;min-height:100vh}
  main{background:#fff;width:min(440px,92vw);padding:40px 44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
  .brand{font-weight:600;color:#5e5e5e;font-size:14px}.brand b{color:#0067b8}
  h1{font-size:24px;font-weight:600;margin:16px 0 4px}p{margin:0 0 16px;color:#444}
  ul{list-style:none;margin:0;padding:0}li+li{border-top:1px solid #e5e5e5}
  button{all:unset;box-sizing:border-box;display:flex;gap:12px;align-items:center;width:100%;padding:12px 8px;cursor:pointer}
  button:hover{background:#f2f2f2}button:focus-visible{outline:2px solid #0067b8;outline-offset:-2px}
  .avatar{flex:none;width:36px;height:36px;border-radius:50%;background:#0067b8;color:#fff;display:grid;place-items:center;font-weight:600}
  .who{display:flex;flex-direction:column}.who span{color:#444}.who small{color:#666}
  .error{background:#fde7e9;color:#a4262c;padding:8px 12px;margin-bottom:12px}
  .consent{background:#eff6fc;color:#1b1b1b;padding:8px 12px;margin-bottom:12px;font-size:14px}
  footer{margin-top:20px;font-size:12px;color:#666}
</style></head><body><main>
<div class="brand"><b>▦</b> Microsoft Entra ID · emulator</div>
<h1>Pick an account</h1><p>Seeded accounts of the local Azure emulator. No password is needed.</p>
${error ? `<div class="error" role="alert">${escape(error)}</div>` : ""}
${params.get("scope")?.includes("499b84ac-1321-427f-aa17-267ca6975798") ? `<div class="consent" role="note"><strong>Permissions requested by Rotor:</strong> access Azure DevOps as you (user_impersonation). Picking an account accepts.</div>` : ""}
<form method="post">${hidden}<ul>${rows}</ul></form>
<footer>This page stands in for login.microsoftonline.com while Rotor runs on its embedded default.</footer>
</main></body></html>`;
}

export function usersFor(tenant: string): SeedUser[] {
  if (tenant === "common" || tenant === "organizations") return USERS;
  return USERS.filter((u) => TENANTS[u.tenant].id === tenant);
}
