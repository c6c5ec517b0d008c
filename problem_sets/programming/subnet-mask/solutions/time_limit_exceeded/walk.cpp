// Walks every address of the subnet to find its ends and count hosts: 2^(32-p) steps.
#include <cstdio>
#include <cstdint>

int main() {
    int n;
    std::scanf("%d", &n);
    for (int i = 0; i < n; ++i) {
        unsigned a, b, c, d, p;
        std::scanf("%u.%u.%u.%u/%u", &a, &b, &c, &d, &p);
        uint32_t value = (a << 24) | (b << 16) | (c << 8) | d;
        uint32_t mask = p == 0 ? 0 : 0xFFFFFFFFu << (32 - p);
        uint32_t network = value & mask;
        unsigned long long count = 0;
        volatile uint32_t last = network;
        for (unsigned long long x = network; x <= 0xFFFFFFFFull && (uint32_t(x) & mask) == network; ++x) {
            last = uint32_t(x);
            ++count;
        }
        unsigned long long hosts = count == 1 ? 1 : count == 2 ? 2 : count - 2;
        std::printf("%u.%u.%u.%u %u.%u.%u.%u %llu\n", network >> 24, (network >> 16) & 255,
                    (network >> 8) & 255, network & 255, last >> 24, (last >> 16) & 255,
                    (last >> 8) & 255, last & 255, hosts);
    }
}
