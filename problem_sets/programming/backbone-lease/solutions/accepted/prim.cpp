// Prim from PoP 1 with a heap, own fibre as links of cost 0. Among equal costs it often picks
// other lines than Kruskal does: a different plan of the same cost.
#include <cstdio>
#include <functional>
#include <queue>
#include <tuple>
#include <vector>

struct Arc {
    int to, cost, line;  // line 0: own fibre
};

int main() {
    int n, k, m;
    if (std::scanf("%d %d %d", &n, &k, &m) != 3) return 0;
    std::vector<std::vector<Arc>> adj(n + 1);
    for (int j = 0; j < k; ++j) {
        int x, y;
        std::scanf("%d %d", &x, &y);
        adj[x].push_back({y, 0, 0});
        adj[y].push_back({x, 0, 0});
    }
    for (int i = 1; i <= m; ++i) {
        int u, v, c;
        std::scanf("%d %d %d", &u, &v, &c);
        adj[u].push_back({v, c, i});
        adj[v].push_back({u, c, i});
    }
    // (cost, -line, PoP): the latest-numbered line first among equal costs
    using Item = std::tuple<int, int, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> heap;
    std::vector<char> inside(n + 1, 0);
    heap.push({0, 0, 1});
    long long total = 0;
    int reached = 0;
    std::vector<int> chosen;
    while (!heap.empty()) {
        auto [c, negative_line, x] = heap.top();
        heap.pop();
        if (inside[x]) continue;
        inside[x] = 1;
        ++reached;
        if (negative_line != 0) {
            total += c;
            chosen.push_back(-negative_line);
        }
        for (const Arc& arc : adj[x])
            if (!inside[arc.to]) heap.push({arc.cost, -arc.line, arc.to});
    }
    if (reached < n) {
        std::puts("-1");
        return 0;
    }
    std::printf("%lld %zu\n", total, chosen.size());
    for (int line : chosen) std::printf("%d ", line);
    std::puts("");
}
