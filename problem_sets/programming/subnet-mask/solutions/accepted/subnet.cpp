#include <cstdio>
#include <cstdint>

static void dotted(uint32_t x) {
    std::printf("%u.%u.%u.%u", x >> 24, (x >> 16) & 255, (x >> 8) & 255, x & 255);
}

int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 0;
    for (int i = 0; i < n; ++i) {
        unsigned a, b, c, d, p;
        std::scanf("%u.%u.%u.%u/%u", &a, &b, &c, &d, &p);
        uint32_t value = (a << 24) | (b << 16) | (c << 8) | d;
        uint32_t mask = p == 0 ? 0 : 0xFFFFFFFFu << (32 - p);
        uint32_t network = value & mask, broadcast = network | ~mask;
        unsigned long long hosts = p == 32 ? 1 : p == 31 ? 2 : (1ULL << (32 - p)) - 2;
        dotted(network);
        std::putchar(' ');
        dotted(broadcast);
        std::printf(" %llu\n", hosts);
    }
}
