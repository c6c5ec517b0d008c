"""Splitting SQL scripts into statements the way psql does (pure)."""

from __future__ import annotations

import pytest

from ictjudge.labs.sql.script import ScriptError, split


def texts(script: str) -> list[str]:
    return [s.text for s in split(script)]


@pytest.mark.parametrize(
    ("script", "statements"),
    [
        ("select 1; select 2;", ["select 1", "select 2"]),
        ("select 1", ["select 1"]),
        ("  ;; select 1 ;\n;", ["select 1"]),
        ("select 'a;b'; select 2", ["select 'a;b'", "select 2"]),
        ("select 'it''s;'; select 2", ["select 'it''s;'", "select 2"]),
        ("select E'\\';'; select 2", ["select E'\\';'", "select 2"]),
        ("select 'a\\'; select 2", ["select 'a\\'", "select 2"]),  # no E: a backslash is text
        ('select 1 as "x;y"; select 2', ['select 1 as "x;y"', "select 2"]),
        ("select $$a;b$$; select 2", ["select $$a;b$$", "select 2"]),
        ("select $f$ $$; $f$; select 2", ["select $f$ $$; $f$", "select 2"]),
        ("select a$b$c from t; select 2", ["select a$b$c from t", "select 2"]),
        ("prepare p as select $1; select 2", ["prepare p as select $1", "select 2"]),
        ("select 1 -- a; comment\n; select 2", ["select 1 -- a; comment", "select 2"]),
        ("select /* a; /* nested; */ b; */ 1; select 2", ["select /* a; /* nested; */ b; */ 1", "select 2"]),
        ("-- only a comment;\n/* and; another */", []),
        ("create rule r as on insert to t do (insert into u values (1); insert into u values (2)); select 2",
         ["create rule r as on insert to t do (insert into u values (1); insert into u values (2))",
          "select 2"]),
        ("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END; select 3",
         ["CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END",
          "select 3"]),
        ("create or replace procedure p() language sql begin atomic insert into t values (1); end; call p()",
         ["create or replace procedure p() language sql begin atomic insert into t values (1); end",
          "call p()"]),
        ("BEGIN; UPDATE t SET a = 1; END; select 1", ["BEGIN", "UPDATE t SET a = 1", "END", "select 1"]),
        ("select 'unterminated; select 2", ["select 'unterminated; select 2"]),
    ],
    ids=[
        "two", "no-semicolon", "empty-statements", "quote", "doubled-quote", "e-string",
        "standard-string", "identifier", "dollar", "tagged-dollar", "dollar-in-identifier",
        "parameter", "line-comment", "nested-comment", "only-comments", "rule-parentheses",
        "begin-atomic", "procedure", "transaction-block", "unterminated",
    ],
)  # fmt: skip
def test_statements_end_where_psql_ends_them(script: str, statements: list[str]) -> None:
    assert texts(script) == statements


def test_each_statement_knows_its_line() -> None:
    script = "-- header\nselect 1;\n\n  /* c */ select\n  2;select 3;"
    assert [(s.line, s.text) for s in split(script)] == [
        (2, "select 1"),
        (4, "select\n  2"),  # a leading comment is dropped
        (5, "select 3"),
    ]


def test_a_nul_character_is_refused_with_its_line() -> None:
    with pytest.raises(ScriptError, match=r"line 2: .*NUL"):
        split("select 1;\nselect '\0';")
