/** What the rotor command prints: its usage, tables and failures (to stderr, exit 1). */
let usage = "";

export function setUsage(text: string): void {
  usage = text;
}

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

export function failWithUsage(message: string): never {
  return fail(`${message}\n\n${usage}`);
}

export function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  console.log([line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
}
