// The right cost, but the lines are reported by their 0-based position in the input.
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
    std::scanf("%d %d %d", &n, &k, &m);
    parent.resize(n + 1);
    std::iota(parent.begin(), parent.end(), 0);
    int parts = n;
    for (int j = 0; j < k; ++j) {
        int x, y;
        std::scanf("%d %d", &x, &y);
        int a = find(x), b = find(y);
        if (a != b) parent[a] = b, --parts;
    }
    std::vector<int> u(m), v(m), c(m), order(m);
    for (int i = 0; i < m; ++i) std::scanf("%d %d %d", &u[i], &v[i], &c[i]);
    std::iota(order.begin(), order.end(), 0);
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
    for (int line : chosen) std::printf("%d ", line);
    std::puts("");
}
