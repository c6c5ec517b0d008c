import heapq
import sys


def main():
    data = sys.stdin.buffer.read().split()
    f, n = int(data[0]), int(data[1])
    cost = [0] + [int(x) for x in data[2 : 2 + f]]
    values = list(map(int, data[2 + f : 2 + f + 3 * n]))
    times, flows, lengths = values[0::3], values[1::3], values[2::3]
    finish_tag = [0] * (f + 1)
    waiting = []
    departure = [0] * n
    virtual = clock = 0
    nxt = 0
    push, pop = heapq.heappush, heapq.heappop
    while nxt < n or waiting:
        if not waiting and times[nxt] > clock:
            clock = times[nxt]
        while nxt < n and times[nxt] <= clock:
            g = flows[nxt]
            tag = max(finish_tag[g], virtual) + lengths[nxt] * cost[g]
            finish_tag[g] = tag
            push(waiting, (tag, g, nxt))
            nxt += 1
        tag, g, j = pop(waiting)
        virtual = tag
        clock += lengths[j]
        departure[j] = clock
    sys.stdout.write("\n".join(map(str, departure)) + "\n")


main()
