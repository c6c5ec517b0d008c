"""Every language the judge runs, declared once, and how a submission's files become a program.

``compile`` and ``run`` are argv templates: ``{srcs}`` (a whole argument) expands to every source
file, ``{src}`` is the entry file, ``{js}`` the JavaScript tsc made of it, ``{main}`` the Java
class to run (with its package), ``{mem}`` the memory limit in MiB. ``extensions`` are the file
endings Kattis packages use to name a submission's language; ``priority`` breaks ties between
languages as Kattis's language table does.

A submission is one file or several (a Kattis submission folder). :func:`plan` turns its files
into a :class:`Program`: the files to write into the sandbox, the sources to compile and the
entry point, or a message saying why it cannot be built (a compile error).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath


@dataclass(frozen=True)
class Language:
    id: str
    name: str
    source: str  # the file name a single-file submission is written as
    compile: tuple[str, ...] | None
    run: tuple[str, ...]
    extensions: tuple[str, ...]
    time_multiplier: float = 1.0
    extra_memory_mb: int = 0  # runtime overhead outside the student's data (the JVM)
    processes: int = 0  # extra pids needed by the runtime
    priority: int = 0  # Kattis's tie-breaker when a folder holds files of several languages

    def _expand(self, template: tuple[str, ...], program: Program, mem_mb: int) -> list[str]:
        argv: list[str] = []
        for part in template:
            if part == "{srcs}":
                argv.extend(program.sources)
            else:
                js = str(PurePosixPath(program.entry).with_suffix(".js"))
                argv.append(part.format(src=program.entry, main=program.main, mem=mem_mb, js=js))
        return argv

    def compile_argv(self, program: Program, mem_mb: int) -> list[str] | None:
        if self.compile is None:
            return None
        return self._expand(self.compile, program, mem_mb)

    def run_argv(self, program: Program, mem_mb: int) -> list[str]:
        return self._expand(self.run, program, mem_mb)

    def owns(self, filename: str) -> bool:
        """Whether ``filename`` is a source file of this language (by its ending)."""
        suffix = PurePosixPath(filename).suffix
        return suffix in self.extensions or (suffix.lower() in self.extensions and suffix != ".C")


CPP_EXTENSIONS = (".cc", ".cpp", ".cxx", ".c++", ".C")
PY_EXTENSIONS = (".py", ".py3")
RUNTIME_LIB = "/usr/local/lib/ict"  # infra/images/judge-runtime/lib in the runtime image
JS_PRELUDE = f"{RUNTIME_LIB}/spidermonkey.js"
TS_DECLARATIONS = f"{RUNTIME_LIB}/arena.d.ts"

LANGUAGES: dict[str, Language] = {
    lang.id: lang
    for lang in (
        Language(
            "c", "C (gcc, C17)", "main.c",
            ("gcc", "-O2", "-std=gnu17", "-pipe", "-fuse-ld=gold", "-o", "main", "{srcs}", "-lm"),
            ("./main",), (".c",), priority=950,
        ),
        # C++: "cpp" is C++20; the older standards compile what newer ones refuse (a
        # non-const comparator, a function named like one std:: gained). Each standard has its
        # precompiled <bits/stdc++.h> in the image, built with exactly these flags. C and C++
        # link with gold: a third of the time of the default linker.
        Language(
            "cpp", "C++20 (g++)", "main.cpp",
            ("g++", "-O2", "-std=gnu++20", "-pipe", "-fuse-ld=gold", "-o", "main", "{srcs}"),
            ("./main",), CPP_EXTENSIONS, priority=1000,
        ),
        Language(
            "cpp17", "C++17 (g++)", "main.cpp",
            ("g++", "-O2", "-std=gnu++17", "-pipe", "-fuse-ld=gold", "-o", "main", "{srcs}"),
            ("./main",), CPP_EXTENSIONS, priority=1000,
        ),
        Language(
            "cpp14", "C++14 (g++)", "main.cpp",
            ("g++", "-O2", "-std=gnu++14", "-pipe", "-fuse-ld=gold", "-o", "main", "{srcs}"),
            ("./main",), CPP_EXTENSIONS, priority=1000,
        ),
        Language(
            "python3", "Python 3", "main.py",
            ("python3", "-m", "py_compile", "{srcs}"),
            ("python3", "-S", "{src}"), PY_EXTENSIONS, priority=850,
        ),
        # ICPC judges run Python on PyPy 3: a tight loop runs several times faster.
        Language(
            "pypy3", "Python 3 (PyPy)", "main.py",
            ("pypy3", "-m", "py_compile", "{srcs}"),
            ("pypy3", "-S", "{src}"), PY_EXTENSIONS,
            extra_memory_mb=64, processes=16, priority=850,
        ),
        Language(
            "java", "Java 17", "Main.java",
            ("javac", "-encoding", "UTF-8", "-J-Xmx512m", "-J-XX:+UseSerialGC", "-d", ".",
             "{srcs}"),
            # Kattis and DOMjudge give Java a large thread stack: jury solutions recurse deeply.
            ("java", "-Xmx{mem}m", "-Xss64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
             "-Xshare:auto", "-Dfile.encoding=UTF-8", "-cp", ".", "{main}"),
            (".java",), extra_memory_mb=160, processes=64, priority=800,
        ),
        # The prelude gives Node the SpiderMonkey shell's readline() and print().
        Language(
            "javascript", "JavaScript (Node.js)", "main.js", None,
            ("node", "--stack-size=65500", "-r", JS_PRELUDE, "{src}"), (".js",),
            extra_memory_mb=64, processes=16, priority=500,
        ),
        # tsc type-checks (a type error is a compile error) and writes main.js beside main.ts.
        Language(
            "typescript", "TypeScript (tsc, Node.js)", "main.ts",
            ("tsc", "--target", "es2020", "--module", "commonjs", "--lib", "es2020",
             "--noEmitOnError", "--pretty", "false", TS_DECLARATIONS, "{srcs}"),
            ("node", "--stack-size=65500", "-r", JS_PRELUDE, "{js}"), (".ts",),
            extra_memory_mb=64, processes=16, priority=450,
        ),
    )
}  # fmt: skip


# The C++ standards, newest first: a jury solution that a newer standard refuses is retried with
# the older ones, and a problem's C++ solutions are judged in the newest standard all build in.
CPP_STANDARDS = ("cpp", "cpp17", "cpp14")
PYTHONS = ("python3", "pypy3")
"""The languages a task's Python (``.py``) solutions may run as."""


