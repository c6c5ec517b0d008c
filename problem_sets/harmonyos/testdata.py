"""What the generators of this set share (each runs from its package folder, as
`python3 generator/gen.py`): the data folders, and writing a test whose answer is what the
package's accepted Python solution prints for it."""

import subprocess
import sys
from pathlib import Path


def folders() -> tuple[Path, Path]:
    """data/sample and data/secret, made if missing."""
    sample, secret = Path("data/sample"), Path("data/secret")
    sample.mkdir(parents=True, exist_ok=True)
    secret.mkdir(parents=True, exist_ok=True)
    return sample, secret


def write_test(path: Path, text: str, solution: str) -> None:
    """`path`.in holds `text`; `path`.ans what `solution` prints when it reads it."""
    path.with_suffix(".in").write_text(text)
    answer = subprocess.run(
        [sys.executable, solution], input=text, capture_output=True, text=True, check=True
    )
    path.with_suffix(".ans").write_text(answer.stdout)
