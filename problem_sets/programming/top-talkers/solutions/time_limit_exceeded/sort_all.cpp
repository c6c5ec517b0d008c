// Correct, but sorts every host at each query: O(hosts log hosts) per T.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <unordered_map>
#include <utility>
#include <vector>

int main() {
    int n;
    std::scanf("%d", &n);
    std::unordered_map<uint32_t, long long> totals;
    char kind[4];
    for (int i = 0; i < n; ++i) {
        std::scanf("%3s", kind);
        if (kind[0] == 'F') {
            unsigned a, b, c, d;
            long long bytes;
            std::scanf("%u.%u.%u.%u %lld", &a, &b, &c, &d, &bytes);
            totals[a << 24 | b << 16 | c << 8 | d] += bytes;
            continue;
        }
        int k;
        std::scanf("%d", &k);
        std::vector<std::pair<long long, uint32_t>> all;
        for (const auto& [address, total] : totals) all.emplace_back(-total, address);
        std::sort(all.begin(), all.end());
        for (int j = 0; j < k; ++j) {
            uint32_t x = all[j].second;
            std::printf("%u.%u.%u.%u%c", x >> 24, x >> 16 & 255, x >> 8 & 255, x & 255, j + 1 < k ? ' ' : '\n');
        }
    }
}
