#include <cstdint>
#include <cstdio>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

struct Entry {
    int port;
    long long last;
};

static uint64_t parse_mac(const char* text) {
    uint64_t value = 0;
    for (const char* c = text; *c; ++c) {
        if (*c == '-') continue;
        value = value << 4 | static_cast<uint64_t>(*c <= '9' ? *c - '0' : *c - 'a' + 10);
    }
    return value;
}

int main() {
    int n;
    long long aging;
    if (std::scanf("%d %lld", &n, &aging) != 2) return 0;
    std::unordered_map<uint64_t, Entry> table;
    table.reserve(1 << 18);
    std::vector<std::unordered_set<uint64_t>> by_port(4097);
    std::deque<std::pair<long long, uint64_t>> refreshed;  // refresh order is expiry order
    std::string out;
    char kind[4], src_text[32], dst_text[32];
    for (int i = 0; i < n; ++i) {
        long long now;
        std::scanf("%3s %lld", kind, &now);
        while (!refreshed.empty() && refreshed.front().first + aging <= now) {
            auto [last, mac] = refreshed.front();
            refreshed.pop_front();
            auto it = table.find(mac);
            if (it != table.end() && it->second.last == last) {  // not refreshed since
                by_port[it->second.port].erase(mac);
                table.erase(it);
            }
        }
        if (kind[0] == 'F') {
            int port;
            std::scanf("%d %31s %31s", &port, src_text, dst_text);
            uint64_t src = parse_mac(src_text), dst = parse_mac(dst_text);
            auto it = table.find(src);
            if (it != table.end()) by_port[it->second.port].erase(src);
            table[src] = Entry{port, now};
            by_port[port].insert(src);
            refreshed.emplace_back(now, src);
            bool group = (dst >> 40) & 1;  // the I/G bit: multicast, and broadcast too
            auto hit = group ? table.end() : table.find(dst);
            if (hit == table.end()) out += "flood\n";
            else if (hit->second.port == port) out += "filter\n";
            else out += std::to_string(hit->second.port) + "\n";
        } else if (kind[0] == 'D') {
            int port;
            std::scanf("%d", &port);
            for (uint64_t mac : by_port[port]) table.erase(mac);
            by_port[port].clear();
        } else {
            out += std::to_string(table.size()) + "\n";
        }
    }
    std::fputs(out.c_str(), stdout);
}
