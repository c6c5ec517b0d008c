"""Plagiarism review benchmark: one code task, 300 entries' latest submissions.

1. Generates 300 realistic, varied C++ programs for one task (the maximum subarray sum of a
   list): six algorithms written in several styles, with random names, helper functions,
   reading styles, comments and layout; 30 of them are copies of another entry's program
   with its names changed, comments added or removed and the layout redone.
2. Stages them in a throwaway SQLite database as one contest round's submissions and times
   the review's real path, :func:`ictarena.submissions.plagiarism.refresh`: the whole report
   (every program fingerprinted with copydetect, 44 850 pairs compared, the pairs stored);
   the page read again with nothing new (the stored report); and the report after one more
   submission (fingerprints kept in the process, every pair compared again).
3. Baseline, in the same run: naive pairwise ``difflib.SequenceMatcher(None, a, b).ratio()``
   over the same 300 texts.

Also prints how many planted copies the report finds at the page's default threshold, and how
many other pairs reach it.

Usage: .venv/bin/python benchmarks/plagiarism_bench.py [--entries 300] [--copies 30]
       [--seed 7] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import difflib
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))
sys.path.insert(0, str(ROOT / "judge"))

from sqlalchemy import select  # noqa: E402

from ictarena.accounts.models import Role, User  # noqa: E402
from ictarena.catalog.models import Dataset, Module, Task, Tier, Track  # noqa: E402
from ictarena.contests.models import (  # noqa: E402
    Contest,
    Entry,
    Participation,
    PlagiarismPair,
    Round,
    RoundKind,
    RoundTask,
)
from ictarena.db import Database  # noqa: E402
from ictarena.submissions import plagiarism  # noqa: E402
from ictarena.submissions.models import Submission  # noqa: E402

NAMES = {
    "n": ["n", "len", "count", "size", "N", "m", "k", "total_n"],
    "a": ["a", "arr", "v", "nums", "values", "data", "xs", "seq"],
    "best": ["best", "ans", "result", "res", "mx", "maximum", "answer", "top"],
    "cur": ["cur", "current", "run", "acc", "s", "sum", "here", "tmp"],
    "i": ["i", "j", "idx", "p", "t", "q", "it", "x"],
    "pre": ["pre", "prefix", "ps", "cum", "P", "sums", "pref", "partial"],
    "lo": ["lo", "low", "minPre", "least", "mn", "smallest", "floor_", "base"],
    "solve": ["solve", "kadane", "maxSub", "best_sum", "run_it", "calc", "work", "go"],
}
COMMENTS = [
    "// read the input",
    "// Kadane's idea",
    "/* prefix sums */",
    "// edge case: all negative",
    "// O(n) time",
    "// print the answer",
    "// TODO: faster io?",
    "// note to self: use long long",
]
HEADERS = [
    ["#include <bits/stdc++.h>"],
    ["#include <iostream>", "#include <vector>", "#include <algorithm>"],
    ["#include <cstdio>", "#include <vector>", "#include <climits>"],
    ["#include <iostream>", "#include <vector>", "#include <limits>"],
]


HELPERS = [
    ["long long gcd_(long long a, long long b) {", "    while (b) { long long t = a % b; a = b; b = t; }",
     "    return a;", "}"],
    ["bool isPrime(int x) {", "    if (x < 2) return false;",
     "    for (int d = 2; d * d <= x; d++) if (x % d == 0) return false;", "    return true;", "}"],
    ["long long power(long long b, long long e, long long m) {", "    long long r = 1; b %= m;",
     "    while (e > 0) {", "        if (e & 1) r = r * b % m;", "        b = b * b % m; e >>= 1;",
     "    }", "    return r;", "}"],
    ["template <class T> void show(const vector<T>& v) {",
     "    for (size_t k = 0; k < v.size(); ++k) cerr << v[k] << (k + 1 < v.size() ? ' ' : '\\n');",
     "}"],
    ["int clampInt(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }"],
    ["struct Timer {", "    clock_t start = clock();",
     "    double seconds() const { return double(clock() - start) / CLOCKS_PER_SEC; }", "};"],
    ["static char buf[1 << 16];", "int readChar() {", "    static int len = 0, pos = 0;",
     "    if (pos == len) { len = fread(buf, 1, sizeof buf, stdin); pos = 0; }",
     "    return pos < len ? buf[pos++] : -1;", "}"],
    ["void check(bool ok, const char* what) {",
     "    if (!ok) { fprintf(stderr, \"failed: %s\\n\", what); exit(1); }", "}"],
]  # fmt: skip


def _vary(lines: list[str], rng: random.Random) -> list[str]:
    """One writer's habits: how they count, which integer type and comparisons they use."""
    step = rng.choice(["{}++", "++{}", "{} += 1", "{} = {} + 1"])
    wide = rng.choice(["long long", "int64_t", "long", "long long int"])
    out = []
    for raw in lines:
        line = re.sub(r"\b(\w+)\+\+(?=\))", lambda m: step.format(m.group(1), m.group(1)), raw)
        line = re.sub(r"\+\+(\w+)(?=\))", lambda m: step.format(m.group(1), m.group(1)), line)
        if not line.startswith("#") and "vector<long long>" not in line:
            line = line.replace("long long", wide)
        out.append(line)
    return out


