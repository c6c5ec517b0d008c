// Steps the clock one microsecond at a time; whenever the port is free it looks at the head
// packet of every flow. Idle gaps of up to 10^9 µs make this hopeless.
#include <cstdio>
#include <deque>
#include <utility>
#include <vector>

int main() {
    int f, n;
    std::scanf("%d %d", &f, &n);
    std::vector<long long> cost(f + 1), finish_tag(f + 1, 0);
    for (int i = 1; i <= f; ++i) std::scanf("%lld", &cost[i]);
    std::vector<long long> t(n), departure(n);
    std::vector<int> flow(n), length(n);
    for (int j = 0; j < n; ++j) std::scanf("%lld %d %d", &t[j], &flow[j], &length[j]);
    std::vector<std::deque<std::pair<long long, int>>> queue(f + 1);  // (tag, packet) per flow
    long long virtual_time = 0, busy_until = 0;
    int next = 0, sent = 0;
    for (long long now = 0; sent < n; ++now) {
        for (; next < n && t[next] == now; ++next) {
            int g = flow[next];
            finish_tag[g] = std::max(finish_tag[g], virtual_time) + length[next] * cost[g];
            queue[g].push_back({finish_tag[g], next});
        }
        if (now < busy_until) continue;
        int best = 0;
        for (int g = 1; g <= f; ++g)
            if (!queue[g].empty() && (best == 0 || queue[g].front().first < queue[best].front().first))
                best = g;
        if (best == 0) continue;
        auto [tag, j] = queue[best].front();
        queue[best].pop_front();
        virtual_time = tag;
        busy_until = now + length[j];
        departure[j] = busy_until;
        ++sent;
    }
    for (long long d : departure) std::printf("%lld\n", d);
}
