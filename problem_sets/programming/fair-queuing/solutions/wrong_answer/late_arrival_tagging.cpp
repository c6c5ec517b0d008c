// Chooses the next packet before tagging the packets that arrive at the very moment the port
// becomes free (it takes arrivals with t < clock only, unless nothing at all is waiting).
#include <algorithm>
#include <cstdio>
#include <functional>
#include <queue>
#include <tuple>
#include <vector>

int main() {
    int f, n;
    std::scanf("%d %d", &f, &n);
    std::vector<long long> cost(f + 1), finish_tag(f + 1, 0);
    for (int i = 1; i <= f; ++i) std::scanf("%lld", &cost[i]);
    std::vector<long long> t(n), departure(n);
    std::vector<int> flow(n), length(n);
    for (int j = 0; j < n; ++j) std::scanf("%lld %d %d", &t[j], &flow[j], &length[j]);
    using Item = std::tuple<long long, int, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> waiting;
    long long virtual_time = 0, clock = 0;
    int next = 0;
    auto tag_one = [&]() {
        int g = flow[next];
        finish_tag[g] = std::max(finish_tag[g], virtual_time) + length[next] * cost[g];
        waiting.push({finish_tag[g], g, next});
        ++next;
    };
    while (next < n || !waiting.empty()) {
        while (next < n && t[next] < clock) tag_one();
        if (waiting.empty()) {
            clock = std::max(clock, t[next]);
            while (next < n && t[next] == clock) tag_one();
        }
        auto [tag, g, j] = waiting.top();
        waiting.pop();
        virtual_time = tag;
        clock += length[j];
        departure[j] = clock;
    }
    for (long long d : departure) std::printf("%lld\n", d);
}
