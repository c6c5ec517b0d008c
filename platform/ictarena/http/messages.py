"""User-facing texts for the message keys that services raise."""

from __future__ import annotations

from ictarena import i18n
from ictarena.i18n import N_

MESSAGES: dict[str, str] = {
    "login_failed": N_("Wrong username or password."),
    "login_throttled": N_("Too many failed logins. Try again in %(minutes)s minutes."),
    "username_invalid": N_(
        "Usernames are 3–32 characters: lower-case letters, digits, '.', '_' or '-', "
        "starting with a letter or digit."
    ),
    "username_taken": N_("The username “%(username)s” is already taken. Choose another."),
    "password_too_short": N_("The password must have at least %(min)s characters."),
    "password_too_long": N_("The password must have at most %(max)s characters."),
    "password_mismatch": N_("The two passwords differ."),
    "invite_invalid": N_("That invite code is not valid. Ask your coach for the current code."),
    "cohort_name_invalid": N_("Give the cohort a name of 1–120 characters."),
    "csrf_failed": N_("The form expired or came from another site. Reload the page and try again."),
    "not_your_cohort": N_("This cohort belongs to another coach."),
    "cannot_demote_self": N_("You cannot remove your own admin role."),
    "cannot_disable_self": N_("You cannot disable your own account."),
    "user_not_found": N_("No such user."),
    "role_invalid": N_("Unknown role."),
    "submission_empty": N_("The submission is empty."),
    "submission_too_many_files": N_("A submission has at most %(max)s files."),
    "submission_bad_name": N_("“%(name)s” is not a valid file name."),
    "submission_too_large": N_("The submission is larger than %(max_kb)s KiB."),
    "submission_not_text": N_("“%(name)s” is not UTF-8 text."),
    "task_not_ready": N_("This task has no test data yet."),
    "submission_unknown_file": N_(
        "“%(name)s” is not part of this task's answer. It takes: %(expected)s."
    ),
    "submission_missing_file": N_("Fill in “%(name)s”: the task needs it."),
    "language_not_allowed": N_("“%(language)s” is not a language this task accepts."),
    "submission_rate": N_("You can submit %(limit)s times a minute. Wait a moment."),
    "task_not_found": N_("No such task."),
    "task_locked": N_("This task belongs to a tier you have not reached yet."),
    "rejudge_scope_missing": N_("Name the submissions (ids) or the task to rejudge."),
    "rejudge_scope_empty": N_("No submission matches."),
    "rejudging_closed": N_("This rejudging has already been applied or cancelled."),
    "rejudging_unfinished": N_("Wait until every new judging has finished."),
    "judging_not_failed": N_("Only judgings that ended in a judge error can be retried."),
}


def message(key: str, **params: object) -> str:
    text = i18n.gettext(MESSAGES.get(key, key))
    if "retry_after" in params and "minutes" not in params:
        params["minutes"] = max(1, int(str(params["retry_after"])) // 60)
    try:
        return text % params if "%(" in text else text
    except (KeyError, ValueError):
        return text


ROLE_LABELS = {"student": N_("Student"), "coach": N_("Coach"), "admin": N_("Admin")}
