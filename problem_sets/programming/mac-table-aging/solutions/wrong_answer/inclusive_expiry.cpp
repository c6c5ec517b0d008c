// Keeps an entry valid at time s + T as well (t <= s + T instead of t < s + T).
#include <cstdio>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

int main() {
    int n;
    long long aging;
    std::scanf("%d %lld", &n, &aging);
    std::unordered_map<std::string, std::pair<int, long long>> table;
    std::vector<std::unordered_set<std::string>> by_port(4097);
    std::deque<std::pair<long long, std::string>> refreshed;
    char kind[4], src_text[32], dst_text[32];
    for (int i = 0; i < n; ++i) {
        long long now;
        std::scanf("%3s %lld", kind, &now);
        while (!refreshed.empty() && refreshed.front().first + aging < now) {
            auto [last, mac] = refreshed.front();
            refreshed.pop_front();
            auto it = table.find(mac);
            if (it != table.end() && it->second.second == last) {
                by_port[it->second.first].erase(mac);
                table.erase(it);
            }
        }
        if (kind[0] == 'F') {
            int port;
            std::scanf("%d %31s %31s", &port, src_text, dst_text);
            std::string src = src_text, dst = dst_text;
            auto it = table.find(src);
            if (it != table.end()) by_port[it->second.first].erase(src);
            table[src] = {port, now};
            by_port[port].insert(src);
            refreshed.emplace_back(now, src);
            bool group = std::stoi(dst.substr(0, 2), nullptr, 16) & 1;
            auto hit = group ? table.end() : table.find(dst);
            if (hit == table.end()) std::printf("flood\n");
            else if (hit->second.first == port) std::printf("filter\n");
            else std::printf("%d\n", hit->second.first);
        } else if (kind[0] == 'D') {
            int port;
            std::scanf("%d", &port);
            for (const auto& mac : by_port[port]) table.erase(mac);
            by_port[port].clear();
        } else {
            std::printf("%zu\n", table.size());
        }
    }
}
