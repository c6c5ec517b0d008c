type Json = string | boolean | null | Json[] | { [key: string]: Json };
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", "\\": "\\", '"': '"', "'": "'", "/": "/" };

// A recursive-descent reader of the JSON5 subset in the statement.
class Json5 {
  at = 0;
  constructor(private text: string) {}

  skip(): void {
    const text = this.text;
    while (this.at < text.length) {
      if (/\s/.test(text[this.at])) this.at++;
      else if (text.startsWith("//", this.at)) {
        const end = text.indexOf("\n", this.at);
        this.at = end < 0 ? text.length : end;
      } else if (text.startsWith("/*", this.at)) this.at = text.indexOf("*/", this.at + 2) + 2;
      else return;
    }
  }

  value(): Json {
    this.skip();
    const c = this.text[this.at];
    if (c === "{" || c === "[") return this.sequence(c === "{");
    if (c === '"' || c === "'") return this.string();
    const word = this.word();
    return word === "true" ? true : word === "false" ? false : word === "null" ? null : word;
  }

  sequence(keyed: boolean): Json {
    const close = keyed ? "}" : "]";
    this.at++;
    const items: Json[] = [];
    const fields: { [key: string]: Json } = {};
    for (;;) {
      this.skip();
      if (this.text[this.at] === close) {
        this.at++;
        return keyed ? fields : items;
      }
      if (keyed) {
        const q = this.text[this.at];
        const key = q === '"' || q === "'" ? this.string() : this.word();
        this.skip();
        this.at++; // ':'
        fields[key] = this.value();
      } else items.push(this.value());
      this.skip();
      if (this.text[this.at] === ",") this.at++;
    }
  }

  string(): string {
    const quote = this.text[this.at++];
    let out = "";
    while (this.text[this.at] !== quote) {
      if (this.text[this.at] === "\\") out += ESCAPES[this.text[++this.at]];
      else out += this.text[this.at];
      this.at++;
    }
    this.at++;
    return out;
  }

  word(): string {
    const start = this.at;
    while (this.at < this.text.length && /[A-Za-z0-9_$+.\-]/.test(this.text[this.at])) this.at++;
    return this.text.slice(start, this.at);
  }
}

const isObject = (v: Json | undefined): v is { [key: string]: Json } =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function verdict(entry: { [key: string]: Json }, grant: string | undefined): string {
  if (grant === undefined) return "unknown";
  if (grant === "system_grant") return "system_grant ok";
  const missing: string[] = [];
  const reason = entry["reason"];
  if (typeof reason !== "string" || reason === "") missing.push("reason");
  const scene = entry["usedScene"];
  const abilities = isObject(scene) ? scene["abilities"] : undefined;
  if (!Array.isArray(abilities) || abilities.length === 0) missing.push("usedScene");
  if (missing.length > 0 || !isObject(scene)) return "user_grant missing " + missing.join(",");
  return "user_grant ok " + (typeof scene["when"] === "string" ? scene["when"] : "inuse");
}

const lines: string[] = require("fs").readFileSync(0, "utf8").split("\n");
const k = Number(lines[0]);
const grants = new Map<string, string>();
for (let i = 1; i <= k; i++) {
  const [name, grant] = lines[i].trim().split(/\s+/);
  grants.set(name, grant);
}
const root = new Json5(lines.slice(k + 1).join("\n")).value();
const moduleSection = isObject(root) ? root["module"] : undefined;
const list = isObject(moduleSection) ? moduleSection["requestPermissions"] : undefined;
const seen = new Set<string>();
const out: string[] = [];
for (const entry of Array.isArray(list) ? list : []) {
  if (!isObject(entry)) continue;
  const name = String(entry["name"]);
  out.push(`${name} ${seen.has(name) ? "duplicate" : verdict(entry, grants.get(name))}`);
  seen.add(name);
}
console.log(out.length > 0 ? out.join("\n") : "none");
