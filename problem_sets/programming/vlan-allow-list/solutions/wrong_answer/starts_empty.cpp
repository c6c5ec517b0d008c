// Starts every port with an empty allow list, forgetting that a trunk port allows VLAN 1.
#include <bitset>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

int main() {
    int n;
    std::cin >> n;
    std::vector<std::string> order;
    std::map<std::string, std::bitset<4095>> ports;
    for (int i = 0; i < n; ++i) {
        std::string port, action, items;
        std::cin >> port >> action >> items;
        if (!ports.count(port)) order.push_back(port), ports[port];
        std::istringstream list(items);
        for (std::string item; std::getline(list, item, ',');) {
            std::size_t dash = item.find('-');
            int a = std::stoi(item.substr(0, dash));
            int b = dash == std::string::npos ? a : std::stoi(item.substr(dash + 1));
            for (int v = a; v <= b; ++v) ports[port][v] = action == "allow";
        }
    }
    for (const auto& port : order) {
        std::string runs;
        for (int v = 1; v <= 4094; ++v) {
            if (!ports[port][v]) continue;
            int start = v;
            while (v < 4094 && ports[port][v + 1]) ++v;
            runs += (runs.empty() ? "" : ",") + std::to_string(start);
            if (v > start) runs += '-' + std::to_string(v);
        }
        std::cout << port << ' ' << ports[port].count() << ' ' << (runs.empty() ? "none" : runs) << '\n';
    }
}
