"""Accepting a submission: who may submit (:mod:`.eligibility`), then storing, grading at once
or queueing, and telling the live pages (:mod:`.service`). It sits above ``submissions`` and
``progression`` and is called by the web form and the JSON API alike."""
