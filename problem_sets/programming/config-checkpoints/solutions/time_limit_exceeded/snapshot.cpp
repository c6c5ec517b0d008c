// Correct, but copies the whole store at every checkpoint: O(keys) per checkpoint.
#include <iostream>
#include <map>
#include <string>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    int n;
    std::cin >> n;
    std::map<std::string, std::string> store;
    std::vector<std::map<std::string, std::string>> snapshots;
    std::string command, key, value;
    for (int i = 0; i < n; ++i) {
        std::cin >> command;
        if (command == "set") {
            std::cin >> key >> value;
            store[key] = value;
        } else if (command == "del") {
            std::cin >> key;
            store.erase(key);
        } else if (command == "get") {
            std::cin >> key;
            auto it = store.find(key);
            std::cout << (it == store.end() ? "(unset)" : it->second) << '\n';
        } else if (command == "count") {
            std::cout << store.size() << '\n';
        } else if (command == "checkpoint") {
            snapshots.push_back(store);
        } else if (command == "rollback") {
            if (snapshots.empty()) {
                std::cout << "no checkpoint\n";
                continue;
            }
            store = std::move(snapshots.back());
            snapshots.pop_back();
        } else {
            snapshots.clear();
        }
    }
}
