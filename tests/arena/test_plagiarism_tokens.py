"""The plagiarism review's pure parts: the token normaliser and winnowing of configurations and
scripts (:mod:`ictarena.submissions.tokens`), and the copydetect fingerprints of programs with
a template as boilerplate (:mod:`ictarena.submissions.code_prints`)."""

from __future__ import annotations

import pytest

from ictarena.submissions.code_prints import boilerplate, code_print, code_shares, compare_code
from ictarena.submissions.tokens import (
    WINDOW,
    K,
    compare,
    fingerprint,
    similarity,
    template_prints,
    tokenize,
    winnow,
)

ROUTER = """hostname r1
! the uplink
interface ge0-0-0
 description to r2
 ip address 10.0.12.1/24
exit
router ospf
 ospf router-id 1.1.1.1
 network 10.0.12.0/24 area 0
 network 192.168.1.0/24 area 0
 passive-interface ge0-0-1
exit
"""
SCRIPT = """#!/bin/bash
# add the users from the list
set -euo pipefail
while IFS=: read -r name group; do
  groupadd -f "$group"
  id "$name" >/dev/null 2>&1 || useradd -m -g "$group" "$name"
  chage -M 90 "$name"
done < /root/users.txt
echo "*/5 * * * * root /usr/local/bin/backup.sh" > /etc/cron.d/backup
"""
QUERY = """-- the five best customers
SELECT c.name, SUM(o.total) AS spent /* gross */
FROM customers c JOIN orders o ON o.customer_id = c.id
WHERE o.created_at >= '2024-01-01'
GROUP BY c.name ORDER BY spent DESC LIMIT 5;
"""


def _texts(text: str, syntax: str = "text") -> list[str]:
    return [t.text for t in tokenize(text, syntax)]


def test_the_normaliser_drops_comments_case_addresses_numbers_and_strings() -> None:
    assert _texts("Interface GE0-0-0 ! uplink\n  IP Address 10.0.12.1/24\n# note\n") == [
        "interface", "ge0-0-0", "ip", "address", "ADDR",
    ]  # fmt: skip
    assert _texts("ipv6 address 2001:db8::1/64\nmtu 1500") == [
        "ipv6", "address", "ADDR", "mtu", "NUM",
    ]  # fmt: skip
    assert _texts(QUERY, "sql") == [
        "select", "c.name", ",", "sum", "(", "o.total", ")", "as", "spent", "from",
        "customers", "c", "join", "orders", "o", "on", "o.customer_id", "=", "c.id", "where",
        "o.created_at", ">", "=", "STR", "group", "by", "c.name", "order", "by", "spent", "desc",
        "limit", "NUM", ";",
    ]  # dotted names stay one word (o.total, users.txt, ge0-0-0.100)  # fmt: skip
    # In SQL a # is no comment, and in a script -- is none.
    assert _texts("a -- b", "shell") == ["a", "-", "-", "b"]
    assert _texts("a # b\nc", "sql") == ["a", "#", "b", "c"]
    assert _texts("x::int", "sql") == ["x", ":", ":", "int"]  # a cast is not an address


def test_tokens_remember_where_they_stood() -> None:
    for token in tokenize(ROUTER, "frr"):
        original = ROUTER[token.start : token.end]
        assert token.text in (original.lower(), "ADDR", "NUM", "STR")


def test_whitespace_comments_addresses_and_case_do_not_hide_a_copy() -> None:
    disguised = (
        ROUTER.replace("10.0.12", "172.16.5")
        .replace("! the uplink", "# mine, written alone")
        .replace(" ", "  ")
        .upper()
    )
    assert similarity(ROUTER, disguised, "frr") == pytest.approx(1.0)
    assert similarity(SCRIPT, SCRIPT.replace("90", "60")) == pytest.approx(1.0)
    assert similarity(SCRIPT, SCRIPT.replace("users.txt", "u.txt")) > 0.95


def test_different_answers_are_not_alike() -> None:
    assert similarity(ROUTER, SCRIPT) == 0.0
    assert similarity(QUERY, "SELECT name FROM products WHERE price > 10;", "sql") < 0.2
    rip = "hostname r1\nrouter rip\n version 2\n network 10.0.0.0\n no auto-summary\nexit\n"
    assert similarity(ROUTER, rip, "frr") < 0.3


def test_a_short_answer_copied_into_a_longer_one_is_a_copy() -> None:
    found = compare(fingerprint(SCRIPT), fingerprint(SCRIPT + "\n" + QUERY.replace("--", "#")))
    assert found.first == pytest.approx(1.0) and found.second < 0.8
    assert found.similarity == pytest.approx(1.0)


