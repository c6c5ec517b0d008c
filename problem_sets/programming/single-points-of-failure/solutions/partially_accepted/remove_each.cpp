// Removes each device and each link in turn and counts the islands again: O((n + m)^2).
#include <cstdio>
#include <utility>
#include <vector>

static int n, m;
static std::vector<std::vector<std::pair<int, int>>> adj;
static std::vector<int> seen, stack;
static int stamp = 0;

static int islands(int gone_device, int gone_link) {
    ++stamp;
    int count = 0;
    for (int start = 1; start <= n; ++start) {
        if (seen[start] == stamp || start == gone_device) continue;
        ++count;
        seen[start] = stamp;
        stack.assign(1, start);
        while (!stack.empty()) {
            int v = stack.back();
            stack.pop_back();
            for (auto [w, link] : adj[v])
                if (seen[w] != stamp && w != gone_device && link != gone_link) {
                    seen[w] = stamp;
                    stack.push_back(w);
                }
        }
    }
    return count;
}

int main() {
    std::scanf("%d %d", &n, &m);
    adj.resize(n + 1);
    for (int i = 1; i <= m; ++i) {
        int u, v;
        std::scanf("%d %d", &u, &v);
        adj[u].push_back({v, i});
        adj[v].push_back({u, i});
    }
    seen.assign(n + 1, 0);
    int base = islands(0, 0);
    std::vector<int> devices, links;
    for (int v = 1; v <= n; ++v)
        if (islands(v, 0) > base - (adj[v].empty() ? 1 : 0)) devices.push_back(v);
    for (int i = 1; i <= m; ++i)
        if (islands(0, i) > base) links.push_back(i);
    for (const auto* list : {&devices, &links}) {
        std::printf("%zu\n", list->size());
        for (int x : *list) std::printf("%d ", x);
        std::puts("");
    }
}
