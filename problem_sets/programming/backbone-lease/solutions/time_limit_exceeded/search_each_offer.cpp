// Kruskal without union-find: before taking an offer, a breadth-first search over the plan so
// far checks whether its ends are already connected. O(m (n + k)).
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

int main() {
    int n, k, m;
    std::scanf("%d %d %d", &n, &k, &m);
    std::vector<std::vector<int>> adj(n + 1);
    for (int j = 0; j < k; ++j) {
        int x, y;
        std::scanf("%d %d", &x, &y);
        adj[x].push_back(y);
        adj[y].push_back(x);
    }
    std::vector<int> u(m + 1), v(m + 1), c(m + 1), order(m);
    for (int i = 1; i <= m; ++i) std::scanf("%d %d %d", &u[i], &v[i], &c[i]);
    std::iota(order.begin(), order.end(), 1);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return c[a] < c[b]; });
    std::vector<int> seen(n + 1, 0), queue(n);
    int stamp = 0;
    auto connected = [&](int from, int to) {
        ++stamp;
        int head = 0, tail = 0;
        queue[tail++] = from;
        seen[from] = stamp;
        while (head < tail) {
            int x = queue[head++];
            if (x == to) return true;
            for (int y : adj[x])
                if (seen[y] != stamp) seen[y] = stamp, queue[tail++] = y;
        }
        return false;
    };
    long long total = 0;
    std::vector<int> chosen;
    for (int i : order) {
        if (connected(u[i], v[i])) continue;
        adj[u[i]].push_back(v[i]);
        adj[v[i]].push_back(u[i]);
        total += c[i];
        chosen.push_back(i);
    }
    connected(1, 0);  // PoP 0 does not exist: marks everything reachable from PoP 1
    if (std::count(seen.begin() + 1, seen.end(), stamp) < n) {
        std::puts("-1");
        return 0;
    }
    std::printf("%lld %zu\n", total, chosen.size());
    for (int line : chosen) std::printf("%d ", line);
    std::puts("");
}
