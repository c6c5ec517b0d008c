"""Models of the ``lab`` section of SQL tasks (what the task package declares)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ictjudge.texts import Text


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Compare(_Model):
    """How a query's result is compared with the reference's."""

    order: bool | None = Field(
        None, description="compare in order; default: when the reference has a top-level ORDER BY"
    )
    column_names: bool = False
    float_precision: int | None = Field(
        None, ge=0, le=12, description="numbers agree to this many decimal places"
    )
    tolerance: float | None = Field(
        None, ge=0, description="numbers may differ by this much (absolute)"
    )
    show_diff: bool = True


class SqlCheck(_Model):
    """An assessment item of a state task: a query run as the jury after the student's SQL."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    points: float = Field(gt=0)
    query: str = Field(min_length=1)
    expect: list[list[Any]] = Field(description="the rows the query must return")
    title: Text | None = Field(None, description="the item's name in the report, {en, zh}")
    compare: Compare = Compare()

    @model_validator(mode="after")
    def _rectangular(self) -> SqlCheck:
        if len({len(row) for row in self.expect}) > 1:
            raise ValueError("every row of 'expect' needs the same number of values")
        if any(len(row) == 0 for row in self.expect):
            raise ValueError("a row of 'expect' needs at least one value")
        return self


class SqlLab(_Model):
    """``type: sql``: schema and seed data (PostgreSQL dialect), then either a ``reference``
    query the student's query must match (mode ``query``), or ``checks`` on the state after the
    student's script (mode ``state``: DDL, DML, transactions)."""

    schema_: str = Field(alias="schema", description="path of the schema script, under lab/")
    data: str | None = None
    reference: str | None = Field(None, description="path of the reference query (query mode)")
    checks: list[SqlCheck] = Field(default_factory=list)
    compare: Compare = Compare()
    statement_timeout_ms: int = Field(2000, ge=100, le=30000)
    script_timeout_ms: int | None = Field(
        None, ge=1000, le=60000, description="the whole script; default 3 × statement timeout"
    )
    points: float = Field(100, gt=0, description="query mode: the points of the single item")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def mode(self) -> Literal["query", "state"]:
        return "query" if self.reference else "state"

    @property
    def script_budget_ms(self) -> int:
        """How long the whole script may run (its statements each have the statement timeout)."""
        if self.script_timeout_ms is not None:
            return self.script_timeout_ms
        return min(60000, max(5000, 3 * self.statement_timeout_ms))

    @model_validator(mode="after")
    def _one_mode(self) -> SqlLab:
        if bool(self.reference) == bool(self.checks):
            raise ValueError("give either 'reference' (a query task) or 'checks' (a state task)")
        ids = [check.id for check in self.checks]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate check ids: {', '.join(duplicates)}")
        return self