def _algorithm(kind: int, nm: dict[str, str]) -> list[str]:
    """One way to compute the answer, as the body of a function over ``a`` of length ``n``."""
    n, a, best, cur, i, pre, lo = (nm[k] for k in ("n", "a", "best", "cur", "i", "pre", "lo"))
    if kind == 0:  # Kadane, max form
        return [
            f"long long {best} = {a}[0], {cur} = 0;",
            f"for (int {i} = 0; {i} < {n}; {i}++) {{",
            f"    {cur} = max({a}[{i}], {cur} + {a}[{i}]);",
            f"    {best} = max({best}, {cur});",
            "}",
            f"return {best};",
        ]
    if kind == 1:  # Kadane, reset form
        return [
            f"long long {best} = LLONG_MIN, {cur} = 0;",
            f"for (int {i} = 0; {i} < {n}; ++{i}) {{",
            f"    {cur} += {a}[{i}];",
            f"    if ({cur} > {best}) {best} = {cur};",
            f"    if ({cur} < 0) {cur} = 0;",
            "}",
            f"return {best};",
        ]
    if kind == 2:  # prefix sums and the smallest earlier prefix
        return [
            f"vector<long long> {pre}({n} + 1, 0);",
            f"for (int {i} = 0; {i} < {n}; {i}++) {pre}[{i} + 1] = {pre}[{i}] + {a}[{i}];",
            f"long long {lo} = {pre}[0], {best} = {pre}[1] - {pre}[0];",
            f"for (int {i} = 1; {i} <= {n}; {i}++) {{",
            f"    {best} = max({best}, {pre}[{i}] - {lo});",
            f"    {lo} = min({lo}, {pre}[{i}]);",
            "}",
            f"return {best};",
        ]
    if kind == 3:  # quadratic, every start
        return [
            f"long long {best} = {a}[0];",
            f"for (int {i} = 0; {i} < {n}; {i}++) {{",
            f"    long long {cur} = 0;",
            f"    for (int {lo} = {i}; {lo} < {n}; {lo}++) {{",
            f"        {cur} += {a}[{lo}];",
            f"        if ({cur} > {best}) {best} = {cur};",
            "    }",
            "}",
            f"return {best};",
        ]
    if kind == 4:  # dynamic programming table
        return [
            f"vector<long long> {pre}({n});",
            f"{pre}[0] = {a}[0];",
            f"long long {best} = {pre}[0];",
            f"for (int {i} = 1; {i} < {n}; {i}++) {{",
            f"    {pre}[{i}] = {a}[{i}] + ({pre}[{i} - 1] > 0 ? {pre}[{i} - 1] : 0);",
            f"    {best} = {pre}[{i}] > {best} ? {pre}[{i}] : {best};",
            "}",
            f"return {best};",
        ]
    return [  # divide and conquer, written with a while loop over the middle
        f"if ({n} == 1) return {a}[0];",
        f"int {i} = {n} / 2;",
        f"vector<long long> {pre}({a}.begin(), {a}.begin() + {i});",
        f"vector<long long> {lo}({a}.begin() + {i}, {a}.end());",
        f"long long {best} = max(SOLVE({pre}, {pre}.size()), SOLVE({lo}, {lo}.size()));",
        f"long long {cur} = 0, left = LLONG_MIN, right = LLONG_MIN;",
        f"for (int k = {i} - 1; k >= 0; k--) {{ {cur} += {a}[k]; left = max(left, {cur}); }}",
        f"{cur} = 0;",
        f"for (int k = {i}; k < {n}; k++) {{ {cur} += {a}[k]; right = max(right, {cur}); }}",
        f"return max({best}, left + right);",
    ]


