const lines: string[] = require("fs").readFileSync(0, "utf8").split("\n");
const INTEGER = /^-?(0|[1-9][0-9]*)$/;
const w = Number(lines[0]);
const want = new Map<string, string>();
for (let i = 1; i <= w; i++) {
  const at = lines[i].indexOf("=");
  if (at >= 0) want.set(lines[i].slice(0, at), lines[i].slice(at + 1));
}
const bundle = want.get("bundleName") ?? "";
const ability = want.get("abilityName") ?? "";
const out: string[] = [bundle && ability ? `explicit ${bundle}/${ability}` : "implicit"];
const q = Number(lines[w + 1]);
for (let i = w + 2; i < w + 2 + q; i++) {
  const [kind, name, fallback] = lines[i].trim().split(/\s+/);
  const value = want.get("parameters." + name);
  if (value === undefined) out.push(fallback);
  else if (kind === "string") out.push(value);
  else if (kind === "int") {
    const ok = INTEGER.test(value) && BigInt(value) >= -(2n ** 31n) && BigInt(value) < 2n ** 31n;
    out.push(ok ? value : fallback);
  } else out.push(value === "true" || value === "false" ? value : fallback);
}
console.log(out.join("\n"));
