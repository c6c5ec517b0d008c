# Correct, but copies the whole store at every checkpoint.
import sys

lines = sys.stdin.read().split("\n")
store, snapshots, out = {}, [], []
for line in lines[1 : 1 + int(lines[0])]:
    words = line.split()
    if words[0] == "set":
        store[words[1]] = words[2]
    elif words[0] == "del":
        store.pop(words[1], None)
    elif words[0] == "get":
        out.append(store.get(words[1], "(unset)"))
    elif words[0] == "count":
        out.append(str(len(store)))
    elif words[0] == "checkpoint":
        snapshots.append(dict(store))
    elif words[0] == "rollback":
        if snapshots:
            store = snapshots.pop()
        else:
            out.append("no checkpoint")
    else:
        snapshots.clear()
print("\n".join(out))
