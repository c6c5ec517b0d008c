"""Support for page tests: a small catalogue with one task of each type (datasets on disk), the
embedded app with a scripted grader, a labs registry that knows a network lab, and a counter
of SQL statements."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.catalog.models import (
    Dataset,
    Module,
    ModulePrerequisite,
    Task,
    TaskCompetency,
    Tier,
    Track,
)
from ictarena.catalog.tracks import seed_bundled_tracks
from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.settings import Settings
from ictarena.submissions.recording import record_result
from ictarena.submissions.reports import NormalReport
from ictarena.submissions.services import IntakeRules, submit
from ictarena.workers.queue import InProcessQueue
from ictjudge import labs
from ictjudge.labs import AnswerFile
from ictjudge.labs.topology import Link, Node, PortVlans, Topology
from tests.arena.catalog.builders import BUNDLED_SETS
from tests.arena.helpers import strict_client
from tests.arena.pipeline.fakes import ScriptedGrader

LANGUAGES = {"cpp": "C++17", "python3": "Python 3"}
ZONE = ZoneInfo("Asia/Shanghai")  # the platform's default time zone
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
QUIZ = {
    "show_explanations": True,
    "questions": [
        {
            "id": "mask",
            "kind": "fill",
            "points": 2,
            "text": {"en": "Mask of a $/24$?", "zh": "$/24$ 的掩码？"},
            "accepted": ["255.255.255.0"],
            "explanation": {"en": "24 one bits.", "zh": "24 个 1。"},
        },
        {
            "id": "ospf",
            "kind": "single",
            "text": {"en": "OSPF is a", "zh": "OSPF 是"},
            "options": [
                {"id": "a", "text": {"en": "link-state", "zh": "链路状态协议"}, "correct": True},
                {"id": "b", "text": {"en": "distance-vector protocol", "zh": "距离矢量协议"}},
            ],
        },
        {
            "id": "udp",
            "kind": "true_false",
            "text": {"en": "UDP is connectionless.", "zh": "UDP 是无连接的。"},
            "answer": True,
        },
    ],
}  # fmt: skip
SCHEMA = "CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);\n"
NETWORK_FILES = [
    AnswerFile("r1.conf", "r1 — FRR configuration", "frr", "hostname r1\n"),
    AnswerFile("r2.conf", "r2 — FRR configuration", "frr", "hostname r2\n"),
]
LINUX_FILES = [AnswerFile("solution.sh", "Shell script run as root", "shell")]
NETWORK_TOPOLOGY = Topology(
    nodes=(
        Node("r1", "router", editable=True),
        Node("r2", "router", editable=True),
        Node("sw1", "switch"),
        Node("pc1", "host", label="client"),
        Node("web", "server", label="web server"),
    ),
    links=(
        Link("r1", "eth0", "r2", "eth0", "10.0.12.0/30"),
        Link("r1", "eth1", "sw1", "ge0/0/1", "192.168.1.0/24", b_vlans=PortVlans("access", 10)),
        Link("sw1", "ge0/0/2", "pc1", "eth0", a_vlans=PortVlans("trunk", 1, (1, 10, 20))),
        Link("r2", "eth1", "web", "eth0", "203.0.113.0/24"),
    ),
)


@dataclass
class Site:
    code: Task
    quiz: Task
    sql: Task
    network: Task
    linux: Task
    modules: list[Module]


def store_dataset(tasks_dir: Path, key: str, files: dict[str, bytes]) -> str:
    """Write a dataset directory named by a hash of ``key`` and return that hash."""
    content_hash = hashlib.sha256(key.encode()).hexdigest()
    directory = tasks_dir / content_hash
    for name, data in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return content_hash


async def _module(
    session: AsyncSession, track: str, level: int, slug: str, title: tuple[str, str]
) -> Module:
    tier = await session.scalar(
        select(Tier).join(Track).where(Track.slug == track, Tier.level == level)
    )
    assert tier is not None
    module = Module(tier_id=tier.id, slug=slug, title_en=title[0], title_zh=title[1])
    session.add(module)
    await session.flush()
    return module


async def add_task(
    session: AsyncSession,
    tasks_dir: Path,
    module: Module,
    slug: str,
    task_type: str,
    manifest: dict[str, Any],
    files: dict[str, bytes] | None = None,
    statement: tuple[str, str] = ("", ""),
    competencies: tuple[str, ...] = ("logical_reasoning",),
    max_score: float = 100.0,
) -> Task:
    task = Task(
        slug=slug,
        type=task_type,
        module_id=module.id,
        title_en=f"Task {slug}",
        title_zh=f"题目 {slug}",
        difficulty=2,
    )
    session.add(task)
    await session.flush()
    for competency in competencies:
        session.add(TaskCompetency(task_id=task.id, competency=competency, weight=1.0))
    content_hash = store_dataset(
        tasks_dir, slug, {"dataset.json": json.dumps(manifest).encode(), **(files or {})}
    )
    dataset = Dataset(
        task_id=task.id,
        version=1,
        content_hash=content_hash,
        manifest=manifest,
        statement_en=statement[0],
        statement_zh=statement[1],
        max_score=max_score,
    )
    session.add(dataset)
    await session.flush()
    task.live_dataset_id = dataset.id
    return task


async def build_site(db: Database, tasks_dir: Path) -> Site:
    """Modules on three tracks (one behind a prerequisite, one a tier up) and a task of each
    type: code (statement with math and an image), quiz, sql (with its schema), network."""
    async with db.session() as session:
        await seed_bundled_tracks(session, BUNDLED_SETS)
        basics = await _module(session, "programming", 1, "prog-basics", ("Basics", "基础"))
        graphs = await _module(session, "programming", 1, "prog-graphs", ("Graphs", "图论"))
        session.add(ModulePrerequisite(module_id=graphs.id, prerequisite_id=basics.id))
        advanced = await _module(session, "programming", 2, "prog-advanced", ("Advanced", "进阶"))
        queries = await _module(session, "opengauss", 1, "gauss-queries", ("Queries", "查询"))
        routing = await _module(session, "datacom", 1, "datacom-routing", ("Routing", "路由"))
        theory = await _module(session, "datacom", 1, "theory-basics", ("Theory", "理论"))
        ops = await _module(session, "openeuler", 1, "euler-basics", ("Operations", "运维"))
        code = await add_task(
            session,
            tasks_dir,
            basics,
            "aplusb",
            "code",
            {"limits": {"time_s": 2, "memory_mb": 128, "code_kb": 64}, "languages": None},
            {"statement/assets/topo.png": PNG},
            (
                "Add **two** numbers: $a+b$.\n\n![the topology](assets/topo.png)\n",
                "计算 $a+b$。\n\n![拓扑](assets/topo.png)\n",
            ),
            competencies=("logical_reasoning", "protocol_comprehension"),
        )
        await add_task(session, tasks_dir, graphs, "paths", "code", {"languages": None})
        await add_task(session, tasks_dir, advanced, "flows", "code", {"languages": None})
        quiz = await add_task(
            session,
            tasks_dir,
            theory,
            "net-basics",
            "quiz",
            {"task_type": "quiz", "quiz": QUIZ},
            max_score=4.0,
        )
        sql = await add_task(
            session,
            tasks_dir,
            queries,
            "top-customers",
            "sql",
            {
                "task_type": "sql",
                "lab": {"schema": "lab/schema.sql", "reference": "lab/reference.sql"},
            },
            {"lab/schema.sql": SCHEMA.encode(), "lab/reference.sql": b"SELECT 1;\n"},
            ("List the customers.", "列出客户。"),
            competencies=("product_proficiency",),
        )
        network = await add_task(
            session,
            tasks_dir,
            routing,
            "ospf-pair",
            "network",
            {"task_type": "network", "lab": {"devices": 2}},
            statement=("Connect the two routers.", "连接两台路由器。"),
            competencies=("network_architecture_design",),
        )
        linux = await add_task(
            session,
            tasks_dir,
            ops,
            "users-cron",
            "linux",
            {"task_type": "linux", "lab": {"image": "openeuler-lab"}},
            statement=("Create the user.", "创建用户。"),
            competencies=("product_proficiency",),
        )
        await session.commit()
        modules = [basics, graphs, advanced, queries, routing, theory, ops]
        return Site(code, quiz, sql, network, linux, modules)


def patch_labs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the labs registry know the network and linux labs of :func:`build_site` (their
    graders are separate modules; the page only relies on the registry's interface)."""
    real_files, real_topology = labs.answer_files, labs.topology

    def answer_files(task_type: str, lab: dict[str, Any]) -> list[AnswerFile]:
        known = {"network": NETWORK_FILES, "linux": LINUX_FILES}
        return known[task_type] if task_type in known else real_files(task_type, lab)

    def topology(task_type: str, lab: dict[str, Any]) -> Topology | None:
        return NETWORK_TOPOLOGY if task_type == "network" else real_topology(task_type, lab)

    monkeypatch.setattr(labs, "answer_files", answer_files)
    monkeypatch.setattr(labs, "topology", topology)


