/** The look shared by the emulator's mailbox and webhook pages: plain HTML, no script. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function sinkPage({ title, heading, intro, list, detail }: { title: string; heading: string; intro: string; list: string; detail: string }): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Azure emulator</title>
<style>
  *{box-sizing:border-box}body{margin:0;font:14px/1.45 "Segoe UI",system-ui,sans-serif;background:#f3f4f6;color:#111827}
  header{background:#0f172a;color:#fff;padding:14px 24px;display:flex;gap:16px;align-items:baseline;flex-wrap:wrap}
  header b{font-size:16px}header nav a{color:#cbd5e1;margin-right:14px;text-decoration:none}header nav a[aria-current]{color:#fff;font-weight:600}
  main{display:grid;grid-template-columns:minmax(260px,380px) 1fr;gap:0;min-height:calc(100vh - 52px)}
  @media (max-width:800px){main{grid-template-columns:1fr}}
  .list{background:#fff;border-right:1px solid #e5e7eb;overflow:auto}
  .list h1{font-size:15px;margin:0;padding:14px 16px;border-bottom:1px solid #e5e7eb}
  .list p.intro{margin:0;padding:8px 16px 12px;color:#6b7280;font-size:13px;border-bottom:1px solid #e5e7eb}
  .list ol{list-style:none;margin:0;padding:0}.list li a{display:block;padding:10px 16px;border-bottom:1px solid #f1f5f9;color:inherit;text-decoration:none}
  .list li a:hover{background:#f8fafc}.list li a[aria-current]{background:#eef2ff;border-left:3px solid #4f46e5;padding-left:13px}
  .row1{display:flex;justify-content:space-between;gap:8px}.who{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
  .when{color:#6b7280;font-size:12px;white-space:nowrap}.subject{color:#374151;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
  .badge{display:inline-block;border-radius:999px;padding:0 8px;font-size:12px;font-weight:600}.ok{background:#dcfce7;color:#166534}.bad{background:#fee2e2;color:#991b1b}.info{background:#e0e7ff;color:#3730a3}
  .detail{padding:24px;overflow:auto}.detail h2{font-size:20px;margin:0 0 8px}
  .meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px;margin:12px 0}
  .meta dt{color:#6b7280}.meta dd{margin:0;word-break:break-all}
  pre{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:16px;white-space:pre-wrap;word-break:break-word;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace}
  .empty{color:#6b7280;padding:48px 24px;text-align:center}
</style></head><body>
<header><b>Azure emulator</b><nav aria-label="Sinks"><a href="/_emulator/mail"${heading === "Mailbox" ? ' aria-current="page"' : ""}>Mailbox</a><a href="/_emulator/webhooks"${heading === "Webhooks" ? ' aria-current="page"' : ""}>Webhooks</a></nav></header>
<main><section class="list" aria-labelledby="list-heading"><h1 id="list-heading">${escapeHtml(heading)}</h1><p class="intro">${escapeHtml(intro)}</p>${list}</section>
<section class="detail" aria-label="Selected">${detail}</section></main></body></html>`;
}

export function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
