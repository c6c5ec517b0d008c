// Tries every combination of profiles (with "none" for each application), pruning only plans
// that no longer fit: exponential in the number of applications.
#include <cstdio>
#include <utility>
#include <vector>

static std::vector<std::vector<std::pair<int, long long>>> apps;
static long long best = 0;

static void search(std::size_t i, int left, long long worth) {
    if (i == apps.size()) {
        if (worth > best) best = worth;
        return;
    }
    search(i + 1, left, worth);
    for (auto [w, p] : apps[i])
        if (w <= left) search(i + 1, left - w, worth + p);
}

int main() {
    int g, capacity;
    std::scanf("%d %d", &g, &capacity);
    apps.resize(g);
    for (auto& profiles : apps) {
        int k;
        std::scanf("%d", &k);
        profiles.resize(k);
        for (auto& [w, p] : profiles) std::scanf("%d %lld", &w, &p);
    }
    search(0, capacity, 0);
    std::printf("%lld\n", best);
}
