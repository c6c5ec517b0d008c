"""A problem set's track.yaml: checked with every bad field located, imported with the set
(the track, its tiers, their entry criteria), and re-imported without overwriting an admin's
edit of the criteria, which the import reports instead."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from ictarena.accounts.models import Role
from ictarena.catalog.criteria import EntryCriteria
from ictarena.catalog.criteria_edits import save_criteria
from ictarena.catalog.models import Module, Tier, Track
from ictarena.catalog.packages.errors import PackageInvalid
from ictarena.catalog.packages.importer import import_catalogue
from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.tracks import seed_bundled_tracks
from ictarena.cli.main import app
from tests.arena.catalog.builders import BUNDLED_SETS, problem_set, write
from tests.arena.helpers import UserFactory

TRACK_YAML = """\
id: networks
name: {en: Networks, zh: 网络}
position: 7
tiers:
  - id: associate
    name: {en: Associate, zh: 初级}
  - id: professional
    name: {en: Professional, zh: 中级}
    entry:
      modules_done: all
      points: 150
      competencies: {protocol_comprehension: 50}
  - id: expert
    name: {en: Expert, zh: 高级}
    entry: {modules_done: [demo-graphs], points: 300}
"""


def tracked_set(root: Path, track_yaml: str | None = TRACK_YAML, track: str = "networks") -> Path:
    """The demo set moved into track ``track``, with ``track_yaml`` beside its set.yaml."""
    directory = problem_set(root)
    for path in [directory / "set.yaml", *directory.glob("*/task.yaml")]:
        path.write_text(path.read_text().replace("track: programming", f"track: {track}"))
    set_yaml = directory / "set.yaml"
    set_yaml.write_text(
        set_yaml.read_text().replace("tier: associate", "tier: associate\n    done_percent: 75")
    )
    if track_yaml is not None:
        write(directory, {"track.yaml": track_yaml})
    return directory


async def _tiers(session: AsyncSession, track: str) -> list[Tier]:
    rows = await session.scalars(
        select(Tier).join(Track).where(Track.slug == track).order_by(Tier.level)
    )
    tiers = list(rows)
    for tier in tiers:
        await session.refresh(tier)
    return tiers


async def test_importing_a_set_creates_its_track_and_tiers_from_its_track_file(
    session: AsyncSession, tmp_path: Path
) -> None:
    report = await import_catalogue(session, read_paths([tracked_set(tmp_path)]), tmp_path / "d")
    await session.commit()
    assert report.tracks_written == ["networks"] and report.criteria_kept == []
    track = await session.scalar(select(Track).where(Track.slug == "networks"))
    assert track is not None
    assert (track.name_en, track.name_zh, track.position) == ("Networks", "网络", 7)
    tiers = await _tiers(session, "networks")
    assert [(t.level, t.slug, t.name_zh) for t in tiers] == [
        (1, "associate", "初级"),
        (2, "professional", "中级"),
        (3, "expert", "高级"),
    ]
    assert tiers[0].criteria == {}
    assert tiers[1].criteria == {
        "modules_done": "all",
        "points": 150,
        "competencies": {"protocol_comprehension": 50},
    }
    assert tiers[1].criteria_shipped == tiers[1].criteria
    assert tiers[2].criteria == {"modules_done": ["demo-graphs"], "points": 300}
    basics = await session.scalar(select(Module).where(Module.slug == "demo-basics"))
    graphs = await session.scalar(select(Module).where(Module.slug == "demo-graphs"))
    assert basics is not None and graphs is not None
    assert (basics.tier_id, basics.done_percent) == (tiers[0].id, 75)
    assert (graphs.tier_id, graphs.done_percent) == (tiers[1].id, 100)  # the default


async def test_reimport_updates_criteria_no_admin_has_edited(
    session: AsyncSession, tmp_path: Path
) -> None:
    directory = tracked_set(tmp_path)
    await import_catalogue(session, read_paths([directory]), tmp_path / "d")
    await session.commit()
    (directory / "track.yaml").write_text(TRACK_YAML.replace("points: 150", "points: 90"))
    report = await import_catalogue(session, read_paths([directory]), tmp_path / "d")
    await session.commit()
    assert report.criteria_kept == []
    professional = (await _tiers(session, "networks"))[1]
    assert professional.criteria["points"] == professional.criteria_shipped["points"] == 90
    assert await session.scalar(select(func.count()).select_from(Track)) == 1


async def test_reimport_keeps_an_admins_edit_and_reports_the_difference(
    session: AsyncSession, tmp_path: Path
) -> None:
    directory = tracked_set(tmp_path)
    await import_catalogue(session, read_paths([directory]), tmp_path / "d")
    admin = await UserFactory(session)(Role.ADMIN, "chief")
    professional = (await _tiers(session, "networks"))[1]
    edited = EntryCriteria.from_json({"modules_done": "all", "points": 120})
    await save_criteria(session, admin.id, professional.id, edited)
    await session.commit()

    (directory / "track.yaml").write_text(TRACK_YAML.replace("points: 150", "points: 160"))
    report = await import_catalogue(session, read_paths([directory]), tmp_path / "d")
    await session.commit()
    professional = (await _tiers(session, "networks"))[1]
    assert professional.criteria == {"modules_done": "all", "points": 120}  # kept
    assert professional.criteria_shipped["points"] == 160  # what the file says now
    assert professional.criteria_edited_by == admin.id
    [note] = report.criteria_kept
    assert professional.criteria_edited_at is not None
    day = f"{professional.criteria_edited_at:%Y-%m-%d}"
    assert str(note) == (
        f"networks / Professional: entry criteria kept as edited by chief on {day}; the file "
        "now says points 160 (you have 120), competencies.protocol_comprehension 50 "
        "(you have none)"
    )
    again = await import_catalogue(session, read_paths([directory]), tmp_path / "d")
    assert len(again.criteria_kept) == 1  # reported at every import while they differ


async def test_a_set_naming_a_track_nobody_defines_is_refused_and_nothing_is_written(
    session: AsyncSession, tmp_path: Path
) -> None:
    directory = tracked_set(tmp_path, track_yaml=None, track="nowhere")
    with pytest.raises(PackageInvalid) as caught:
        await import_catalogue(session, read_paths([directory]), tmp_path / "d")
    await session.rollback()
    assert [str(e) for e in caught.value.errors] == [
        "demo/set.yaml: track: unknown track 'nowhere': no track.yaml beside set.yaml defines "
        "it, and the platform has no such track"
    ]
    assert await session.scalar(select(func.count()).select_from(Module)) == 0
    assert await session.scalar(select(func.count()).select_from(Track)) == 0


async def test_a_set_without_a_track_file_joins_a_track_already_seeded(
    session: AsyncSession, tmp_path: Path, tracks: None
) -> None:
    report = await import_catalogue(session, read_paths([problem_set(tmp_path)]), tmp_path / "d")
    assert report.tracks_written == [] and len(report.changes) == 2


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (("id: networks", "id: other"), "track.yaml:1: id: set.yaml puts the set in track "
         "'networks'"),
        (("id: networks", "id: Net works"), "track.yaml:1: id: String should match pattern"),
        (("position: 7", "position: -1"), "track.yaml:3: position: Input should be greater "
         "than or equal to 0"),
        (("position: 7", "colour: red"), "track.yaml:3: colour: unknown field"),
        (("  - id: expert", "  - id: master"), "track.yaml:13: tiers.2.id: Input should be "
         "'associate', 'professional' or 'expert'"),
        (("  - id: expert", "  - id: professional"), "track.yaml:13: tiers.2.id: expected "
         "'expert': tiers are listed in order"),
        (("name: {en: Professional, zh: 中级}", "name: {en: Professional}"),
         "track.yaml:8: tiers.1.name.zh: Field required"),
        (("points: 150", "points: -150"), "track.yaml:11: tiers.1.entry.points: Input should "
         "be greater than or equal to 0"),
        (("points: 150", "points: many"), "track.yaml:11: tiers.1.entry.points: Input should "
         "be a valid number"),
        (("protocol_comprehension: 50", "protocol_comprehension: 150"),
         "track.yaml:12: tiers.1.entry.competencies.protocol_comprehension: Input should be "
         "less than or equal to 100"),
        (("protocol_comprehension: 50", "wizardry: 50"),
         "track.yaml:12: tiers.1.entry.competencies.wizardry"),
        (("modules_done: all", "modules_done: some"), "track.yaml:10: tiers.1.entry."
         "modules_done"),
        (("[demo-graphs]", "[demo-basics]"), "track.yaml:15: tiers.2.entry.modules_done.0: "
         "'demo-basics' is not a module of the professional tier in set.yaml"),
        (("points: 150\n", "points: 150\n      stars: 3\n"), "track.yaml:12: tiers.1.entry."
         "stars: unknown field"),
        (("    name: {en: Associate, zh: 初级}\n", "    name: {en: Associate, zh: 初级}\n"
          "    entry: {points: 5}\n"), "track.yaml:7: tiers.0.entry: every student starts in "
         "this tier: no entry criteria"),
        (("position: 7", "position: 7"), None),
        (("tiers:\n", "tiers: []\nrest:\n"), "track.yaml:4: tiers: List should have at least "
         "1 item"),
        (("id: networks\n", "id: networks\n  nested: [\n"), "track.yaml:"),
    ],
    ids=["other-track", "bad-id", "position", "unknown-field", "tier-id", "tier-order",
         "name", "negative-points", "text-points", "percent", "competency", "modules-word",
         "module-of-another-tier", "criterion", "entry-tier", "valid", "tiers", "yaml"],
)  # fmt: skip
def test_every_bad_field_of_a_track_file_is_located(
    tmp_path: Path, change: tuple[str, str], error: str | None
) -> None:
    old, new = change
    assert old in TRACK_YAML
    directory = tracked_set(tmp_path, TRACK_YAML.replace(old, new, 1))
    errors = [str(e) for e in read_paths([directory]).errors]
    if error is None:
        assert errors == []
    else:
        assert any(e.startswith(f"demo/{error}") for e in errors), errors


def test_two_sets_defining_one_track_differently_are_refused(tmp_path: Path) -> None:
    first = tracked_set(tmp_path / "a")
    other = TRACK_YAML.replace("position: 7", "position: 8").replace("demo-", "two-")
    second = tracked_set(tmp_path / "b", other)
    (second / "set.yaml").write_text((second / "set.yaml").read_text().replace("demo-", "two-"))
    for path in second.glob("*/task.yaml"):
        path.write_text(path.read_text().replace("demo-", "two-").replace("id: ", "id: two-", 1))
    errors = [str(e) for e in read_paths([first, second]).errors]
    assert any("track 'networks' is also defined, differently, by" in e for e in errors), errors


async def test_seeding_the_bundled_tracks_is_idempotent_and_drops_theory(
    session: AsyncSession,
) -> None:
    await seed_bundled_tracks(session, BUNDLED_SETS)
    await seed_bundled_tracks(session, BUNDLED_SETS)
    await session.commit()
    tracks = (await session.scalars(select(Track).order_by(Track.position, Track.slug))).all()
    assert [t.slug for t in tracks] == [
        "programming",
        "datacom",
        "openeuler",
        "opengauss",
        "cloud",
        "harmonyos",
        "iot",
    ]
    for track in tracks:
        tiers = await _tiers(session, track.slug)
        # HarmonyOS apps cannot run here: its track stops at Professional.
        expert = [] if track.slug == "harmonyos" else ["expert"]
        assert [t.slug for t in tiers] == ["associate", "professional", *expert]
        assert tiers[0].criteria == {}
        for tier in tiers[1:]:
            criteria = EntryCriteria.from_json(tier.criteria)
            assert criteria.modules_done and criteria.points and criteria.competencies


def test_a_broken_bundled_track_file_stops_the_seeding_with_located_errors(
    tmp_path: Path,
) -> None:
    sets = tmp_path / "problem_sets"
    tracked_set(sets, TRACK_YAML.replace("points: 150", "points: -1"))
    with pytest.raises(PackageInvalid) as caught:
        from ictarena.catalog.tracks import read_bundled_tracks

        read_bundled_tracks(sets)
    assert str(caught.value).startswith("problem_sets/demo/track.yaml:11: tiers.1.entry.points")


def test_the_import_command_reports_criteria_an_admin_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARENA_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ARENA_PROBLEM_SETS_DIR", str(BUNDLED_SETS))
    monkeypatch.delenv("ARENA_DATABASE_URL", raising=False)
    monkeypatch.delenv("ARENA_MODE", raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    directory = tracked_set(tmp_path / "src")
    first = runner.invoke(app, ["problems", "import", str(directory)])
    assert first.exit_code == 0, first.output
    assert "Tracks and tiers from track.yaml: networks" in first.output
    with sqlite3.connect(tmp_path / "var" / "arena.db") as db:
        db.execute(
            "UPDATE tiers SET criteria = '{\"points\": 99}', criteria_edited_at = "
            "'2026-12-05 10:00:00.000000' WHERE level = 2 AND track_id = "
            "(SELECT id FROM tracks WHERE slug = 'networks')"
        )
    again = runner.invoke(app, ["problems", "import", str(directory)])
    assert again.exit_code == 0, again.output
    output = " ".join(again.output.split())
    assert (
        "note: networks / Professional: entry criteria kept as edited by an admin on "
        "2026-12-05; the file now says modules_done all (you have none), points 150 "
        "(you have 99)" in output
    )
    assert "/admin/tracks" in output


def _bundled_tasks() -> dict[str, list[tuple[str, int, set[str]]]]:
    """Per bundled track: (tier, worth in points, competencies) of every task it ships."""
    found: dict[str, list[tuple[str, int, set[str]]]] = {}
    for set_dir in sorted(p for p in BUNDLED_SETS.iterdir() if (p / "track.yaml").is_file()):
        catalogue = read_paths([set_dir])
        assert catalogue.errors == []
        [set_spec] = catalogue.sets
        tier_of = {m.id: m.tier for m in set_spec.modules}
        found[set_spec.track] = [
            (
                tier_of[p.spec.module_id],
                10 * p.spec.difficulty,
                {c.value for c in p.spec.competency_weights()},
            )
            for p in catalogue.packages
        ]
    return found


def test_every_bundled_tier_has_real_criteria_its_tasks_can_meet() -> None:
    """Professional and Expert ask for the modules below, points the tiers below can earn
    (a task is worth 10 × its difficulty) and competencies their tasks train."""
    tasks = _bundled_tasks()
    assert sorted(tasks) == [
        "cloud",
        "datacom",
        "harmonyos",
        "iot",
        "openeuler",
        "opengauss",
        "programming",
    ]
    for set_dir in sorted(p for p in BUNDLED_SETS.iterdir() if (p / "track.yaml").is_file()):
        catalogue = read_paths([set_dir])
        [track] = catalogue.tracks
        [set_spec] = catalogue.sets
        assert all(70 <= m.done_percent <= 80 for m in set_spec.modules), set_spec.id
        for level, tier in enumerate(track.spec.tiers[1:], start=1):
            below = {t.id for t in track.spec.tiers[:level]}
            entry = tier.entry
            assert entry.modules_done == "all", (track.spec.id, tier.id)
            available = sum(w for t, w, _ in tasks[track.spec.id] if t in below)
            assert entry.points is not None and 0 < entry.points <= 0.85 * available, (
                track.spec.id,
                tier.id,
                available,
            )
            trained = set().union(*(c for t, _, c in tasks[track.spec.id] if t in below))
            assert entry.competencies and {c.value for c in entry.competencies} <= trained


async def test_a_task_imported_alone_brings_its_sets_track_file(
    session: AsyncSession, tmp_path: Path
) -> None:
    directory = tracked_set(tmp_path)
    report = await import_catalogue(session, read_paths([directory / "aplusb"]), tmp_path / "d")
    assert report.tracks_written == ["networks"]
    assert [c.slug for c in report.changes] == ["aplusb"]
    assert [t.slug for t in await _tiers(session, "networks")] == [
        "associate",
        "professional",
        "expert",
    ]
