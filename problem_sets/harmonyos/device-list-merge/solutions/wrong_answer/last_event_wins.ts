// Takes the newest event alone: one source losing a device takes it offline even while
// another source still sees it.
const lines: string[] = require("fs").readFileSync(0, "utf8").split("\n");
const [m, q] = lines[0].trim().split(/\s+/).map(Number);
const events: string[][] = [];
for (let i = 1; i <= m; i++) events.push(lines[i].trim().split(/\s+/));
const at = events.map((e) => Number(e[0]));
const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => at[a] - at[b] || a - b);
const seenBy = new Map<string, Set<string>>();
const label = new Map<string, [string, string]>();
let online = 0;
const times: number[] = [];
const counts: number[] = [];
for (const i of order) {
  const [time, source, device, state, name, kind] = events[i];
  let sources = seenBy.get(device);
  if (sources === undefined) {
    sources = new Set<string>();
    seenBy.set(device, sources);
  }
  const before = sources.size > 0 ? 1 : 0;
  if (state === "ONLINE") {
    sources.clear();
    sources.add(source);
    label.set(device, [name, kind]);
  } else sources.clear();
  online += (sources.size > 0 ? 1 : 0) - before;
  times.push(Number(time));
  counts.push(online);
}
const out: string[] = [];
for (let i = m + 1; i <= m + q; i++) {
  const t = Number(lines[i]);
  let lo = 0;
  let hi = times.length; // first index with times[index] > t
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  out.push(String(lo > 0 ? counts[lo - 1] : 0));
}
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const final: string[][] = [];
for (const [device, sources] of seenBy) {
  if (sources.size > 0) {
    const [name, kind] = label.get(device) as [string, string];
    final.push([kind, name, device]);
  }
}
final.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]) || cmp(a[2], b[2]));
out.push(String(final.length));
for (const [kind, name, device] of final) out.push(`${device} ${name} ${kind}`);
console.log(out.join("\n"));
