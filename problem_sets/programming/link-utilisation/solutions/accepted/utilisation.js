// s * t * 100 can exceed 2^53, so the status is decided with BigInt.
const lines = require("fs").readFileSync(0, "utf8").split("\n");
const UNITS = { K: 1000n, M: 1000000n, G: 1000000000n, T: 1000000000000n };
const n = Number(lines[0]);
const out = [];
for (let i = 1; i <= n; i++) {
  const [name, speed, interval, first, second] = lines[i].trim().split(/\s+/);
  const s = BigInt(speed.slice(0, -1)) * UNITS[speed.slice(-1)];
  const a = BigInt(first);
  const b = BigInt(second);
  const d = b >= a ? b - a : b + 4294967296n - a;
  const capacity = s * BigInt(interval);
  let status = "impossible";
  if (800n * d < 70n * capacity) status = "normal";
  else if (800n * d <= 100n * capacity) status = "busy";
  out.push(`${name} ${((800 * Number(d)) / Number(capacity)).toFixed(2)} ${status}`);
}
console.log(out.join("\n"));
