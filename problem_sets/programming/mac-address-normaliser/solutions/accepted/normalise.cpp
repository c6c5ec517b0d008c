#include <cctype>
#include <iostream>
#include <string>
#include <vector>

// The 12 digits of the address, or an empty string when the notation is not one of the five.
static std::string digits_of(const std::string& text) {
    static const struct { char sep; std::size_t size; } notations[] = {
        {':', 2}, {'-', 2}, {'.', 4}, {'-', 4}};
    for (const auto& n : notations) {
        std::vector<std::string> groups(1);
        for (char c : text) {
            if (c == n.sep) groups.emplace_back();
            else groups.back() += c;
        }
        bool fits = groups.size() == 12 / n.size;
        for (const auto& g : groups) fits = fits && g.size() == n.size;
        if (fits) {
            std::string joined;
            for (const auto& g : groups) joined += g;
            return joined;
        }
    }
    return text;
}

int main() {
    std::ios::sync_with_stdio(false);
    int n;
    std::cin >> n;
    std::string text, out;
    for (int i = 0; i < n; ++i) {
        std::cin >> text;
        std::string d = digits_of(text);
        bool ok = d.size() == 12;
        for (char& c : d) {
            ok = ok && std::isxdigit(static_cast<unsigned char>(c));
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (!ok) {
            out += "invalid\n";
            continue;
        }
        int first = std::stoi(d.substr(0, 2), nullptr, 16);
        const char* kind = d == "ffffffffffff" ? "broadcast" : (first & 1) ? "multicast" : "unicast";
        out += d.substr(0, 4) + "-" + d.substr(4, 4) + "-" + d.substr(8, 4) + " " + kind + "\n";
    }
    std::cout << out;
}
