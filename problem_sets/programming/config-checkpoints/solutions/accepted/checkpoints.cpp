#include <iostream>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n;
    std::cin >> n;
    std::unordered_map<std::string, std::string> store;
    std::vector<std::pair<std::string, std::optional<std::string>>> undo;  // what a change overwrote
    std::vector<std::size_t> marks;  // undo.size() when each open checkpoint was opened
    std::string command, key, value, out;
    auto remember = [&](const std::string& k) {
        if (marks.empty()) return;  // nothing can roll this change back
        auto it = store.find(k);
        undo.emplace_back(k, it == store.end() ? std::nullopt : std::optional<std::string>(it->second));
    };
    for (int i = 0; i < n; ++i) {
        std::cin >> command;
        if (command == "set") {
            std::cin >> key >> value;
            remember(key);
            store[key] = value;
        } else if (command == "del") {
            std::cin >> key;
            remember(key);
            store.erase(key);
        } else if (command == "get") {
            std::cin >> key;
            auto it = store.find(key);
            out += it == store.end() ? "(unset)" : it->second;
            out += '\n';
        } else if (command == "count") {
            out += std::to_string(store.size()) + '\n';
        } else if (command == "checkpoint") {
            marks.push_back(undo.size());
        } else if (command == "rollback") {
            if (marks.empty()) {
                out += "no checkpoint\n";
                continue;
            }
            for (std::size_t mark = marks.back(); undo.size() > mark; undo.pop_back()) {
                auto& [k, old] = undo.back();
                if (old) store[k] = *old;
                else store.erase(k);
            }
            marks.pop_back();
        } else {  // commit
            marks.clear();
            undo.clear();
        }
    }
    std::cout << out;
}
