// Kruskal: merge the own fibre first (free), then take the offers from cheapest up whenever
// they join two parts not yet connected.
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

static std::vector<int> parent;

static int find(int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
}

int main() {
    int n, k, m;
    if (std::scanf("%d %d %d", &n, &k, &m) != 3) return 0;
    parent.resize(n + 1);
    std::iota(parent.begin(), parent.end(), 0);
    int parts = n;
    for (int j = 0; j < k; ++j) {
        int x, y;
        std::scanf("%d %d", &x, &y);
        int a = find(x), b = find(y);
        if (a != b) parent[a] = b, --parts;
    }
    std::vector<int> u(m + 1), v(m + 1), c(m + 1), order(m);
    for (int i = 1; i <= m; ++i) std::scanf("%d %d %d", &u[i], &v[i], &c[i]);
    std::iota(order.begin(), order.end(), 1);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return c[a] < c[b]; });
    long long total = 0;
    std::vector<int> chosen;
    for (int i : order) {
        int a = find(u[i]), b = find(v[i]);
        if (a == b) continue;
        parent[a] = b;
        --parts;
        total += c[i];
        chosen.push_back(i);
    }
    if (parts > 1) {
        std::puts("-1");
        return 0;
    }
    std::printf("%lld %zu\n", total, chosen.size());
    for (std::size_t j = 0; j < chosen.size(); ++j)
        std::printf("%d%c", chosen[j], j + 1 == chosen.size() ? '\n' : ' ');
    if (chosen.empty()) std::puts("");
}
