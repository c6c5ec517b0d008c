// One depth-first search with discovery times and low-links (iterative: the network may be a
// 20 000-device line). Skipping the *link* we came by, not the parent device, keeps a redundant
// pair from looking like a bridge.
#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

int main() {
    int n, m;
    if (std::scanf("%d %d", &n, &m) != 2) return 0;
    std::vector<std::vector<std::pair<int, int>>> adj(n + 1);
    for (int i = 1; i <= m; ++i) {
        int u, v;
        std::scanf("%d %d", &u, &v);
        adj[u].push_back({v, i});
        adj[v].push_back({u, i});
    }
    std::vector<int> disc(n + 1, 0), low(n + 1, 0), parent(n + 1, 0), via(n + 1, 0);
    std::vector<std::size_t> cursor(n + 1, 0);
    std::vector<char> critical(n + 1, 0);
    std::vector<int> bridges, stack;
    int timer = 0;
    for (int root = 1; root <= n; ++root) {
        if (disc[root]) continue;
        disc[root] = low[root] = ++timer;
        int root_children = 0;
        stack.push_back(root);
        while (!stack.empty()) {
            int v = stack.back();
            if (cursor[v] < adj[v].size()) {
                auto [w, link] = adj[v][cursor[v]++];
                if (link == via[v]) continue;
                if (disc[w]) {
                    low[v] = std::min(low[v], disc[w]);
                } else {
                    disc[w] = low[w] = ++timer;
                    parent[w] = v;
                    via[w] = link;
                    stack.push_back(w);
                }
                continue;
            }
            stack.pop_back();
            if (stack.empty()) break;
            int p = parent[v];
            low[p] = std::min(low[p], low[v]);
            if (low[v] > disc[p]) bridges.push_back(via[v]);
            if (p == root)
                ++root_children;
            else if (low[v] >= disc[p])
                critical[p] = 1;
        }
        critical[root] = root_children >= 2;
    }
    std::vector<int> devices;
    for (int v = 1; v <= n; ++v)
        if (critical[v]) devices.push_back(v);
    std::sort(bridges.begin(), bridges.end());
    for (const auto* list : {&devices, &bridges}) {
        std::printf("%zu\n", list->size());
        for (std::size_t i = 0; i < list->size(); ++i)
            std::printf(i ? " %d" : "%d", (*list)[i]);
        std::puts("");
    }
}