def is_cpp(language_id: str | None) -> bool:
    """Whether ``language_id`` is one of the C++ standards."""
    return language_id in CPP_STANDARDS


def by_extension(filename: str) -> Language | None:
    """The language whose sources end like ``filename`` (``.C`` is C++, ``.c`` is C); of
    languages sharing endings, the first declared (C++20, CPython)."""
    return next((lang for lang in LANGUAGES.values() if lang.owns(filename)), None)


@dataclass(frozen=True)
class Program:
    """A submission laid out for the sandbox."""

    files: dict[str, bytes]  # every file to write, by its name in the sandbox
    sources: list[str]  # the files handed to the compiler
    entry: str  # the file an interpreter runs
    main: str = "main"  # Java: the class with ``main``, with its package
    notes: list[str] = field(default_factory=list)


_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,120}$")
_JAVA_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S)
_JAVA_PACKAGE = re.compile(
    r"^\s*package\s+([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*;", re.M
)
_JAVA_TYPE = re.compile(
    r"\b(?:(public)\s+)?(?:(?:abstract|final|static|strictfp|sealed|non-sealed)\s+)*"
    r"(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)"
)
_JAVA_MAIN = re.compile(
    r"\bstatic\s+(?:(?:public|final|synchronized|strictfp)\s+)*void\s+main\s*\("
)


