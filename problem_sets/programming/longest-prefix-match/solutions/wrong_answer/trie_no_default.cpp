// A binary trie that only looks at the routes below the root: the default route 0.0.0.0/0,
// which lives on the root itself, is never found.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

struct Node {
    int child[2] = {0, 0};
    int route = -1;
};

int main() {
    int n;
    std::scanf("%d", &n);
    std::vector<Node> trie(1);
    std::vector<std::string> names;
    char kind[4], iface[32];
    for (int i = 0; i < n; ++i) {
        unsigned a, b, c, d, length = 32;
        std::scanf("%3s %u.%u.%u.%u", kind, &a, &b, &c, &d);
        uint32_t address = a << 24 | b << 16 | c << 8 | d;
        if (kind[0] == 'Q') {
            int node = 0, best = -1;
            for (int bit = 31; bit >= 0 && trie[node].child[address >> bit & 1]; --bit) {
                node = trie[node].child[address >> bit & 1];
                if (trie[node].route >= 0) best = trie[node].route;
            }
            std::puts(best >= 0 ? names[best].c_str() : "unreachable");
            continue;
        }
        std::scanf("/%u", &length);
        int node = 0;
        for (unsigned depth = 0; depth < length; ++depth) {
            int bit = address >> (31 - depth) & 1;
            if (!trie[node].child[bit]) {
                trie[node].child[bit] = static_cast<int>(trie.size());
                trie.emplace_back();
            }
            node = trie[node].child[bit];
        }
        if (kind[0] == 'A') {
            std::scanf("%31s", iface);
            names.emplace_back(iface);
            trie[node].route = static_cast<int>(names.size()) - 1;
        } else {
            trie[node].route = -1;
        }
    }
}
