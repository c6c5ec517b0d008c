// Walks every flow's path hop by hop, from the deeper end upwards, adding the rate to each
// uplink it crosses: O(q * depth).
#include <cstdio>
#include <vector>

int main() {
    int n, q;
    std::scanf("%d %d", &n, &q);
    std::vector<int> parent(n + 1, 0), depth(n + 1, -1);
    for (int v = 2; v <= n; ++v) std::scanf("%d", &parent[v]);
    depth[1] = 0;
    std::vector<int> path;
    for (int v = 2; v <= n; ++v) {
        path.clear();
        int x = v;
        while (depth[x] < 0) path.push_back(x), x = parent[x];
        for (auto it = path.rbegin(); it != path.rend(); ++it) depth[*it] = depth[parent[*it]] + 1;
    }
    std::vector<long long> load(n + 1, 0);
    for (int j = 0; j < q; ++j) {
        int a, b;
        long long r;
        std::scanf("%d %d %lld", &a, &b, &r);
        while (a != b) {
            if (depth[a] < depth[b]) {
                int t = a;
                a = b;
                b = t;
            }
            load[a] += r;
            a = parent[a];
        }
    }
    for (int v = 2; v <= n; ++v) std::printf("%lld\n", load[v]);
}
