// Lets an ability be destroyed straight from the background, skipping onWindowStageDestroy.
const MOVES: Record<string, Record<string, string>> = {
  start: { onCreate: "created" },
  destroyed: { onCreate: "created" },
  created: { onWindowStageCreate: "stage", onDestroy: "destroyed" },
  stage: { onForeground: "fg", onWindowStageDestroy: "nostage" },
  fg: { onBackground: "bg", onNewWant: "fg" },
  bg: { onForeground: "fg", onNewWant: "bg", onWindowStageDestroy: "nostage", onDestroy: "destroyed" },
  nostage: { onDestroy: "destroyed" },
};
const lines: string[] = require("fs").readFileSync(0, "utf8").split("\n");
const n = Number(lines[0]);
const state = new Map<string, string>();
const last = new Map<string, string>();
const error = new Map<string, string>();
for (let k = 1; k <= n; k++) {
  const [name, callback] = lines[k].trim().split(" ");
  if (error.has(name)) continue;
  const from = state.get(name) ?? "start";
  const next = Object.prototype.hasOwnProperty.call(MOVES[from], callback) ? MOVES[from][callback] : undefined;
  if (next === undefined) {
    error.set(name, `${name} error ${k} ${callback}`);
    if (!state.has(name)) state.set(name, "start");
  } else {
    state.set(name, next);
    last.set(name, callback);
  }
}
const out: string[] = [];
for (const name of state.keys()) out.push(error.get(name) ?? `${name} ok ${last.get(name)}`);
console.log(out.join("\n"));
