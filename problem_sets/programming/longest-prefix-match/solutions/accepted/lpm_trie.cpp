// A binary trie over the address bits: a lookup walks at most 32 nodes and remembers the last
// node that holds a route.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

struct Node {
    int child[2] = {0, 0};
    int route = -1;  // index into the interface names, or -1
};

int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 0;
    std::vector<Node> trie(1);
    trie.reserve(1 << 20);
    std::vector<std::string> names;
    std::string out;
    char kind[4], iface[32];
    for (int i = 0; i < n; ++i) {
        unsigned a, b, c, d, length = 32;
        std::scanf("%3s %u.%u.%u.%u", kind, &a, &b, &c, &d);
        uint32_t address = a << 24 | b << 16 | c << 8 | d;
        if (kind[0] == 'Q') {
            int node = 0, best = trie[0].route;
            for (int bit = 31; bit >= 0 && trie[node].child[address >> bit & 1]; --bit) {
                node = trie[node].child[address >> bit & 1];
                if (trie[node].route >= 0) best = trie[node].route;
            }
            out += best >= 0 ? names[best] : "unreachable";
            out += '\n';
            continue;
        }
        std::scanf("/%u", &length);
        int node = 0;
        bool found = true;
        for (unsigned depth = 0; depth < length; ++depth) {
            int bit = address >> (31 - depth) & 1;
            if (!trie[node].child[bit]) {
                if (kind[0] == 'D') {  // no such route: nothing to delete
                    found = false;
                    break;
                }
                trie[node].child[bit] = static_cast<int>(trie.size());
                trie.emplace_back();
            }
            node = trie[node].child[bit];
        }
        if (kind[0] == 'A') {
            std::scanf("%31s", iface);
            names.emplace_back(iface);
            trie[node].route = static_cast<int>(names.size()) - 1;
        } else if (found) {
            trie[node].route = -1;
        }
    }
    std::fputs(out.c_str(), stdout);
}
