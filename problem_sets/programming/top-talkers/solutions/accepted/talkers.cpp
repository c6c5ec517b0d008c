// An ordered set of (-total, address) holds every host exactly once: a record erases the host's
// old pair and inserts the new one, and a query reads the first k pairs.
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 0;
    std::unordered_map<uint32_t, long long> totals;
    totals.reserve(1 << 18);
    std::set<std::pair<long long, uint32_t>> ranking;
    std::string out;
    char kind[4];
    for (int i = 0; i < n; ++i) {
        std::scanf("%3s", kind);
        if (kind[0] == 'F') {
            unsigned a, b, c, d;
            long long bytes;
            std::scanf("%u.%u.%u.%u %lld", &a, &b, &c, &d, &bytes);
            uint32_t address = a << 24 | b << 16 | c << 8 | d;
            long long& total = totals[address];
            if (total) ranking.erase({-total, address});
            total += bytes;
            ranking.insert({-total, address});
            continue;
        }
        int k;
        std::scanf("%d", &k);
        auto it = ranking.begin();
        for (int j = 0; j < k; ++j, ++it) {
            uint32_t x = it->second;
            char text[20];
            std::snprintf(text, sizeof text, "%u.%u.%u.%u", x >> 24, x >> 16 & 255, x >> 8 & 255, x & 255);
            out += text;
            out += j + 1 < k ? ' ' : '\n';
        }
    }
    std::fputs(out.c_str(), stdout);
}
