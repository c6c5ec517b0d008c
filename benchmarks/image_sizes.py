"""What the judge's runtime image is made of: the size of each layer (uncompressed), the installed size of each
language's packages and of the precompiled headers, to weigh a language against its cost.

Usage: .venv/bin/python benchmarks/image_sizes.py [--image ictarena/judge-runtime:latest]
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from ictjudge.sandbox import DEFAULT_IMAGE, connect

PACKAGES: dict[str, tuple[str, ...]] = {
    "C, C++": ("gcc-12", "g++-12", "cpp-12", "libgcc-12-dev", "libstdc++-12-dev"),
    "Python 3": ("python3.11", "python3.11-minimal", "libpython3.11-stdlib"),
    "PyPy 3": ("pypy3", "pypy3-lib"),
    "Java 17": ("openjdk-17-jdk-headless", "openjdk-17-jre-headless"),
    "JavaScript (Node.js)": ("nodejs", "libnode108"),
    "TypeScript": ("node-typescript",),
}
GCH = "$(find /usr/include -type d -path '*/bits/stdc++.h.gch')"


def mb(size: float) -> str:
    return f"{size / 1e6:.1f} MB"


def inside(client: Any, image: str, script: str) -> str:
    """What ``script`` prints in a throwaway, offline container of ``image``."""
    output: bytes = client.containers.run(
        image,
        ["-c", script],
        entrypoint="/bin/sh",
        network_disabled=True,
        remove=True,
        stderr=False,
    )
    return output.decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", default=DEFAULT_IMAGE)
    image = parser.parse_args().image
    client = connect()
    print(f"## Layers of {image}\n")
    print("| size | created by |\n|---:|---|")
    for layer in client.images.get(image).history():
        if layer["Size"]:
            step = " ".join(layer["CreatedBy"].replace("/bin/sh -c #(nop) ", "").split())
            print(
                f"| {mb(layer['Size'])} | `{step[:110]}` |"
                if step
                else f"| {mb(layer['Size'])} | the base image |"
            )
    print(f"| {mb(client.images.get(image).attrs['Size'])} | total |")

    names = [name for group in PACKAGES.values() for name in group]
    query = "dpkg-query -W -f '${Package} ${Installed-Size}\\n' " + shlex.join(names)
    installed: dict[str, int] = {}
    for line in inside(client, image, query + " 2>/dev/null; true").splitlines():
        name, _, kib = line.partition(" ")
        installed[name.split(":")[0]] = int(kib or 0) * 1024
    print("\n## Installed size of each language's packages\n")
    print("| language | size | packages |\n|---|---:|---|")
    for language, group in PACKAGES.items():
        found = [f"{n} {mb(installed[n])}" for n in group if n in installed]
        missing = [f"{n} (not installed)" for n in group if n not in installed]
        total = sum(installed.get(n, 0) for n in group)
        print(f"| {language} | {mb(total)} | {', '.join(found + missing)} |")

    print("\n## Precompiled <bits/stdc++.h>\n")
    print("| file | size |\n|---|---:|")
    for line in inside(client, image, f"du -skc {GCH}/*").splitlines():
        kib, _, path = line.partition("\t")
        print(
            f"| `{path}` | {mb(int(kib) * 1024)} |"
            if path != "total"
            else f"| total | {mb(int(kib) * 1024)} |"
        )


if __name__ == "__main__":
    main()
