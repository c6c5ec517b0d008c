// Recounts the islands with a breadth-first search after every alarm: O(q (n + m)).
#include <cstdio>
#include <vector>

int main() {
    int n, m, q;
    std::scanf("%d %d %d", &n, &m, &q);
    std::vector<std::vector<std::pair<int, int>>> adj(n + 1);
    for (int i = 1; i <= m; ++i) {
        int u, v;
        std::scanf("%d %d", &u, &v);
        adj[u].push_back({v, i});
        adj[v].push_back({u, i});
    }
    std::vector<char> up(m + 1, 1);
    std::vector<int> seen(n + 1, -1), queue(n);
    auto count = [&](int stamp) {
        int islands = 0;
        for (int start = 1; start <= n; ++start) {
            if (seen[start] == stamp) continue;
            ++islands;
            int head = 0, tail = 0;
            queue[tail++] = start;
            seen[start] = stamp;
            while (head < tail) {
                int x = queue[head++];
                for (auto [y, link] : adj[x])
                    if (up[link] && seen[y] != stamp) {
                        seen[y] = stamp;
                        queue[tail++] = y;
                    }
            }
        }
        return islands;
    };
    std::printf("%d\n", count(0));
    for (int j = 1; j <= q; ++j) {
        int f;
        std::scanf("%d", &f);
        up[f] = 0;
        std::printf("%d\n", count(j));
    }
}
