// Never advances the receiver's clock on a sync: a write made after receiving newer data can
// lose to that older data.
type Entry = { clock: number; writer: string; value: string | null }; // null: a deletion
const lines: string[] = require("fs").readFileSync(0, "utf8").split("\n");
const n = Number(lines[0]);
const clock = new Map<string, number>();
const store = new Map<string, Map<string, Entry>>();
const storeOf = (dev: string): Map<string, Entry> => {
  let s = store.get(dev);
  if (s === undefined) {
    s = new Map<string, Entry>();
    store.set(dev, s);
  }
  return s;
};
const newer = (a: Entry, b: Entry): boolean => a.clock > b.clock || (a.clock === b.clock && a.writer > b.writer);
const out: string[] = [];
for (let i = 1; i <= n; i++) {
  const [op, dev, arg, value] = lines[i].trim().split(/\s+/);
  const mine = storeOf(dev);
  if (op === "put" || op === "delete") {
    const c = (clock.get(dev) ?? 0) + 1;
    clock.set(dev, c);
    mine.set(arg, { clock: c, writer: dev, value: op === "put" ? value : null });
  } else if (op === "get") {
    const entry = mine.get(arg);
    out.push(entry !== undefined && entry.value !== null ? entry.value : "(none)");
  } else {
    const target = storeOf(arg);
    for (const [key, entry] of mine) {
      const old = target.get(key);
      if (old === undefined || newer(entry, old)) target.set(key, entry);
    }
  }
}
console.log(out.join("\n"));
