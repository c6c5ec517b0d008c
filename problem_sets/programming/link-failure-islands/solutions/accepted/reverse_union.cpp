// Replay the alarms backwards: links come up one by one, and union-find counts the merges.
#include <cstdio>
#include <numeric>
#include <vector>

static std::vector<int> parent;

static int find(int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
}

int main() {
    int n, m, q;
    if (std::scanf("%d %d %d", &n, &m, &q) != 3) return 0;
    std::vector<int> u(m + 1), v(m + 1), failure(q);
    for (int i = 1; i <= m; ++i) std::scanf("%d %d", &u[i], &v[i]);
    std::vector<char> failed(m + 1, 0);
    for (int j = 0; j < q; ++j) {
        std::scanf("%d", &failure[j]);
        failed[failure[j]] = 1;
    }
    parent.resize(n + 1);
    std::iota(parent.begin(), parent.end(), 0);
    int islands = n;
    auto join = [&](int link) {
        int a = find(u[link]), b = find(v[link]);
        if (a != b) {
            parent[a] = b;
            --islands;
        }
    };
    for (int i = 1; i <= m; ++i)
        if (!failed[i]) join(i);
    std::vector<int> counts(q + 1);
    counts[q] = islands;
    for (int j = q - 1; j >= 0; --j) {
        join(failure[j]);
        counts[j] = islands;
    }
    for (int c : counts) std::printf("%d\n", c);
}
