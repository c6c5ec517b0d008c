// Finds the costs with Dijkstra, then walks every cheapest path one by one from s, adding one
// to each router it passes: as slow as the number of paths, which grows exponentially.
#include <cstdio>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

static std::vector<std::vector<std::pair<int, int>>> adj;
static std::vector<long long> dist, count;

static void walk(int u) {
    count[u] = (count[u] + 1) % 1000000007;
    for (auto [v, c] : adj[u])
        if (dist[u] + c == dist[v]) walk(v);
}

int main() {
    int n, m, s;
    std::scanf("%d %d %d", &n, &m, &s);
    adj.resize(n + 1);
    for (int i = 0; i < m; ++i) {
        int u, v, c;
        std::scanf("%d %d %d", &u, &v, &c);
        adj[u].push_back({v, c});
        adj[v].push_back({u, c});
    }
    dist.assign(n + 1, -1);
    count.assign(n + 1, 0);
    using Item = std::pair<long long, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
    heap.push({0, s});
    while (!heap.empty()) {
        auto [d, u] = heap.top();
        heap.pop();
        if (dist[u] != -1) continue;
        dist[u] = d;
        for (auto [v, c] : adj[u])
            if (dist[v] == -1) heap.push({d + c, v});
    }
    walk(s);
    for (int k = 1; k <= n; ++k) std::printf("%lld %lld\n", dist[k], count[k]);
}
