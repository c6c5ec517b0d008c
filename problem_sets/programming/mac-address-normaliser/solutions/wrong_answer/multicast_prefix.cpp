// Takes "multicast" to mean the IPv4 multicast prefix 01-00-5e only, and calls IPv6 multicast
// (33-33-...) or other group addresses unicast.
#include <cctype>
#include <iostream>
#include <string>
#include <vector>

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
    int n;
    std::cin >> n;
    std::string text;
    for (int i = 0; i < n; ++i) {
        std::cin >> text;
        std::string d = digits_of(text);
        bool ok = d.size() == 12;
        for (char& c : d) {
            ok = ok && std::isxdigit(static_cast<unsigned char>(c));
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (!ok) {
            std::cout << "invalid\n";
            continue;
        }
        const char* kind = d == "ffffffffffff" ? "broadcast"
                           : d.compare(0, 6, "01005e") == 0 ? "multicast" : "unicast";
        std::cout << d.substr(0, 4) << '-' << d.substr(4, 4) << '-' << d.substr(8, 4) << ' '
                  << kind << '\n';
    }
}