@asynccontextmanager
async def open_site(
    settings: Settings, db: Database, languages: dict[str, str] | None = None
) -> AsyncIterator[tuple[httpx.AsyncClient, InProcessQueue]]:
    """The embedded app on ``db`` with a scripted grader (offering ``languages``, by default
    :data:`LANGUAGES`), and an HTTP client for it that parses every HTML page it receives
    strictly (tests/strict_html.py)."""
    queue = InProcessQueue()
    app = create_app(
        settings,
        database=db,
        queue=queue,
        connect_docker_engine=False,
        grader=ScriptedGrader(),
        languages=LANGUAGES if languages is None else languages,
        sweep_every_s=None,
    )
    async with strict_client(app) as client:
        yield client, queue


@contextmanager
def counting(db: Database) -> Iterator[list[str]]:
    """Collect the SQL statements sent to ``db`` inside the block."""
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)


async def judged(
    db: Database,
    user_id: int,
    task: Task,
    files: dict[str, str],
    report: NormalReport,
    language: str | None = None,
) -> int:
    """A submission stored through intake and recorded with ``report``; returns its id."""
    async with db.session() as session:
        user = await session.get(User, user_id)
        assert user is not None
        rules = IntakeRules(languages=tuple(LANGUAGES), per_minute=1000)
        submission, judging = await submit(session, user, task.id, language, files, rules)
        await record_result(session, judging.id, report, worker="test", zone=ZONE)
        await session.commit()
        return submission.id


async def queued(db: Database, user_id: int, task: Task, files: dict[str, str]) -> int:
    """A submission stored through intake and left waiting for a judge; returns its id."""
    async with db.session() as session:
        user = await session.get(User, user_id)
        assert user is not None
        rules = IntakeRules(languages=tuple(LANGUAGES), per_minute=1000)
        submission, _judging = await submit(session, user, task.id, "cpp", files, rules)
        await session.commit()
        return submission.id
