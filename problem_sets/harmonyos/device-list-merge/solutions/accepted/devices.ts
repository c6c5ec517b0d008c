// Replay the events once in time order (ties in input order), counting for every device the
// sources that see it; the count after each event answers the queries by binary search.
const lines: string[] = require("fs").readFileSync(0, "utf8").split("\n");
const [m, q] = lines[0].trim().split(" ").map(Number);
const events: string[][] = [];
for (let i = 1; i <= m; i++) events.push(lines[i].trim().split(" "));
const at = events.map((e) => Number(e[0]));
const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => at[a] - at[b] || a - b);
const sees = new Set<string>(); // "device source" pairs that are online
const sources = new Map<string, number>(); // device -> how many sources see it
const label = new Map<string, string>(); // device -> "name type" of its newest ONLINE
let online = 0;
const counts = new Int32Array(m);
const times = new Float64Array(m);
order.forEach((i, k) => {
  const [time, source, device, state, name, kind] = events[i];
  const pair = device + " " + source;
  const before = sources.get(device) ?? 0;
  let after = before;
  if (state === "ONLINE") {
    label.set(device, name + " " + kind);
    if (!sees.has(pair)) {
      sees.add(pair);
      after++;
    }
  } else if (sees.delete(pair)) after--;
  sources.set(device, after);
  online += (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
  times[k] = Number(time);
  counts[k] = online;
});
const out: string[] = [];
for (let i = m + 1; i <= m + q; i++) {
  const t = Number(lines[i]);
  let lo = 0;
  let hi = m; // first index with times[index] > t
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  out.push(String(lo > 0 ? counts[lo - 1] : 0));
}
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const final: string[][] = [];
for (const [device, n] of sources) {
  if (n > 0) {
    const [name, kind] = (label.get(device) as string).split(" ");
    final.push([kind, name, device]);
  }
}
final.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]) || cmp(a[2], b[2]));
out.push(String(final.length));
for (const [kind, name, device] of final) out.push(`${device} ${name} ${kind}`);
console.log(out.join("\n"));
