// Dijkstra that also counts: a router is final when it leaves the heap, and only then passes
// its count to the neighbours whose cheapest path it extends.
#include <cstdio>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

int main() {
    const long long MOD = 1000000007;
    int n, m, s;
    if (std::scanf("%d %d %d", &n, &m, &s) != 3) return 0;
    std::vector<std::vector<std::pair<int, int>>> adj(n + 1);
    for (int i = 0; i < m; ++i) {
        int u, v, c;
        std::scanf("%d %d %d", &u, &v, &c);
        adj[u].push_back({v, c});
        adj[v].push_back({u, c});
    }
    std::vector<long long> dist(n + 1, -1), count(n + 1, 0);
    std::vector<char> done(n + 1, 0);
    using Item = std::pair<long long, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
    dist[s] = 0;
    count[s] = 1;
    heap.push({0, s});
    while (!heap.empty()) {
        auto [d, u] = heap.top();
        heap.pop();
        if (done[u]) continue;
        done[u] = 1;
        for (auto [v, c] : adj[u]) {
            if (dist[v] == -1 || d + c < dist[v]) {
                dist[v] = d + c;
                count[v] = count[u];
                heap.push({dist[v], v});
            } else if (d + c == dist[v]) {
                count[v] = (count[v] + count[u]) % MOD;
            }
        }
    }
    for (int k = 1; k <= n; ++k) std::printf("%lld %lld\n", dist[k], count[k]);
}
