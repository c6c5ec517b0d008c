// Greedy: take profiles by worth per Mbit/s, skipping applications that already have one.
#include <algorithm>
#include <cstdio>
#include <vector>

struct Profile {
    int app, w;
    long long p;
};

int main() {
    int g, capacity;
    std::scanf("%d %d", &g, &capacity);
    std::vector<Profile> all;
    for (int i = 0; i < g; ++i) {
        int k;
        std::scanf("%d", &k);
        for (int j = 0; j < k; ++j) {
            Profile profile{i, 0, 0};
            std::scanf("%d %lld", &profile.w, &profile.p);
            all.push_back(profile);
        }
    }
    std::sort(all.begin(), all.end(), [](const Profile& a, const Profile& b) {
        return a.p * b.w > b.p * a.w;
    });
    std::vector<char> served(g, 0);
    long long worth = 0;
    int left = capacity;
    for (const Profile& profile : all)
        if (!served[profile.app] && profile.w <= left) {
            served[profile.app] = 1;
            left -= profile.w;
            worth += profile.p;
        }
    std::printf("%lld\n", worth);
}
