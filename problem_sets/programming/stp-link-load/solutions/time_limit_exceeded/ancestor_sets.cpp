// For every flow, collects the switches above one end in a set, climbs from the other end to
// the first switch in it, then walks both ends up to there: O(q * depth * log n).
#include <cstdio>
#include <set>
#include <vector>

int main() {
    int n, q;
    std::scanf("%d %d", &n, &q);
    std::vector<int> parent(n + 1, 0);
    for (int v = 2; v <= n; ++v) std::scanf("%d", &parent[v]);
    std::vector<long long> load(n + 1, 0);
    for (int j = 0; j < q; ++j) {
        int a, b;
        long long r;
        std::scanf("%d %d %lld", &a, &b, &r);
        std::set<int> above;
        for (int x = a;; x = parent[x]) {
            above.insert(x);
            if (x == 1) break;
        }
        int meet = b;
        while (!above.count(meet)) meet = parent[meet];
        for (int x = a; x != meet; x = parent[x]) load[x] += r;
        for (int x = b; x != meet; x = parent[x]) load[x] += r;
    }
    for (int v = 2; v <= n; ++v) std::printf("%lld\n", load[v]);
}
