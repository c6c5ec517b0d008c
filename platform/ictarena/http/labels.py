"""Display names of the platform's fixed vocabularies (competencies, statuses, verdicts),
marked for translation. Templates reach them as ``labels`` and translate with
``_(labels.x[key])``; anything not listed shows its key. Task types carry their own labels
(:mod:`ictarena.catalog.tasktypes`; templates use ``task_label(name)``)."""

from __future__ import annotations

from ictarena.i18n import N_

COMPETENCIES = {
    "enterprise_application_analysis": N_("Enterprise application analysis"),
    "product_proficiency": N_("Product proficiency"),
    "protocol_comprehension": N_("Protocol comprehension"),
    "logical_reasoning": N_("Logical reasoning"),
    "network_fault_diagnosis": N_("Network fault diagnosis"),
    "network_architecture_design": N_("Network architecture design"),
    "project_management": N_("Project management"),
}
MODULE_STATUSES = {
    "done": N_("Done"),
    "in_progress": N_("In progress"),
    "open": N_("Open"),
    "locked": N_("Locked"),
}
TASK_STATUSES = {"new": N_("Not tried"), "attempted": N_("Attempted"), "solved": N_("Solved")}
TIER_STATES = {"current": N_("Your tier"), "done": N_("Passed"), "locked": N_("Locked")}
TIERS = {"associate": N_("Associate"), "professional": N_("Professional"), "expert": N_("Expert")}
VERDICTS = {
    "AC": N_("Accepted"),
    "PA": N_("Partially accepted"),
    "WA": N_("Wrong answer"),
    "TLE": N_("Time limit exceeded"),
    "MLE": N_("Memory limit exceeded"),
    "RE": N_("Run-time error"),
    "OLE": N_("Output limit exceeded"),
    "CE": N_("Compilation error"),
    "JE": N_("Judge error"),
}
NODE_KINDS = {
    "router": N_("Router"),
    "switch": N_("Switch"),
    "host": N_("Host"),
    "server": N_("Server"),
}
ROLES = {"student": N_("Student"), "coach": N_("Coach"), "admin": N_("Admin")}
ANSWER_TITLES = {
    "sql": N_("Your SQL"),
    "shell": N_("Your script"),
    "python": N_("Your program"),
    "frr": N_("Your configuration"),
    "nftables": N_("Your rules"),
    "text": N_("Your answer"),
}
WORKER_KINDS = {"judge": N_("Judge"), "platform": N_("Platform"), "embedded": N_("Embedded")}
REJUDGING_STATUSES = {
    "preview": N_("Preview"),
    "applied": N_("Applied"),
    "cancelled": N_("Cancelled"),
}
SYNTAXES = {
    "sql": N_("SQL"),
    "shell": N_("Shell script"),
    "python": N_("Python program"),
    "frr": N_("Router configuration"),
    "nftables": N_("nftables rules"),
    "text": N_("Text"),
}


class Labels:
    """The vocabularies above as attributes, for templates."""

    competencies = COMPETENCIES
    module_statuses = MODULE_STATUSES
    task_statuses = TASK_STATUSES
    tier_states = TIER_STATES
    tiers = TIERS
    verdicts = VERDICTS
    roles = ROLES
    node_kinds = NODE_KINDS
    syntaxes = SYNTAXES
    answer_titles = ANSWER_TITLES
    worker_kinds = WORKER_KINDS
    rejudging_statuses = REJUDGING_STATUSES
