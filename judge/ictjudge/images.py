"""Runtime images, built without any registry.

Each recipe is a directory under ``infra/images/<name>/`` with a ``Dockerfile`` that starts
``FROM ${BASE}``. The base, ``ictarena/base:bookworm``, is made from the machine's own APT mirror:
``debootstrap --variant=minbase bookworm`` into a temporary directory, then ``tar | docker import``.
Every image is labelled with a SHA-256 of its recipe (and of the runner source it embeds), so a
build is skipped when an image with that label exists, and redone when the recipe changes.

To add an image (a lab, a database sandbox): create ``infra/images/<name>/Dockerfile`` and add
files it COPYs beside it; ``build_all`` picks it up. Code that lives in the judge package (a lab's
in-container driver) is named in the recipe's ``include`` file, one path under ``ictjudge/`` a
line (``#`` starts a comment); each file or directory lands in the build context under
``ictjudge/<path>`` and counts towards the recipe hash.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ictjudge.errors import ImageMissing

PACKAGE_DIR = Path(__file__).resolve().parent
RUNNER_SOURCE = PACKAGE_DIR / "runner" / "runner.c"
INCLUDE_FILE = "include"
BASE_TAG = "ictarena/base:bookworm"
LABEL = "org.ictarena.recipe"
PREFIX = "ictarena/"

Say = Callable[[str], None]


def recipes_dir() -> Path:
    """``ARENA_IMAGES_DIR``, else ``infra/images`` of the source tree."""
    configured = os.environ.get("ARENA_IMAGES_DIR")
    if configured:
        return Path(configured)
    return PACKAGE_DIR.parents[1] / "infra" / "images"


@dataclass(frozen=True)
class Recipe:
    name: str
    directory: Path

    @property
    def tag(self) -> str:
        return f"{PREFIX}{self.name}:latest"

    def included(self) -> list[str]:
        """The judge-package paths the recipe's ``include`` file names."""
        listing = self.directory / INCLUDE_FILE
        if not listing.is_file():
            return []
        lines = (line.split("#", 1)[0].strip() for line in listing.read_text().splitlines())
        return [line.strip("/") for line in lines if line]

    def files(self) -> dict[str, bytes]:
        """The build context: the recipe's files, the judge-package paths it includes (under
        ``ictjudge/``), plus the runner source."""
        out = {
            str(p.relative_to(self.directory)): p.read_bytes()
            for p in sorted(self.directory.rglob("*"))
            if p.is_file()
        }
        for path in self.included():
            source = PACKAGE_DIR / path
            if not source.exists():
                raise ImageMissing(f"{self.name}: {INCLUDE_FILE} names a missing path {path!r}")
            found = sorted(source.rglob("*")) if source.is_dir() else [source]
            for item in found:
                if item.is_file() and "__pycache__" not in item.parts:
                    out[f"ictjudge/{item.relative_to(PACKAGE_DIR)}"] = item.read_bytes()
        out["runner.c"] = RUNNER_SOURCE.read_bytes()
        return out

    def digest(self, base: str) -> str:
        h = hashlib.sha256(base.encode())
        for name, data in self.files().items():
            h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        return h.hexdigest()[:32]


def recipes(directory: Path | None = None) -> list[Recipe]:
    root = directory or recipes_dir()
    return [
        Recipe(p.name, p)
        for p in sorted(root.iterdir())
        if p.is_dir() and (p / "Dockerfile").is_file()
    ]


def recipe(name: str) -> Recipe:
    for item in recipes():
        if item.name == name:
            return item
    raise ImageMissing(f"no image recipe named {name!r} in {recipes_dir()}")