def _program(rng: random.Random) -> str:
    nm = {key: rng.choice(options) for key, options in NAMES.items()}
    kind = rng.randrange(6)
    indent = rng.choice(["    ", "  ", "\t"])
    lines = list(rng.choice(HEADERS))
    lines.append("using namespace std;")
    if rng.random() < 0.4:
        lines.append("typedef long long ll;")
    lines.append("")
    if rng.random() < 0.3:
        lines += ["static inline long long readInt() {", f"{indent}long long x; cin >> x;",
                  f"{indent}return x;", "}", ""]  # fmt: skip
    body = [line.replace("SOLVE", nm["solve"]) for line in _algorithm(kind, nm)]
    if rng.random() < 0.5:
        body.insert(rng.randrange(len(body)), rng.choice(COMMENTS))
    for helper in rng.sample(HELPERS, rng.randrange(3)):
        lines += [*helper, ""]
    if rng.random() < 0.5:
        lines.append(f"const int MAXN = {rng.choice([100005, 200005, 1000006, 2 * 10**5 + 7])};")
    lines.append(f"long long {nm['solve']}(const vector<long long>& {nm['a']}, int {nm['n']}) {{")
    lines += [indent + line for line in body]
    lines += ["}", "", "int main() {"]
    if rng.random() < 0.6:
        lines.append(f"{indent}ios::sync_with_stdio(false); cin.tie(nullptr);")
    reading = rng.randrange(3)
    if reading == 0:
        lines += [f"{indent}int {nm['n']}; cin >> {nm['n']};",
                  f"{indent}vector<long long> {nm['a']}({nm['n']});",
                  f"{indent}for (auto& e : {nm['a']}) cin >> e;"]  # fmt: skip
    elif reading == 1:
        lines += [f"{indent}int {nm['n']};", f'{indent}scanf("%d", &{nm["n"]});',
                  f"{indent}vector<long long> {nm['a']}({nm['n']});",
                  f"{indent}for (int {nm['i']} = 0; {nm['i']} < {nm['n']}; {nm['i']}++) "
                  f'scanf("%lld", &{nm["a"]}[{nm["i"]}]);']  # fmt: skip
    else:
        lines += [f"{indent}int {nm['n']}; cin >> {nm['n']};",
                  f"{indent}vector<long long> {nm['a']};",
                  f"{indent}while ((int){nm['a']}.size() < {nm['n']}) {{ long long x; cin >> x; "
                  f"{nm['a']}.push_back(x); }}"]  # fmt: skip
    if rng.random() < 0.4:
        lines.append(f"{indent}if ({nm['n']} <= 0) {{ cout << 0 << endl; return 0; }}")
    if rng.random() < 0.5:
        lines.append(indent + rng.choice(COMMENTS))
    out = rng.choice(["cout << {} << endl;", "cout << {} << '\\n';", 'printf("%lld\\n", {});'])
    lines.append(indent + out.format(f"{nm['solve']}({nm['a']}, {nm['n']})"))
    lines += [f"{indent}return 0;", "}", ""]
    return "\n".join(_vary(lines, rng))


def _disguised(text: str, rng: random.Random) -> str:
    """A copy: every name of the generator's lists renamed, comments changed, layout redone."""
    renames: dict[str, str] = {}
    for options in NAMES.values():
        for name in options:
            if rng.random() < 0.8:
                renames[name] = rng.choice(options) + rng.choice(["", "2", "_", "X"])

    def rename(match: re.Match[str]) -> str:
        return renames.get(match.group(0), match.group(0))

    lines = []
    for line in text.split("\n"):
        if line.strip().startswith(("//", "/*")) and rng.random() < 0.7:
            continue
        code = line if line.startswith("#") else re.sub(r"\b[A-Za-z_]\w*\b", rename, line)
        lines.append(code.replace("    ", rng.choice(["  ", "\t", "    "])))
        if rng.random() < 0.1:
            lines.append(rng.choice(COMMENTS))
    return "\n".join(lines)


