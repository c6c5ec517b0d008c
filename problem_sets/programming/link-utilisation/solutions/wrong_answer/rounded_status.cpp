// Decides the status from the rounded percentage it prints, so 69.9999 % ("70.00") becomes busy
// and 100.0001 % ("100.00") is not impossible.
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <cmath>

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
        double s = std::atof(speed) * (unit == 'K' ? 1e3 : unit == 'M' ? 1e6 : unit == 'G' ? 1e9 : 1e12);
        double d = b >= a ? double(b - a) : double(b + (1ULL << 32) - a);
        double u = std::round(800.0 * d / (s * t) * 100) / 100;
        std::printf("%s %.2f %s\n", name, u, u < 70 ? "normal" : u <= 100 ? "busy" : "impossible");
    }
}
