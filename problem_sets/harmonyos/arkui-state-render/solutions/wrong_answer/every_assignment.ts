// Marks the component dirty on every assignment, even one that keeps the value.
const lines: string[] = require("fs").readFileSync(0, "utf8").split("\n");
const [n, m] = lines[0].trim().split(/\s+/).map(Number);
const names: string[] = [];
const value = new Map<string, number>();
for (let i = 1; i <= n; i++) {
  const [name, initial] = lines[i].trim().split(/\s+/);
  names.push(name);
  value.set(name, Number(initial));
}
let dirty = true;
const out: string[] = [];
for (let i = n + 1; i <= n + m; i++) {
  const op = lines[i].trim().split(/\s+/);
  if (op[0] === "render") {
    out.push(dirty ? names.map((k) => `${k}=${value.get(k)}`).join(" ") : "skip");
    dirty = false;
    continue;
  }
  const old = value.get(op[1]) as number;
  value.set(op[1], op[0] === "set" ? Number(op[2]) : old + Number(op[2]));
  dirty = true;
}
console.log(out.join("\n"));
