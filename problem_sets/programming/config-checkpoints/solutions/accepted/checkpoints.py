import sys


def main():
    lines = sys.stdin.read().split("\n")
    store = {}
    undo = []  # (key, previous value or None), for changes made while a checkpoint is open
    marks = []  # length of `undo` when each open checkpoint was opened
    out = []
    for line in lines[1 : 1 + int(lines[0])]:
        words = line.split()
        command = words[0]
        if command == "set":
            if marks:
                undo.append((words[1], store.get(words[1])))
            store[words[1]] = words[2]
        elif command == "del":
            if marks:
                undo.append((words[1], store.get(words[1])))
            store.pop(words[1], None)
        elif command == "get":
            out.append(store.get(words[1], "(unset)"))
        elif command == "count":
            out.append(str(len(store)))
        elif command == "checkpoint":
            marks.append(len(undo))
        elif command == "rollback":
            if not marks:
                out.append("no checkpoint")
                continue
            mark = marks.pop()
            # undo newest first, so a key changed twice ends with its oldest value
            while len(undo) > mark:
                key, value = undo.pop()
                if value is None:
                    store.pop(key, None)
                else:
                    store[key] = value
        else:  # commit
            marks.clear()
            undo.clear()
    sys.stdout.write("\n".join(out) + "\n" if out else "")


main()
