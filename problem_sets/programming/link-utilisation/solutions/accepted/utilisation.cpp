#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 0;
    char name[64], speed[32];
    for (int i = 0; i < n; ++i) {
        long long t;
        unsigned long long a, b;
        std::scanf("%63s %31s %lld %llu %llu", name, speed, &t, &a, &b);
        std::size_t len = std::strlen(speed);
        char unit = speed[len - 1];
        speed[len - 1] = '\0';
        long long s = std::atoll(speed);
        s *= unit == 'K' ? 1000LL : unit == 'M' ? 1000000LL : unit == 'G' ? 1000000000LL : 1000000000000LL;
        // unsigned 32-bit subtraction wraps exactly like the counter does
        long long d = static_cast<uint32_t>(static_cast<uint32_t>(b) - static_cast<uint32_t>(a));
        long long capacity = s * t;
        const char* status = 800 * d < 70 * capacity    ? "normal"
                             : 800 * d <= 100 * capacity ? "busy"
                                                         : "impossible";
        std::printf("%s %.2f %s\n", name, 800.0 * static_cast<double>(d) / static_cast<double>(capacity), status);
    }
}
