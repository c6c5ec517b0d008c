"""Every language the judge runs, declared once.

``compile`` and ``run`` are argv templates: ``{src}`` is the source file name, ``{main}`` the Java
class (from the file name or the public class in the source), ``{mem}`` the memory limit in MiB.
``extensions`` are the file endings Kattis packages use to name a submission's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    id: str
    name: str
    source: str
    compile: tuple[str, ...] | None
    run: tuple[str, ...]
    extensions: tuple[str, ...]
    time_multiplier: float = 1.0
    extra_memory_mb: int = 0  # runtime overhead outside the student's data (the JVM)
    processes: int = 0  # extra pids needed by the runtime

    def compile_argv(self, main: str, mem_mb: int) -> list[str] | None:
        if self.compile is None:
            return None
        return [
            a.format(src=self.source.format(main=main), main=main, mem=mem_mb) for a in self.compile
        ]

    def run_argv(self, main: str, mem_mb: int) -> list[str]:
        return [
            a.format(src=self.source.format(main=main), main=main, mem=mem_mb) for a in self.run
        ]


LANGUAGES: dict[str, Language] = {
    lang.id: lang
    for lang in (
        Language(
            "c", "C (gcc, C17)", "main.c",
            ("gcc", "-O2", "-std=gnu17", "-pipe", "-o", "main", "{src}", "-lm"),
            ("./main",), (".c",),
        ),
        Language(
            "cpp", "C++17 (g++)", "main.cpp",
            ("g++", "-O2", "-std=gnu++17", "-pipe", "-o", "main", "{src}"),
            ("./main",), (".cc", ".cpp", ".cxx", ".c++", ".C"),
        ),
        Language(
            "python3", "Python 3", "main.py",
            ("python3", "-m", "py_compile", "{src}"),
            ("python3", "-S", "{src}"), (".py", ".py3"), time_multiplier=1.0,
        ),
        Language(
            "java", "Java 17", "{main}.java",
            ("javac", "-encoding", "UTF-8", "-J-Xmx512m", "-J-XX:+UseSerialGC", "{src}"),
            ("java", "-Xmx{mem}m", "-Xss64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
             "-Xshare:auto", "{main}"),
            (".java",), extra_memory_mb=160, processes=64,
        ),
        Language(
            "javascript", "JavaScript (Node.js)", "main.js", None,
            ("node", "--stack-size=65500", "{src}"), (".js",),
            extra_memory_mb=64, processes=16,
        ),
    )
}  # fmt: skip

_JAVA_CLASS = re.compile(r"public\s+(?:final\s+)?class\s+([A-Za-z_$][\w$]*)")


def by_extension(filename: str) -> Language | None:
    suffix = "." + filename.rsplit(".", 1)[-1] if "." in filename else ""
    for lang in LANGUAGES.values():
        if suffix in lang.extensions or suffix.lower() in lang.extensions:
            return lang
    return None


def main_name(language: Language, filename: str, source: str) -> str:
    """The entry name: Java's public class, else the source's stem."""
    if language.id == "java":
        found = _JAVA_CLASS.search(source)
        if found:
            return found.group(1)
        stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return stem if stem.isidentifier() else "Main"
    return "main"
