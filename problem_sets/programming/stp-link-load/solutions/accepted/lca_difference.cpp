// Difference on the tree: +r at both ends of a flow, -2r at their lowest common ancestor (by
// binary lifting); an uplink's load is then the sum over the subtree below it. Breadth-first
// order instead of recursion: the tree may be 40 000 switches deep.
#include <cstdio>
#include <utility>
#include <vector>

int main() {
    int n, q;
    if (std::scanf("%d %d", &n, &q) != 2) return 0;
    int levels = 1;
    while ((1 << levels) <= n) ++levels;
    std::vector<std::vector<int>> up(levels, std::vector<int>(n + 1, 1));
    std::vector<std::vector<int>> children(n + 1);
    for (int v = 2; v <= n; ++v) {
        std::scanf("%d", &up[0][v]);
        children[up[0][v]].push_back(v);
    }
    std::vector<int> order{1}, depth(n + 1, 0);
    for (std::size_t i = 0; i < order.size(); ++i)
        for (int w : children[order[i]]) {
            depth[w] = depth[order[i]] + 1;
            order.push_back(w);
        }
    for (int k = 1; k < levels; ++k)
        for (int v = 1; v <= n; ++v) up[k][v] = up[k - 1][up[k - 1][v]];
    auto lca = [&](int a, int b) {
        if (depth[a] < depth[b]) std::swap(a, b);
        for (int k = levels - 1; k >= 0; --k)
            if (depth[a] - (1 << k) >= depth[b]) a = up[k][a];
        if (a == b) return a;
        for (int k = levels - 1; k >= 0; --k)
            if (up[k][a] != up[k][b]) a = up[k][a], b = up[k][b];
        return up[0][a];
    };
    std::vector<long long> weight(n + 1, 0);
    for (int j = 0; j < q; ++j) {
        int a, b;
        long long r;
        std::scanf("%d %d %lld", &a, &b, &r);
        weight[a] += r;
        weight[b] += r;
        weight[lca(a, b)] -= 2 * r;
    }
    for (std::size_t i = order.size() - 1; i >= 1; --i) weight[up[0][order[i]]] += weight[order[i]];
    for (int v = 2; v <= n; ++v) std::printf("%lld\n", weight[v]);
}