def test_the_template_counts_for_nobody() -> None:
    template = ROUTER
    first = template + "ip route 0.0.0.0/0 10.0.12.2\nip route 8.8.8.0/24 10.0.12.2\n"
    second = template + "router bgp 65001\n neighbor 10.0.12.2 remote-as 65002\n"
    assert similarity(first, second, "frr") > 0.5  # alike in the template only...
    assert similarity(first, second, "frr", template) == 0.0  # ...which does not count
    copied = first.replace("8.8.8.0", "9.9.9.0")
    assert similarity(first, copied, "frr", template) == pytest.approx(1.0)
    dropped = template_prints(template, "frr")
    assert fingerprint(template, "frr", dropped).prints == {}


def test_winnowing_keeps_a_fingerprint_in_every_window() -> None:
    hashes = [77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98]
    chosen = winnow(hashes, 4)
    positions = sorted(at for ats in chosen.values() for at in ats)
    for left in range(len(hashes) - 4 + 1):
        assert any(left <= at < left + 4 for at in positions)
    assert chosen[8] == [8] and chosen[17] == [3, 6, 15]  # the rightmost of equal minima
    assert winnow([]) == {} and winnow([5, 3]) == {3: [1]}
    assert K + WINDOW - 1 == 8


def test_the_shared_runs_are_spans_of_each_original_text() -> None:
    mine = "# mine\n" + SCRIPT
    found = compare(fingerprint(SCRIPT), fingerprint(mine))
    assert found.first_spans and found.second_spans
    assert [mine[s:e] for s, e in found.second_spans] == [SCRIPT[s:e] for s, e in found.first_spans]
    assert all(not mine[s:e].startswith("# mine") for s, e in found.second_spans)


def test_empty_texts_compare_as_nothing() -> None:
    found = compare(fingerprint(""), fingerprint(SCRIPT))
    assert (found.first, found.second, found.first_spans) == (0.0, 0.0, ())


TEMPLATE = """#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    // write your solution here
    return 0;
}
"""


def _program(body: str) -> str:
    return TEMPLATE.replace("    // write your solution here\n", body)


SOLUTION = """    long long n, best = 0, current = 0;
    cin >> n;
    for (long long i = 0; i < n; i++) {
        long long x;
        cin >> x;
        current = max(x, current + x);
        best = max(best, current);
    }
    cout << best << '\\n';
"""


def test_copydetect_sees_through_renamed_variables() -> None:
    first = code_print(_program(SOLUTION), "cpp")
    renamed = SOLUTION.replace("best", "answer").replace("current", "run").replace("x", "value")
    second = code_print(_program(renamed), "cpp")
    found = compare_code(first, second)
    assert found.similarity > 0.9
    source = _program(SOLUTION)
    assert any("max(" in source[s:e] for s, e in found.first_spans)


def test_copydetect_boilerplate_drops_the_template() -> None:
    template = boilerplate(TEMPLATE, "cpp")
    sort = (
        "    int n; cin >> n; vector<int> v(n);\n    for (auto& e : v) cin >> e;\n"
        "    sort(v.begin(), v.end()); cout << v[n / 2] << endl;\n"
    )
    plain = compare_code(code_print(_program(SOLUTION), "cpp"), code_print(_program(sort), "cpp"))
    assert plain.similarity > 0.2  # the template alone makes them look alike
    found = compare_code(
        code_print(_program(SOLUTION), "cpp", template), code_print(_program(sort), "cpp", template)
    )
    assert found.similarity == 0.0
    assert compare_code(code_print("", "cpp"), code_print("", "cpp")).similarity == 0.0


def test_copydetect_a_program_in_an_unknown_language_is_compared_as_text() -> None:
    text = "PROGRAM sum\n  INTEGER :: a, b\n  READ *, a, b\n  PRINT *, a + b\nEND PROGRAM sum\n"
    found = compare_code(code_print(text * 3, "fortran"), code_print(text * 3, None))
    assert found.similarity == pytest.approx(1.0)


def test_the_reports_shares_are_copydetects() -> None:
    renamed = SOLUTION.replace("best", "answer").replace("current", "run")
    half = SOLUTION.split("for", maxsplit=1)[0] + "    cout << n * 2 << endl;\n"
    texts = [_program(SOLUTION), _program(renamed), _program(half), TEMPLATE, "", "int x;"]
    template = boilerplate(TEMPLATE, "cpp")
    for dropped in (None, template):
        prints = [code_print(text, "cpp", dropped) for text in texts]
        for a in prints:
            for b in prints:
                found = compare_code(a, b)
                assert code_shares(a, b) == pytest.approx((found.first, found.second), abs=1e-12)
