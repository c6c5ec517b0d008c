#include <bitset>
#include <iostream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    int n;
    std::cin >> n;
    std::vector<std::string> order;
    std::unordered_map<std::string, std::bitset<4095>> ports;
    for (int i = 0; i < n; ++i) {
        std::string port, action, items;
        std::cin >> port >> action >> items;
        if (!ports.count(port)) {
            order.push_back(port);
            ports[port].set(1);
        }
        auto& flags = ports[port];
        std::istringstream list(items);
        for (std::string item; std::getline(list, item, ',');) {
            std::size_t dash = item.find('-');
            int a = std::stoi(item.substr(0, dash));
            int b = dash == std::string::npos ? a : std::stoi(item.substr(dash + 1));
            for (int v = a; v <= b; ++v) flags[v] = action == "allow";
        }
    }
    for (const auto& port : order) {
        const auto& flags = ports[port];
        std::string runs;
        for (int v = 1; v <= 4094; ++v) {
            if (!flags[v]) continue;
            int start = v;
            while (v < 4094 && flags[v + 1]) ++v;
            if (!runs.empty()) runs += ',';
            runs += std::to_string(start);
            if (v > start) runs += '-' + std::to_string(v);
        }
        std::cout << port << ' ' << flags.count() << ' ' << (runs.empty() ? "none" : runs) << '\n';
    }
}
