// Grouped knapsack: best[c] = best worth within c Mbit/s using the applications seen so far.
#include <cstdio>
#include <vector>

int main() {
    int g, capacity;
    if (std::scanf("%d %d", &g, &capacity) != 2) return 0;
    std::vector<long long> best(capacity + 1, 0);
    for (int i = 0; i < g; ++i) {
        int k;
        std::scanf("%d", &k);
        std::vector<long long> next = best;  // the application gets no profile
        for (int j = 0; j < k; ++j) {
            int w;
            long long p;
            std::scanf("%d %lld", &w, &p);
            for (int c = w; c <= capacity; ++c)
                if (best[c - w] + p > next[c]) next[c] = best[c - w] + p;
        }
        best.swap(next);
    }
    std::printf("%lld\n", best[capacity]);
}
