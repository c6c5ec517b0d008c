// Output validator for backbone-lease, Kattis style:
//     checker input answer feedback_dir < team_output
// Exit 42 accepts, 43 rejects; the reason goes to feedback_dir/judgemessage.txt.
//
// Any plan of minimum cost is accepted: its lines must exist, be distinct, add up to the cost
// the team printed and, with the own fibre, join every PoP; that cost must equal the cost of the
// reference plan in the answer file. Only the answer's first number (the cost, or -1) is read.
#include <cctype>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

namespace {

const int ACCEPT = 42, REJECT = 43, JUDGE_ERROR = 1;
std::string feedback_dir;

[[noreturn]] void finish(int code, const char* format, ...) {
    char message[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(message, sizeof message, format, args);
    va_end(args);
    std::string path = feedback_dir + "/judgemessage.txt";
    if (FILE* out = std::fopen(path.c_str(), "w")) {
        std::fprintf(out, "%s\n", message);
        std::fclose(out);
    }
    if (code == JUDGE_ERROR) std::fprintf(stderr, "%s\n", message);
    std::exit(code);
}

// The team output, read token by token; every malformed piece is a wrong answer, never a crash.
class TeamOutput {
   public:
    bool next(std::string& token) {
        int c;
        while ((c = std::getchar()) != EOF && std::isspace(c)) {
        }
        if (c == EOF) return false;
        token.clear();
        while (c != EOF && !std::isspace(c)) {
            if (token.size() >= 24) finish(REJECT, "a token of the output is far too long");
            token.push_back(static_cast<char>(c));
            c = std::getchar();
        }
        return true;
    }

    long long integer(const char* what) {
        std::string token;
        if (!next(token)) finish(REJECT, "the output ends before %s", what);
        std::size_t i = token[0] == '-' ? 1 : 0;
        if (i == token.size() || token.size() - i > 18)
            finish(REJECT, "%s: expected an integer, got '%s'", what, token.c_str());
        long long value = 0;
        for (; i < token.size(); ++i) {
            if (!std::isdigit(static_cast<unsigned char>(token[i])))
                finish(REJECT, "%s: expected an integer, got '%s'", what, token.c_str());
            value = value * 10 + (token[i] - '0');
        }
        return token[0] == '-' ? -value : value;
    }

    void expect_end() {
        std::string token;
        if (next(token)) finish(REJECT, "unexpected output after the plan: '%s'", token.c_str());
    }
};

std::vector<int> parent;

int find(int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s input answer feedback_dir < output\n", argv[0]);
        return JUDGE_ERROR;
    }
    feedback_dir = argv[3];
    FILE* input = std::fopen(argv[1], "r");
    FILE* answer = std::fopen(argv[2], "r");
    if (!input || !answer) finish(JUDGE_ERROR, "cannot open the input or the answer file");

    int n, k, m;
    if (std::fscanf(input, "%d %d %d", &n, &k, &m) != 3) finish(JUDGE_ERROR, "bad input header");
    parent.resize(n + 1);
    std::iota(parent.begin(), parent.end(), 0);
    int parts = n;
    for (int j = 0; j < k; ++j) {
        int x, y;
        if (std::fscanf(input, "%d %d", &x, &y) != 2) finish(JUDGE_ERROR, "bad fibre line");
        int a = find(x), b = find(y);
        if (a != b) parent[a] = b, --parts;
    }
    std::vector<int> u(m + 1), v(m + 1);
    std::vector<long long> cost(m + 1);
    for (int i = 1; i <= m; ++i)
        if (std::fscanf(input, "%d %d %lld", &u[i], &v[i], &cost[i]) != 3)
            finish(JUDGE_ERROR, "bad leased line %d in the input", i);
    long long best;
    if (std::fscanf(answer, "%lld", &best) != 1) finish(JUDGE_ERROR, "bad answer file");

    TeamOutput team;
    long long claimed = team.integer("the total cost");
    if (best == -1) {
        if (claimed != -1) finish(REJECT, "the PoPs cannot all be joined, so -1 was expected");
        team.expect_end();
        finish(ACCEPT, "correctly reports that the PoPs cannot all be joined");
    }
    if (claimed == -1) finish(REJECT, "printed -1, but the PoPs can all be joined");
    long long t = team.integer("the number of lines");
    if (t < 0 || t > m)
        finish(REJECT, "the plan has %lld lines, but only %d are on offer", t, m);
    std::vector<char> taken(m + 1, 0);
    long long total = 0;
    for (long long j = 0; j < t; ++j) {
        long long line = team.integer("a line number");
        if (line < 1 || line > m)
            finish(REJECT, "line %lld does not exist (lines are numbered 1 to %d)", line, m);
        if (taken[line]) finish(REJECT, "line %lld is listed twice", line);
        taken[line] = 1;
        total += cost[line];
        int a = find(u[line]), b = find(v[line]);
        if (a != b) parent[a] = b, --parts;
    }
    team.expect_end();
    if (total != claimed)
        finish(REJECT, "the listed lines cost %lld in total, but the output says %lld", total,
               claimed);
    if (parts > 1) {
        int lonely = 1;
        while (find(lonely) == find(1)) ++lonely;
        finish(REJECT, "the plan leaves PoPs 1 and %d unconnected", lonely);
    }
    if (claimed > best) finish(REJECT, "the plan joins every PoP, but a cheaper plan exists");
    if (claimed < best)
        finish(JUDGE_ERROR, "the plan costs %lld, less than the reference answer %lld", claimed,
               best);
    finish(ACCEPT, "a cheapest plan: %lld lines for %lld", t, claimed);
}
