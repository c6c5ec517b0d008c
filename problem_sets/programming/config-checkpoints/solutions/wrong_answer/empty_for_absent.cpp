// Remembers an absent key's old value as the empty string, so a rollback leaves the keys created
// since the checkpoint in the store with an empty value instead of removing them.
#include <iostream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    int n;
    std::cin >> n;
    std::unordered_map<std::string, std::string> store;
    std::vector<std::pair<std::string, std::string>> undo;
    std::vector<std::size_t> marks;
    std::string command, key, value;
    for (int i = 0; i < n; ++i) {
        std::cin >> command;
        if (command == "set" || command == "del") {
            std::cin >> key;
            if (!marks.empty()) undo.emplace_back(key, store.count(key) ? store[key] : "");
            if (command == "set") {
                std::cin >> value;
                store[key] = value;
            } else {
                store.erase(key);
            }
        } else if (command == "get") {
            std::cin >> key;
            auto it = store.find(key);
            std::cout << (it == store.end() || it->second.empty() ? "(unset)" : it->second) << '\n';
        } else if (command == "count") {
            std::cout << store.size() << '\n';
        } else if (command == "checkpoint") {
            marks.push_back(undo.size());
        } else if (command == "rollback") {
            if (marks.empty()) {
                std::cout << "no checkpoint\n";
                continue;
            }
            for (; undo.size() > marks.back(); undo.pop_back()) store[undo.back().first] = undo.back().second;
            marks.pop_back();
        } else {
            marks.clear();
            undo.clear();
        }
    }
}
