// Correct Dijkstra, but path costs are kept in 32-bit ints: long expensive paths overflow.
#include <climits>
#include <cstdio>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

int main() {
    int n, m, s;
    std::scanf("%d %d %d", &n, &m, &s);
    std::vector<std::vector<std::pair<int, int>>> adj(n + 1);
    for (int i = 0; i < m; ++i) {
        int u, v, a, b;
        std::scanf("%d %d %d %d", &u, &v, &a, &b);
        adj[u].push_back({v, a});
        adj[v].push_back({u, b});
    }
    std::vector<int> dist(n + 1, -1);
    using Item = std::pair<int, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
    heap.push({0, s});
    while (!heap.empty()) {
        auto [d, u] = heap.top();
        heap.pop();
        if (dist[u] != -1) continue;
        dist[u] = d;
        for (auto [v, w] : adj[u])
            if (dist[v] == -1) heap.push({d + w, v});
    }
    for (int k = 1; k <= n; ++k) std::printf("%d\n", dist[k]);
}
