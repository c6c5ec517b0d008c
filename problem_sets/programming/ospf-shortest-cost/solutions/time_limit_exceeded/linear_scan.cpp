// Textbook Dijkstra that scans every router to pick the next one: O(n^2).
#include <climits>
#include <cstdio>
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
    std::vector<long long> dist(n + 1, LLONG_MAX);
    std::vector<char> done(n + 1, 0);
    dist[s] = 0;
    for (int round = 0; round < n; ++round) {
        int u = -1;
        for (int k = 1; k <= n; ++k)
            if (!done[k] && dist[k] != LLONG_MAX && (u == -1 || dist[k] < dist[u])) u = k;
        if (u == -1) break;
        done[u] = 1;
        for (auto [v, w] : adj[u])
            if (dist[u] + w < dist[v]) dist[v] = dist[u] + w;
    }
    for (int k = 1; k <= n; ++k) std::printf("%lld\n", dist[k] == LLONG_MAX ? -1 : dist[k]);
}