def _blank_java(source: str) -> str:
    """``source`` with comments, strings and character literals blanked (same length), so that
    braces and keywords inside them do not count."""
    return _JAVA_COMMENTS.sub(lambda m: " " * len(m.group(0)), source)


def _java_classes(source: str) -> tuple[str, str | None, list[str]]:
    """(package prefix, the public top-level class, classes declaring ``main``) of a source."""
    code = _blank_java(source)
    package = _JAVA_PACKAGE.search(code)
    prefix = re.sub(r"\s+", "", package.group(1)) + "." if package else ""
    depth_at: list[int] = []
    depth = 0
    for char in code:
        depth_at.append(depth)
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
    types = [(m.start(), m.group(2), bool(m.group(1))) for m in _JAVA_TYPE.finditer(code)]
    public = next((name for pos, name, is_public in types if is_public and not depth_at[pos]), None)
    mains: list[str] = []
    for found in _JAVA_MAIN.finditer(code):
        level = depth_at[found.start()]
        owners = [name for pos, name, _ in types if pos < found.start() and depth_at[pos] < level]
        if owners:
            mains.append(owners[-1])
    return prefix, public, mains


def java_entry(sources: Mapping[str, str], preferred: str | None = None) -> str | None:
    """The class to run: the one declaring ``main`` (with its package); among several, the one
    named like ``preferred`` or ``Main``, else the first file's."""
    found: list[str] = []
    for name in sorted(sources):
        prefix, _public, mains = _java_classes(sources[name])
        found += [prefix + cls for cls in mains]
    if not found:
        return None
    for wanted in (preferred, "Main"):
        if wanted:
            match = [f for f in found if f == wanted or f.rsplit(".", 1)[-1] == wanted]
            if match:
                return match[0]
    return found[0]


def _entry_file(names: list[str], preferred: str | None) -> str:
    """Kattis's main file: the one asked for, else ``main.*``, else the first by name."""
    if preferred and preferred in names:
        return preferred
    mains = [n for n in names if PurePosixPath(n).stem.lower() == "main"]
    return (mains or sorted(names))[0]


def plan(language: Language, files: Mapping[str, bytes], entry: str | None = None) -> Program | str:
    """Lay ``files`` out for ``language``; a string explains why they cannot be built.

    A single file is the source whatever its name (the language was chosen with it) and is
    written under the language's usual name; several files keep their names, and those ending
    like the language's sources are compiled."""
    if len(files) == 1:
        ((original, data),) = files.items()
        if language.id != "java":
            return Program({language.source: data}, [language.source], language.source)
        text = data.decode("utf-8", "replace")
        _prefix, public, _mains = _java_classes(text)
        stem = PurePosixPath(original.replace("\\", "/")).stem
        name = (
            f"{public}.java" if public else (f"{stem}.java" if stem.isidentifier() else "Main.java")
        )
        main = java_entry({name: text}, entry)
        if main is None:
            return "no class declares 'public static void main(String[] args)'"
        return Program({name: data}, [name], name, main)
    flat: dict[str, bytes] = {}
    for name, data in files.items():
        base = PurePosixPath(name.replace("\\", "/")).name
        if not _NAME.match(base) or base in (".", ".."):
            return f"{name!r} is not a usable file name (letters, digits, '.', '_', '-' only)"
        if base in flat:
            return f"two files are named {base!r}"
        flat[base] = data
    sources = sorted(n for n in flat if language.owns(n))
    if not sources:
        return f"no {language.name} source file among {', '.join(sorted(flat))}"
    entry_file = _entry_file(sources, entry)
    if language.id == "java":
        texts = {n: flat[n].decode("utf-8", "replace") for n in sources}
        main = java_entry(texts, entry)
        if main is None:
            return "no class declares 'public static void main(String[] args)'"
        return Program(flat, sources, entry_file, main)
    return Program(flat, sources, entry_file)
