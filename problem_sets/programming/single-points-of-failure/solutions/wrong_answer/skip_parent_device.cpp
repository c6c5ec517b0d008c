// The textbook low-link search that skips the parent *device* instead of the link it came by:
// the second cable of a redundant pair is never seen, so the pair looks like a critical link.
#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

static std::vector<std::vector<std::pair<int, int>>> adj;
static std::vector<int> disc, low, bridges;
static std::vector<char> critical;
static int timer = 0;

static void search(int v, int parent, int via) {
    disc[v] = low[v] = ++timer;
    int children = 0;
    for (auto [w, link] : adj[v]) {
        if (w == parent) continue;
        if (disc[w]) {
            low[v] = std::min(low[v], disc[w]);
            continue;
        }
        search(w, v, link);
        ++children;
        low[v] = std::min(low[v], low[w]);
        if (low[w] > disc[v]) bridges.push_back(link);
        if (parent != 0 && low[w] >= disc[v]) critical[v] = 1;
    }
    if (parent == 0 && children >= 2) critical[v] = 1;
    (void)via;
}

int main() {
    int n, m;
    std::scanf("%d %d", &n, &m);
    adj.resize(n + 1);
    for (int i = 1; i <= m; ++i) {
        int u, v;
        std::scanf("%d %d", &u, &v);
        adj[u].push_back({v, i});
        adj[v].push_back({u, i});
    }
    disc.assign(n + 1, 0);
    low.assign(n + 1, 0);
    critical.assign(n + 1, 0);
    for (int v = 1; v <= n; ++v)
        if (!disc[v]) search(v, 0, 0);
    std::vector<int> devices;
    for (int v = 1; v <= n; ++v)
        if (critical[v]) devices.push_back(v);
    std::sort(bridges.begin(), bridges.end());
    for (const auto* list : {&devices, &bridges}) {
        std::printf("%zu\n", list->size());
        for (int x : *list) std::printf("%d ", x);
        std::puts("");
    }
}