def programs(entries: int, copies: int, seed: int) -> tuple[list[str], set[tuple[int, int]]]:
    """``entries`` programs, ``copies`` of which copy an earlier one; the copied pairs."""
    rng = random.Random(seed)
    texts: list[str] = []
    copied: set[tuple[int, int]] = set()
    at_copy = set(rng.sample(range(entries // 4, entries), copies))
    for index in range(entries):
        if index in at_copy:
            source = rng.randrange(index)
            texts.append(_disguised(texts[source], rng))
            copied.add((source, index))
        else:
            texts.append(_program(rng))
    return texts, copied


async def _stage(db: Database, texts: list[str]) -> tuple[Contest, list[int], int, int, int]:
    """A contest whose one round's code task has each text as one entry's submission."""
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    async with db.transaction() as session:
        jury = User(username="jury", display_name="Jury", password_hash="!", role=Role.ADMIN)
        session.add(jury)
        track = Track(slug="t", name_en="T", name_zh="T")
        session.add(track)
        await session.flush()
        tier = Tier(track_id=track.id, level=1, slug="t1", name_en="T1", name_zh="T1")
        session.add(tier)
        await session.flush()
        module = Module(tier_id=tier.id, slug="m", title_en="M", title_zh="M")
        session.add(module)
        await session.flush()
        task = Task(slug="max-subarray", type="code", module_id=module.id,
                    title_en="Max subarray", title_zh="最大子段和")  # fmt: skip
        session.add(task)
        await session.flush()
        dataset = Dataset(task_id=task.id, version=1, content_hash="b" * 64)
        session.add(dataset)
        await session.flush()
        contest = Contest(slug="bench", title="Bench", created_by=jury.id)
        session.add(contest)
        await session.flush()
        lab = Round(contest_id=contest.id, position=1, name="Lab", kind=RoundKind.CODE,
                    starts_at=now, ends_at=now + timedelta(hours=5))  # fmt: skip
        session.add(lab)
        await session.flush()
        session.add(RoundTask(round_id=lab.id, task_id=task.id, dataset_id=dataset.id, label="A"))
        entry_ids = []
        for index, text in enumerate(texts):
            user = User(username=f"s{index}", display_name=f"S {index}", password_hash="!")
            entry = Entry(contest_id=contest.id, name=f"Entry {index:03d}")
            session.add_all([user, entry])
            await session.flush()
            place = Participation(contest_id=contest.id, user_id=user.id, entry_id=entry.id)
            session.add(place)
            await session.flush()
            session.add(Submission(user_id=user.id, task_id=task.id, files={"main.cpp": text},
                                   language="cpp", participation_id=place.id,
                                   entry_id=entry.id, round_id=lab.id))  # fmt: skip
            entry_ids.append(entry.id)
        return contest, entry_ids, lab.id, task.id, user.id


async def _refresh(db: Database, contest: Contest, key: str) -> float:
    started = time.perf_counter()
    async with db.transaction() as session:
        tasks = await plagiarism.review_tasks(session, contest)
        await plagiarism.refresh(
            session, contest, plagiarism.task_of(tasks, key), datetime.now(UTC)
        )
    return time.perf_counter() - started


async def main(args: argparse.Namespace) -> None:
    from ictarena.models import metadata

    texts, copied = programs(args.entries, args.copies, args.seed)
    lines = statistics.median(text.count("\n") for text in texts)
    whole, warm, one_more, naive = [], [], [], []
    found_copies = others = 0
    for _ in range(args.repeat):
        plagiarism.forget()
        with tempfile.TemporaryDirectory() as folder:
            db = Database.from_url(f"sqlite+aiosqlite:///{folder}/bench.db")
            async with db.engine.begin() as conn:
                await conn.run_sync(metadata.create_all)
            contest, entry_ids, round_id, task_id, user_id = await _stage(db, texts)
            key = f"{round_id}:{task_id}"
            whole.append(await _refresh(db, contest, key))
            warm.append(await _refresh(db, contest, key))
            async with db.transaction() as session:
                session.add(Submission(user_id=user_id, task_id=task_id,
                                       files={"main.cpp": texts[0] + "\n// again\n"},
                                       language="cpp", entry_id=entry_ids[-1],
                                       round_id=round_id))  # fmt: skip
            one_more.append(await _refresh(db, contest, key))
            async with db.session() as session:
                rows = (
                    await session.execute(
                        select(PlagiarismPair.entry_a, PlagiarismPair.entry_b).where(
                            PlagiarismPair.similarity >= plagiarism.DEFAULT_THRESHOLD
                        )
                    )
                ).all()
            index = {entry: position for position, entry in enumerate(entry_ids)}
            flagged = {(index[a], index[b]) for a, b in rows}
            found_copies = len(flagged & copied)
            others = len(flagged - copied)
            await db.dispose()
        started = time.perf_counter()
        for a, b in combinations(texts, 2):
            difflib.SequenceMatcher(None, a, b).ratio()
        naive.append(time.perf_counter() - started)
    pairs = args.entries * (args.entries - 1) // 2
    w, n = statistics.median(whole), statistics.median(naive)
    print(f"{args.entries} programs (median {lines:.0f} lines), {pairs} pairs, "
          f"{args.copies} planted copies; median of {args.repeat} runs")  # fmt: skip
    print()
    print("| measurement | time | baseline (same run) | ratio |")
    print("|---|---|---|---|")
    print(f"| whole report: fingerprint, compare every pair, store | {w:.2f} s | "
          f"naive pairwise difflib ratio: {n:.1f} s | {n / w:.1f}x faster |")  # fmt: skip
    print(f"| page read again, nothing new (stored report) | "
          f"{statistics.median(warm) * 1000:.0f} ms | | |")  # fmt: skip
    print(f"| report after one more submission (fingerprints kept) | "
          f"{statistics.median(one_more):.2f} s | | |")  # fmt: skip
    print()
    print(f"planted copies found at {plagiarism.DEFAULT_THRESHOLD:.0%}: {found_copies} of "
          f"{len(copied)}; other pairs at or above it: {others}")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=300)
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    asyncio.run(main(parser.parse_args()))