def apt_mirror() -> str:
    """The Debian mirror this machine's APT uses (deb822 sources or sources.list)."""
    candidates = sorted(Path("/etc/apt/sources.list.d").glob("*.sources"))
    for path in candidates:
        text = path.read_text(errors="replace")
        for block in text.split("\n\n"):
            if re.search(r"^Suites:.*\bbookworm\b", block, re.M) and "security" not in block:
                match = re.search(r"^URIs:\s*(\S+)", block, re.M)
                if match:
                    return match.group(1)
    legacy = Path("/etc/apt/sources.list")
    if legacy.exists():
        for line in legacy.read_text(errors="replace").splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[0] == "deb" and "security" not in parts[1]:
                return next(p for p in parts[1:] if p.startswith(("http", "file")))
    return "http://deb.debian.org/debian"


def _image_label(client: Any, tag: str) -> str | None:
    import docker.errors

    try:
        image = client.images.get(tag)
    except docker.errors.ImageNotFound:
        return None
    labels = image.labels or {}
    return str(labels.get(LABEL, ""))


def ensure_base(client: Any, say: Say) -> str:
    """Make ``ictarena/base:bookworm`` from the APT mirror unless it exists."""
    if _image_label(client, BASE_TAG) is not None:
        return BASE_TAG
    if shutil.which("debootstrap") is None:
        say("Installing debootstrap")
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive", "NEEDRESTART_SUSPEND": "1"}
        lock = ["-o", "DPkg::Lock::Timeout=600"]
        subprocess.run(["apt-get", *lock, "update", "-qq"], check=True, env=quiet)
        subprocess.run(
            ["apt-get", *lock, "install", "-y", "-qq", "debootstrap"],
            check=True,
            env=quiet,
            stdout=subprocess.DEVNULL,
        )
    mirror = apt_mirror()
    say(f"Bootstrapping a minimal Debian bookworm from {mirror} (about a minute)")
    with tempfile.TemporaryDirectory(prefix="arena-rootfs-") as root:
        subprocess.run(
            ["debootstrap", "--variant=minbase", "bookworm", root, mirror],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        say("Importing the root filesystem into Docker")
        tar = subprocess.Popen(["tar", "-C", root, "-c", "."], stdout=subprocess.PIPE)
        subprocess.run(
            ["docker", "import", "--change", f"LABEL {LABEL}=debootstrap", "-", BASE_TAG],
            stdin=tar.stdout,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        tar.wait()
    return BASE_TAG


def _context(files: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    buffer.seek(0)
    return buffer


def build(client: Any, item: Recipe, base: str, say: Say, force: bool = False) -> bool:
    """Build ``item`` on ``base`` unless an image with the same recipe hash exists."""
    digest = item.digest(base)
    if not force and _image_label(client, item.tag) == digest:
        return False
    say(f"Building {item.tag} (recipe {digest[:12]})")
    stream = client.api.build(
        fileobj=_context(item.files()),
        custom_context=True,
        tag=item.tag,
        buildargs={"BASE": base},
        labels={LABEL: digest},
        rm=True,
        forcerm=True,
        decode=True,
    )
    for chunk in stream:
        if "error" in chunk:
            raise ImageMissing(f"building {item.tag} failed: {chunk['error'].strip()}")
        line = str(chunk.get("stream", "")).strip()
        if line.startswith("Step "):
            say(f"  {item.name}: {line}")
    return True


def build_all(
    client: Any, say: Say, names: list[str] | None = None, base: str | None = None
) -> list[str]:
    """Build every recipe (or the named ones); returns the tags that were (re)built."""
    chosen = [r for r in recipes() if names is None or r.name in names]
    base_tag = base or ensure_base(client, say)
    return [r.tag for r in chosen if build(client, r, base_tag, say)]


def check(client: Any, names: list[str] | None = None) -> dict[str, str]:
    """Each image's state: 'ok', 'outdated' or 'missing'."""
    out = {}
    base = BASE_TAG
    for item in recipes():
        if names is not None and item.name not in names:
            continue
        label = _image_label(client, item.tag)
        out[item.tag] = (
            "missing" if label is None else "ok" if label == item.digest(base) else "outdated"
        )
    return out
