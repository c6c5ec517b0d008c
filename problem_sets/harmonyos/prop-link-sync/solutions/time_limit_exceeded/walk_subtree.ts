// Stores every component's value and walks the owner's whole subtree on each assignment:
// O(n) per assignment.
const data: string[] = require("fs").readFileSync(0, "utf8").split(/\s+/).filter((s: string) => s !== "");
const n = Number(data[0]);
const q = Number(data[1]);
const value: number[] = new Array(n + 1).fill(Number(data[2]));
const owner: number[] = [];
const children: number[][] = [];
for (let v = 0; v <= n; v++) {
  owner.push(v);
  children.push([]);
}
let pos = 3;
for (let v = 2; v <= n; v++) {
  const p = Number(data[pos]);
  children[p].push(v);
  if (data[pos + 1] === "link") owner[v] = owner[p];
  pos += 2;
}
const out: string[] = [];
for (let i = 0; i < q; i++) {
  if (data[pos] === "get") {
    out.push(String(value[Number(data[pos + 1])]));
    pos += 2;
    continue;
  }
  const v = Number(data[pos + 1]);
  const x = Number(data[pos + 2]);
  pos += 3;
  if (value[v] === x) continue;
  const stack = [owner[v]];
  while (stack.length > 0) {
    const u = stack.pop() as number;
    value[u] = x;
    for (const c of children[u]) stack.push(c);
  }
}
console.log(out.join("\n"));
