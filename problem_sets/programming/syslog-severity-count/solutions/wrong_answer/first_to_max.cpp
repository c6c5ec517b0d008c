// Parses correctly but keeps the device that reached the highest count first, in input order,
// instead of breaking ties by name.
#include <iostream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int severity(const std::vector<std::string>& fields) {
    if (fields.size() < 4) return -1;
    const std::string& tag = fields[3];
    if (tag.size() < 4 || tag[0] != '%' || tag[1] != '%' || !is_digit(tag[2]) || !is_digit(tag[3]))
        return -1;
    std::size_t slash = tag.find('/', 4);
    if (slash == std::string::npos || slash == 4) return -1;
    for (std::size_t i = 4; i < slash; ++i)
        if (!is_digit(tag[i]) && !(tag[i] >= 'A' && tag[i] <= 'Z')) return -1;
    if (tag.size() < slash + 3 || tag[slash + 1] < '0' || tag[slash + 1] > '7' || tag[slash + 2] != '/')
        return -1;
    return tag[slash + 1] - '0';
}

int main() {
    static const char* names[] = {"emergencies", "alerts", "critical", "errors",
                                  "warnings", "notifications", "informational", "debugging"};
    std::string line;
    std::getline(std::cin, line);
    int n = std::stoi(line);
    long counts[8] = {0}, malformed = 0, most = 0;
    std::string best = "none";
    std::unordered_map<std::string, long> serious;
    for (int i = 0; i < n && std::getline(std::cin, line); ++i) {
        std::istringstream in(line);
        std::vector<std::string> fields;
        for (std::string f; in >> f;) fields.push_back(f);
        int level = severity(fields);
        if (level < 0) {
            ++malformed;
            continue;
        }
        ++counts[level];
        if (level <= 3 && ++serious[fields[2]] > most) best = fields[2], most = serious[fields[2]];
    }
    for (int i = 0; i < 8; ++i) std::cout << names[i] << ' ' << counts[i] << '\n';
    std::cout << "malformed " << malformed << '\n' << "top " << best << ' ' << most << '\n';
}
