"""Reading Kattis problem packages (legacy and 2025-09) into the platform's normal form.

Handles ``problem.yaml`` (unknown keys are warned about, not refused); statements (Markdown
with its math and sample markers, LaTeX converted, PDF-only statements noted); ``data/sample``
and ``data/secret`` with nested groups and their ``testdata.yaml``/``test_group.yaml`` settings;
``output_validators/`` or ``output_validator/``; ``.timelimit`` and ``domjudge-problem.ini``;
``submissions/`` (with ``submissions.yaml``) as reference solutions; 2025-09 ``constants``.
Symbolic links are followed inside the package and refused when they leave it. Interactive,
multi-pass, submit-answer and other problem types the judge cannot run are refused.

Scoring follows the package's own conventions. Legacy packages (``testdata.yaml`` with
``grader_flags``, ``accept_score``, ``range``) are graded as the legacy Kattis default grader
does: settings are inherited key by key from the enclosing group, and a submission that the
``secret`` group does not accept scores nothing. 2025-09 packages (``test_group.yaml`` with
``max_score``, ``score_aggregation``, ``require_pass``) follow that specification.

The package, by part of the format: :mod:`.metadata` (``problem.yaml``), :mod:`.timelimit`,
:mod:`.validators` (output validators and checker flags), :mod:`.testdata` (``data/``) with
:mod:`.grading` (group settings and scores), :mod:`.statements`, :mod:`.submissions`; they
share a :class:`~.context.Context`, and :mod:`.reader` reads them in turn.
"""

from ictarena.catalog.packages.kattis.context import KattisOptions
from ictarena.catalog.packages.kattis.metadata import PROBLEM_FILE
from ictarena.catalog.packages.kattis.reader import read_kattis

__all__ = ["PROBLEM_FILE", "KattisOptions", "read_kattis"]
