// Shows the dialog again after the user denied once (only a grant is remembered).
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
const granted = new Set<string>();
const out: string[] = [];
const at = p + 2 + d;
for (let i = at + 1; i <= at + Number(lines[at]); i++) {
  const [event, name, arg] = lines[i].trim().split(/\s+/);
  const user = declared.has(name) && kind.get(name) === "user_grant";
  if (event === "check") out.push((user ? granted.has(name) : declared.has(name)) ? "allowed" : "denied");
  else if (event === "settings") {
    if (user && arg === "on") granted.add(name);
    if (user && arg === "off") granted.delete(name);
  } else if (!declared.has(name)) out.push("undeclared");
  else if (!user || granted.has(name)) out.push("granted");
  else {
    if (arg === "yes") granted.add(name);
    out.push(arg === "yes" ? "dialog granted" : "dialog denied");
  }
}
console.log(out.join("\n"));
