"""The Jinja2 environment: autoescaped templates from ``web/templates`` with gettext."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    TemplateNotFound,
    select_autoescape,
)

from ictarena import i18n
from ictarena.catalog.tasktypes import registry as task_types
from ictarena.http.labels import Labels

WEB_DIR = Path(__file__).resolve().parents[3] / "web"


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M UTC")


def _localised(obj: Any, field: str) -> str:
    """``obj.<field>_zh`` in Chinese pages (when set), else ``obj.<field>_en``."""
    if i18n.current_locale.get() == "zh_Hans":
        value = getattr(obj, f"{field}_zh", None)
        if value:
            return str(value)
    return str(getattr(obj, f"{field}_en", ""))


# Jinja fills the placeholders itself (``num`` and the named ones), so these only translate.
def _ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.translations(i18n.current_locale.get()).ngettext(singular, plural, n)


def _npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return i18n.translations(i18n.current_locale.get()).npgettext(context, singular, plural, n)


class TaskTypeLoader(BaseLoader):
    """The partials registered task types bring in their own folders."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Any]:
        for folder in task_types.template_dirs():
            try:
                return FileSystemLoader(folder).get_source(environment, template)
            except TemplateNotFound:
                continue
        raise TemplateNotFound(template)


def create_environment(web_dir: Path = WEB_DIR) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(web_dir / "templates"), TaskTypeLoader()]),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, _ngettext, newstyle=True, pgettext=i18n.pgettext, npgettext=_npgettext
    )
    env.filters["when"] = _when
    env.filters["l10n"] = _localised
    env.globals["labels"] = Labels
    env.globals["task_kind"] = task_types.find
    env.globals["task_label"] = task_types.label
    env.globals["locales"] = i18n.supported()
    return env
