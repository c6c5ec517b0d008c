# Moves the virtual time when a packet has been sent instead of when it starts: packets that
# arrive during a transmission are tagged against a stale V.
import heapq
import sys


def main():
    data = sys.stdin.buffer.read().split()
    f, n = int(data[0]), int(data[1])
    cost = [0] + [int(x) for x in data[2 : 2 + f]]
    packets = [tuple(map(int, data[2 + f + 3 * j : 5 + f + 3 * j])) for j in range(n)]
    finish_tag = [0] * (f + 1)
    waiting = []
    departure = [0] * n
    virtual = clock = 0
    nxt = 0
    sending = None  # (end time, tag, packet)
    while nxt < n or waiting or sending:
        # the next event: an arrival, or the end of the packet being sent (ends first on a tie)
        if sending and (nxt == n or sending[0] <= packets[nxt][0]):
            clock, virtual, j = sending
            departure[j] = clock
            sending = None
        else:
            t, g, length = packets[nxt]
            clock = max(clock, t)
            tag = max(finish_tag[g], virtual) + length * cost[g]
            finish_tag[g] = tag
            heapq.heappush(waiting, (tag, g, nxt))
            nxt += 1
            if nxt < n and packets[nxt][0] == t:
                continue  # tag everything arriving at this moment before choosing
        if sending is None and waiting:
            tag, g, j = heapq.heappop(waiting)
            sending = (clock + packets[j][2], tag, j)
    print("\n".join(map(str, departure)))


main()
