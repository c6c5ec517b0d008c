// Reads the units as powers of 1024 (1G = 2^30 bit/s), as if the speed were a memory size.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <cstdlib>

int main() {
    int n;
    std::scanf("%d", &n);
    char name[64], speed[32];
    for (int i = 0; i < n; ++i) {
        long long t;
        unsigned long long a, b;
        std::scanf("%63s %31s %lld %llu %llu", name, speed, &t, &a, &b);
        std::size_t len = std::strlen(speed);
        char unit = speed[len - 1];
        speed[len - 1] = '\0';
        long long s = std::atoll(speed) << (unit == 'K' ? 10 : unit == 'M' ? 20 : unit == 'G' ? 30 : 40);
        long long d = b >= a ? static_cast<long long>(b - a) : static_cast<long long>(b + (1ULL << 32) - a);
        long long capacity = s * t;
        const char* status = 800 * d < 70 * capacity ? "normal" : 800 * d <= 100 * capacity ? "busy" : "impossible";
        std::printf("%s %.2f %s\n", name, 800.0 * d / capacity, status);
    }
}
