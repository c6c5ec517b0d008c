// Treats @Link like @Prop: a child's assignment never reaches its parent, only its subtree.
const data: string[] = require("fs").readFileSync(0, "utf8").split(/\s+/).filter((s: string) => s !== "");
const n = Number(data[0]);
const q = Number(data[1]);
const values: number[] = [Number(data[2])]; // values[t]: the value assigned at time t
const owner = new Int32Array(n + 1);
const children: number[][] = [];
for (let v = 0; v <= n; v++) {
  owner[v] = v;
  children.push([]);
}
let pos = 3;
for (let v = 2; v <= n; v++) {
  const p = Number(data[pos]);
  children[p].push(v);
  pos += 2;
}
const tin = new Int32Array(n + 1);
const tout = new Int32Array(n + 1);
let order = 0;
const stack: number[] = [1];
while (stack.length > 0) {
  const v = stack.pop() as number;
  tin[v] = order++;
  for (const c of children[v]) stack.push(c);
}
for (let v = n; v >= 1; v--) {
  tout[v] = tin[v];
  for (const c of children[v]) tout[v] = Math.max(tout[v], tout[c]);
}
let size = 1;
while (size < n) size *= 2;
const stamp = new Int32Array(2 * size);
const newest = (v: number): number => {
  let best = 0;
  for (let p = tin[v] + size; p > 0; p >>= 1) if (stamp[p] > best) best = stamp[p];
  return best;
};
const out: string[] = [];
for (let i = 0; i < q; i++) {
  if (data[pos] === "get") {
    out.push(String(values[newest(Number(data[pos + 1]))]));
    pos += 2;
    continue;
  }
  const v = Number(data[pos + 1]);
  const x = Number(data[pos + 2]);
  pos += 3;
  if (values[newest(v)] === x) continue;
  values.push(x);
  const t = values.length - 1;
  const o = owner[v];
  for (let lo = tin[o] + size, hi = tout[o] + size + 1; lo < hi; lo >>= 1, hi >>= 1) {
    if (lo & 1) stamp[lo++] = t;
    if (hi & 1) stamp[--hi] = t;
  }
}
console.log(out.join("\n"));
