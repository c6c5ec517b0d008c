const lines: string[] = require("fs").readFileSync(0, "utf8").split("\n");
const p = Number(lines[0]);
const kind = new Map<string, string>();
for (let i = 1; i <= p; i++) {
  const [name, type] = lines[i].trim().split(/\s+/);
  kind.set(name, type);
}
const d = Number(lines[p + 1]);
const declared = new Set<string>();
for (let i = p + 2; i < p + 2 + d; i++) declared.add(lines[i].trim());
const decided = new Map<string, boolean>(); // user_grant permissions the user has decided on
const out: string[] = [];
const at = p + 2 + d;
const e = Number(lines[at]);
for (let i = at + 1; i <= at + e; i++) {
  const [event, name, arg] = lines[i].trim().split(/\s+/);
  const user = declared.has(name) && kind.get(name) === "user_grant";
  if (event === "check") {
    const granted = user ? decided.get(name) === true : declared.has(name);
    out.push(granted ? "allowed" : "denied");
  } else if (event === "settings") {
    if (user) decided.set(name, arg === "on");
  } else if (!declared.has(name)) out.push("undeclared");
  else if (!user) out.push("granted");
  else if (decided.has(name)) out.push(decided.get(name) ? "granted" : "denied");
  else {
    decided.set(name, arg === "yes");
    out.push(arg === "yes" ? "dialog granted" : "dialog denied");
  }
}
console.log(out.join("\n"));
