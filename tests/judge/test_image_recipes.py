"""Image recipes without Docker: a recipe's ``include`` file brings judge-package paths into its
build context, and a change to them changes the recipe hash (so the image is rebuilt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictjudge import images
from ictjudge.errors import ImageMissing


def _recipe(tmp_path: Path, include: str) -> images.Recipe:
    directory = tmp_path / "recipe"
    directory.mkdir()
    (directory / "Dockerfile").write_text("ARG BASE\nFROM ${BASE}\n")
    (directory / "include").write_text(include)
    return images.Recipe("probe", directory)


def test_included_paths_join_the_context_and_the_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "ictjudge"
    driver = package / "labs" / "probe" / "driver"
    (driver / "__pycache__").mkdir(parents=True)
    (driver / "__main__.py").write_text("print('one')\n")
    (driver / "__pycache__" / "__main__.cpython-311.pyc").write_bytes(b"\0compiled")
    (package / "labs" / "probe" / "extra.txt").write_text("not included\n")
    monkeypatch.setattr(images, "PACKAGE_DIR", package)
    recipe = _recipe(tmp_path, "# the driver\nlabs/probe/driver/\n\n")
    assert recipe.included() == ["labs/probe/driver"]
    assert sorted(recipe.files()) == [
        "Dockerfile",
        "ictjudge/labs/probe/driver/__main__.py",
        "include",
        "runner.c",
    ]
    before = recipe.digest("base")
    assert recipe.digest("base") == before
    (driver / "__main__.py").write_text("print('two')\n")
    assert recipe.digest("base") != before


def test_a_missing_included_path_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images, "PACKAGE_DIR", tmp_path)
    with pytest.raises(ImageMissing, match="labs/gone"):
        _recipe(tmp_path, "labs/gone\n").files()


def test_the_net_lab_image_carries_the_network_driver() -> None:
    files = images.recipe("net-lab").files()
    driver = {name for name in files if name.startswith("ictjudge/")}
    assert "ictjudge/labs/network/driver/__main__.py" in driver
    assert all(name.startswith("ictjudge/labs/network/driver/") for name in driver)
    assert not any("__pycache__" in name for name in driver)
    assert "net_driver.py" not in files


def test_the_service_lab_image_carries_its_driver_and_the_network_helpers_it_imports() -> None:
    files = images.recipe("service-lab").files()
    driver = {name for name in files if name.startswith("ictjudge/")}
    assert {
        "ictjudge/labs/service/driver/__main__.py",
        "ictjudge/labs/service/driver/boot.py",
        "ictjudge/labs/network/driver/namespaces.py",
    } <= driver
    # the judge's own package modules stay out: ictjudge and ictjudge.labs are namespace
    # packages in the image, so that the driver loads nothing but the two drivers
    assert "ictjudge/__init__.py" not in files and "ictjudge/labs/__init__.py" not in files
    assert not any(name.startswith("ictjudge/labs/service/spec") for name in driver)
