"""How entry criteria and coaches' decisions read on a page: a label and "have / need" text for
each criterion (:class:`ictarena.progression.criteria.CriterionProgress`, whose keys are
stable), and one sentence for a decision. The student's panel, the locked task page and the
coach's queue all show them the same way."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from ictarena import i18n
from ictarena.http.labels import COMPETENCIES
from ictarena.i18n import N_
from ictarena.progression.criteria import CriterionProgress

CRITERIA = {
    "modules_done": N_("Modules of the current tier done"),
    "points": N_("Practice points"),
    "contest_percentile": N_("Best mock contest (percentile)"),
    "contest_score": N_("Best mock contest (score)"),
    "rating": N_("Rating"),
}
COMPETENCY_CRITERION = N_("Competency: %(competency)s")
DECISIONS = {
    "promote": N_("%(coach)s promoted you to %(tier)s on %(date)s."),
    "hold": N_("%(coach)s kept you at %(tier)s for now on %(date)s."),
    "revoke": N_("%(coach)s moved you back to %(tier)s on %(date)s."),
}


@dataclass(frozen=True)
class CriterionView:
    """A criterion ready to show: ``value``/``maximum`` feed a progress bar, ``text`` says
    the same in words; ``missing`` names what is left (module titles)."""

    key: str
    label: str
    text: str
    value: float
    maximum: float
    met: bool
    missing: tuple[str, ...] = ()


def localised(obj: object, field: str) -> str:
    """``obj.<field>_zh`` on Chinese pages (when set), else ``obj.<field>_en``, as the
    templates' ``l10n`` filter does."""
    if i18n.current_locale.get() == "zh_Hans":
        value = getattr(obj, f"{field}_zh", None)
        if value:
            return str(value)
    return str(getattr(obj, f"{field}_en", ""))


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def label(key: str) -> str:
    if key.startswith("competency:"):
        competency = key.partition(":")[2]
        name = i18n.gettext(COMPETENCIES.get(competency, competency))
        return i18n.gettext(COMPETENCY_CRITERION, competency=name)
    return i18n.gettext(CRITERIA.get(key, key))


def view(progress: CriterionProgress, titles: Mapping[str, str] | None = None) -> CriterionView:
    """``titles`` maps module slugs to the titles shown for the modules still to finish."""
    percent = progress.key.startswith("competency:")
    unit = "%" if percent else ""
    need = f"{_number(progress.need)}{unit}"
    if progress.have is None:
        text = i18n.gettext("not yet — needs %(need)s", need=need)
    else:
        text = f"{_number(progress.have)}{unit} / {need}"
    have = progress.have or 0.0
    return CriterionView(
        key=progress.key,
        label=label(progress.key),
        text=text,
        value=min(have, progress.need) if progress.need > 0 else (1.0 if progress.met else 0.0),
        maximum=progress.need if progress.need > 0 else 1.0,
        met=progress.met,
        missing=tuple((titles or {}).get(slug, slug) for slug in progress.details),
    )


def views(
    progress: Iterable[CriterionProgress], titles: Mapping[str, str] | None = None
) -> list[CriterionView]:
    return [view(p, titles) for p in progress]


@dataclass(frozen=True)
class DecisionView:
    decision: str
    summary: str
    reason: str
    early: bool


def decision(
    kind: str, coach: str, tier: str, when: datetime, reason: str, early: bool
) -> DecisionView:
    """A coach's decision as the student reads it; ``tier`` is the tier it leaves them at."""
    summary = i18n.gettext(
        DECISIONS.get(kind, DECISIONS["hold"]),
        coach=coach,
        tier=tier,
        date=when.strftime("%Y-%m-%d"),
    )
    return DecisionView(kind, summary, reason, early)
