// Event-driven simulation with a heap of waiting packets ordered by (tag, flow).
// Packets that arrive while another is being sent are tagged when it ends: V only changes when
// a packet is chosen, so they get the same tags as at their arrival.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <queue>
#include <tuple>
#include <vector>

int main() {
    int f, n;
    if (std::scanf("%d %d", &f, &n) != 2) return 0;
    std::vector<long long> cost(f + 1), finish_tag(f + 1, 0);
    for (int i = 1; i <= f; ++i) std::scanf("%lld", &cost[i]);
    std::vector<long long> t(n), departure(n);
    std::vector<int> flow(n), length(n);
    for (int j = 0; j < n; ++j) std::scanf("%lld %d %d", &t[j], &flow[j], &length[j]);
    using Item = std::tuple<long long, int, int>;  // tag, flow, packet
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> waiting;
    long long virtual_time = 0, clock = 0;
    int next = 0;
    while (next < n || !waiting.empty()) {
        if (waiting.empty()) clock = std::max(clock, t[next]);
        for (; next < n && t[next] <= clock; ++next) {
            int g = flow[next];
            finish_tag[g] = std::max(finish_tag[g], virtual_time) + length[next] * cost[g];
            waiting.push({finish_tag[g], g, next});
        }
        auto [tag, g, j] = waiting.top();
        waiting.pop();
        virtual_time = tag;
        clock += length[j];
        departure[j] = clock;
    }
    for (long long d : departure) std::printf("%lld\n", d);
}
