// Correct, but walks the whole table at every event to age entries out, and again for a port
// going down: O(n * table size).
#include <iostream>
#include <map>
#include <string>
#include <utility>

int main() {
    std::ios::sync_with_stdio(false);
    int n;
    long long aging;
    std::cin >> n >> aging;
    std::map<std::string, std::pair<int, long long>> table;
    for (int i = 0; i < n; ++i) {
        std::string kind;
        long long now;
        std::cin >> kind >> now;
        for (auto it = table.begin(); it != table.end();)
            it = it->second.second + aging <= now ? table.erase(it) : std::next(it);
        if (kind == "F") {
            int port;
            std::string src, dst;
            std::cin >> port >> src >> dst;
            table[src] = {port, now};
            auto hit = table.find(dst);
            bool group = std::stoi(dst.substr(0, 2), nullptr, 16) & 1;
            if (group || hit == table.end()) std::cout << "flood\n";
            else if (hit->second.first == port) std::cout << "filter\n";
            else std::cout << hit->second.first << '\n';
        } else if (kind == "D") {
            int port;
            std::cin >> port;
            for (auto it = table.begin(); it != table.end();)
                it = it->second.first == port ? table.erase(it) : std::next(it);
        } else {
            std::cout << table.size() << '\n';
        }
    }
}
