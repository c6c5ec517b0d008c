// Correct, but compares every lookup with every route in the table: O(routes) per lookup.
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <utility>

int main() {
    int n;
    std::scanf("%d", &n);
    std::map<std::pair<int, uint32_t>, std::string> table;  // (length, network) -> interface
    char kind[4], iface[32];
    for (int i = 0; i < n; ++i) {
        unsigned a, b, c, d, length = 32;
        std::scanf("%3s %u.%u.%u.%u", kind, &a, &b, &c, &d);
        uint32_t address = a << 24 | b << 16 | c << 8 | d;
        if (kind[0] == 'Q') {
            int best = -1;
            const std::string* hop = nullptr;
            for (const auto& [key, name] : table) {
                uint32_t mask = key.first ? 0xFFFFFFFFu << (32 - key.first) : 0;
                if ((address & mask) == key.second && key.first > best) best = key.first, hop = &name;
            }
            std::puts(hop ? hop->c_str() : "unreachable");
            continue;
        }
        std::scanf("/%u", &length);
        uint32_t mask = length ? 0xFFFFFFFFu << (32 - length) : 0;
        std::pair<int, uint32_t> key{static_cast<int>(length), address & mask};
        if (kind[0] == 'A') {
            std::scanf("%31s", iface);
            table[key] = iface;
        } else {
            table.erase(key);
        }
    }
}
