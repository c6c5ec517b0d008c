"""User-facing texts for the message keys that services raise."""

from __future__ import annotations

from ictarena import i18n
from ictarena.i18n import N_

MESSAGES: dict[str, str] = {
    "login_failed": N_("Wrong username or password."),
    "login_throttled": N_("Too many failed logins. Try again in %(seconds)s s."),
    "invite_throttled": N_("Too many wrong invite codes. Try again in %(seconds)s s."),
    "username_invalid": N_(
        "Usernames are 3–32 characters: lower-case letters, digits, '.', '_' or '-', "
        "starting with a letter or digit."
    ),
    "username_taken": N_("The username “%(username)s” is already taken. Choose another."),
    "password_too_short": N_("The password must have at least %(min)s characters."),
    "password_too_long": N_("The password must have at most %(max)s characters."),
    "password_mismatch": N_("The two passwords differ."),
    "board_name_control": N_(
        "Character %(position)s is a control or formatting character. Use letters, digits, "
        "spaces and punctuation."
    ),
    "board_name_too_long": N_(
        "The board name has %(length)s characters; at most %(max)s are allowed."
    ),
    "password_weak": N_(
        "This password is too easy to guess: it is a common password, a word or name with "
        "small changes, or a keyboard or number pattern. Add a few uncommon words."
    ),
    "password_unchanged": N_("The new password must differ from the current one."),
    "current_password_wrong": N_("The current password is wrong."),
    "one_time_password_expired": N_(
        "This one-time password has expired. Ask an administrator for a new one."
    ),
    "last_admin": N_("This is the last active admin: make another admin first."),
    "cannot_reset_self": N_("Change your own password on the Password page."),
    "member_not_found": N_("This student is not a member of the cohort."),
    "action_unknown": N_("Unknown action."),
    "invite_invalid": N_("That invite code is not valid. Ask your coach for the current code."),
    "cohort_name_invalid": N_("Give the cohort a name of 1–120 characters."),
    "cohort_public_name_invalid": N_("Give the cohort a public name of at most 120 characters."),
    "csrf_failed": N_("The form expired or came from another site. Reload the page and try again."),
    "not_your_cohort": N_("This cohort belongs to another coach."),
    "cannot_demote_self": N_("You cannot remove your own admin role."),
    "cannot_disable_self": N_("You cannot disable your own account."),
    "user_not_found": N_("No such user."),
    "role_invalid": N_("Unknown role."),
    "submission_empty": N_("The submission is empty."),
    "quiz_blank": N_(
        "Answer at least one question before you submit. "
        "A blank quiz is not graded and uses no attempt."
    ),
    "quiz_attempts_used": N_(
        "You have used today's %(limit)s attempts at this quiz. The next attempt opens at "
        "%(opens)s (midnight UTC, when the day's attempts start again). "
        "Your coach can grant you more."
    ),
    "quiz_grant_count": N_("Grant between 1 and %(max)s attempts."),
    "number_invalid": N_("Enter a whole number of attempts and choose a quiz from the list."),
    "quiz_not_found": N_("No such quiz."),
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
    # Running a program on the student's own input
    "run_rate": N_("You can run your program %(limit)s times a minute. Wait a moment."),
    "run_not_code": N_("Only programming tasks run a program on your own input."),
    "run_input_too_large": N_("Your input is larger than %(max_kb)s KiB: shorten it."),
    "run_input_not_text": N_("Type your input as text."),
    "run_source_empty": N_("Write or paste your program first."),
    "run_source_too_large": N_("Your program is larger than %(max_kb)s KiB."),
    "run_unavailable": N_(
        "The judge could not run your program just now (no judge answered). Try again later."
    ),
    "task_not_found": N_("No such task."),
    "task_locked": N_("This task belongs to a tier you have not reached yet."),
    "task_prerequisites_missing": N_(
        "This task opens when you have finished the modules its module builds on."
    ),
    "rejudge_scope_locked": N_(
        "No matching submission (%(n)s found) can be rejudged: their authors may no longer "
        "submit to the task, as it is locked for them."
    ),
    "notification_not_found": N_("No such notification."),
    # The coach's promotion queue
    "cohort_not_found": N_("No such cohort."),
    "editorial_not_your_cohort": N_("You can release an editorial only to your own cohorts."),
    "editorial_form_invalid": N_("Choose a cohort from the list, then release or withdraw."),
    "not_your_student": N_("This student is not in one of your cohorts."),
    "tier_not_found": N_("No such tier."),
    "reason_required": N_("Give a reason: the student reads it."),
    "reason_too_long": N_("Keep the reason under %(max)s characters."),
    "promotion_not_next": N_("A student is promoted one tier at a time, to the next tier."),
    "promotion_criteria_unmet": N_(
        "The student does not meet every entry criterion yet. Promote early with an override "
        "reason, or hold."
    ),
    "entry_tier_kept": N_("The entry tier cannot be withdrawn."),
    "already_promoted": N_("Already decided: the student holds this tier now. Nothing changed."),
    "tier_not_held": N_("The student no longer holds this tier. Nothing changed."),
    "already_waived": N_("The prerequisites of this tier are already waived for the student."),
    "nothing_selected": N_("Tick at least one student to promote."),
    "rejudge_scope_missing": N_("Name the submissions (ids) or the task to rejudge."),
    "rejudge_scope_empty": N_("No submission matches."),
    "rejudging_closed": N_("This rejudging has already been applied or cancelled."),
    "rejudging_unfinished": N_("Wait until every new judging has finished."),
    "judging_not_failed": N_("Only judgings that ended in a judge error can be retried."),
    # Live streams
    "live_no_channels": N_("Name the channels to follow, e.g. ?channels=submission:12,user."),
    "live_too_many_channels": N_("A live stream follows at most %(max)s channels."),
    "live_channel_unknown": N_("“%(channel)s” is not a channel: use submission:<id> or user."),
    "live_channel_not_found": N_("Channel “%(channel)s”: no such submission."),
    "live_user_limit": N_(
        "You have %(limit)s live pages open already. Close one; this page refreshes more slowly."
    ),
    "live_process_limit": N_(
        "The server is following %(limit)s live pages already; this page refreshes more slowly."
    ),
    # Contest intake and a contest task's dataset
    "contest_no_paper": N_(
        "Open your paper of “%(round)s” first: your answers are graded against its questions."
    ),
    "contest_dataset_not_of_task": N_("Choose a dataset version of this task."),
    "contest_dataset_unchanged": N_("The round already judges this task with that dataset."),
    "contest_move_outdated": N_(
        "Submissions to this task were made after this preview (%(n)s), judged on the old "
        "dataset. Cancel it and move the task again, so that every submission is judged on "
        "the new one."
    ),
    # Contests: who may take part, entitlement, teams, sittings, setup
    "coach_only": N_("Only coaches and admins can do this."),
    "contest_not_found": N_("No such contest."),
    "contest_round_not_found": N_("No such round in this contest."),
    "contest_task_not_in_round": N_("This task is not part of the round “%(round)s”."),
    "contest_not_participant": N_("You are not taking part in this contest."),
    "contest_not_jury": N_("Only the contest's jury (its coaches and the admins) can do this."),
    "contest_not_eligible": N_(
        "This contest is for the students of its cohorts and those entered by name."
    ),
    "contest_round_not_started": N_("The round “%(round)s” starts at %(starts)s."),
    "contest_timer_not_started": N_(
        "Start your timer for the round “%(round)s” first: press Start on the contest page."
    ),
    "contest_round_over": N_(
        "Your time in the round “%(round)s” ended at %(ended)s. Nothing more is accepted."
    ),
    "contest_round_not_personal": N_(
        "The round “%(round)s” runs for everyone at fixed times: there is no timer to start."
    ),
    "contest_registration_closed": N_("The contest is over: registration has closed."),
    # Virtual participation and upsolving
    "virtual_students_only": N_("Only students take part virtually."),
    "virtual_took_part": N_(
        "You took part in this contest: your results are in the official standings, and its "
        "tasks are open to upsolving from their pages."
    ),
    "virtual_not_eligible": N_(
        "Virtual participation is for the students who could have taken part in this contest."
    ),
    "virtual_not_for_exams": N_(
        "Mock exams are not replayed: each candidate's paper is drawn for them."
    ),
    "virtual_not_ended": N_(
        "Virtual participation opens once the contest has ended for everyone; it has not yet."
    ),
    "virtual_board_frozen": N_(
        "Virtual participation opens once the jury has revealed the frozen scoreboard."
    ),
    "virtual_already_started": N_("You have already started a virtual participation here."),
    "virtual_no_run": N_(
        "Start a virtual participation on the contest's Virtual participation page first."
    ),
    "virtual_no_exam_tasks": N_("Exam papers cannot be handed in outside the exam."),
    "upsolve_not_allowed": N_("Upsolving is for the students who may read this contest's tasks."),
    "upsolve_not_ended": N_("Upsolving opens once the contest has ended."),
    "upsolve_virtual_running": N_(
        "Your virtual participation is running: submit to its open round, or wait until it "
        "ends to upsolve."
    ),
    "contest_not_a_student": N_("“%(name)s” is not an active student account."),
    "contest_team_name_invalid": N_("Give the team a name of 1–120 characters."),
    "contest_team_name_taken": N_("There is already a team called “%(name)s”."),
    "contest_team_full": N_("A team has at most %(size)s members."),
    "contest_already_in_team": N_("“%(name)s” is already in a team."),
    "contest_no_teams": N_("Everyone takes part alone in this contest."),
    "contest_teams_closed": N_("Teams cannot change once the contest has started."),
    "contest_extra_minutes": N_("Give between 0 and %(max)s extra minutes."),
    "contest_extra_target": N_("Give extra time to one team or one participant."),
    "contest_entry_not_found": N_("No such team or participant in this contest."),
    "contest_excuse_theory_only": N_(
        "Only a theory round can excuse a member: “%(round)s” is shared by the team."
    ),
    "contest_slug_invalid": N_(
        "The short name is 2–64 lower-case letters, digits or '-', starting with a letter or digit."
    ),
    "contest_slug_taken": N_("The short name “%(slug)s” is taken. Choose another."),
    "contest_title_invalid": N_("Give the contest a title of 1–200 characters."),
    "contest_team_size_invalid": N_("A team has 1 to %(max)s members (1: no teams)."),
    "contest_team_size_below_team": N_(
        "A team already has %(size)s members: the team size cannot be smaller."
    ),
    "contest_scale_invalid": N_("The total's maximum must be a positive number."),
    "contest_pass_score_invalid": N_("The pass mark is between 0 and %(scale)s."),
    "contest_track_unknown": N_("Choose a track from the list, or none for a mixed contest."),
    "contest_time_invalid": N_("Enter a date and time."),
    "contest_cohort_unknown": N_("Choose cohorts from the list."),
    "contest_jury_not_coach": N_("The jury is made of coaches and admins."),
    "contest_round_name_invalid": N_("Give the round a name of 1–120 characters."),
    "contest_round_setting_unknown": N_(
        "Choose the round's kind, scoring and window from the lists."
    ),
    "contest_round_mode_icpc": N_("ICPC scoring has no variant: leave it empty."),
    "contest_round_mode_invalid": N_(
        "This variant does not belong to %(scoring)s scoring. Choose one of: %(modes)s."
    ),
    "contest_round_ends_before_start": N_("The round must end after it starts."),
    "contest_round_duration_needed": N_("A personal-timer round needs a duration in minutes."),
    "contest_round_duration_invalid": N_("The duration is a whole number of minutes, at least 1."),
    "contest_round_duration_fixed": N_(
        "A fixed round runs from its start to its end: leave the duration empty."
    ),
    "contest_round_freeze_invalid": N_(
        "The freeze starts inside the round: fewer minutes than the round lasts."
    ),
    "contest_round_weight_invalid": N_("The weight is a percentage between 0 and 100."),
    "contest_weights_over": N_(
        "The rounds' weights add up to more than 100%%: at most %(left)s%% is left for this one."
    ),
    "contest_round_penalty_invalid": N_("The penalty is between 0 and 1000 minutes."),
    "contest_round_blueprint_exam_only": N_("Only an exam round draws papers by a blueprint."),
    "contest_round_started_locked": N_(
        "The round “%(round)s” has started: its kind, scoring and tasks can no longer change."
    ),
    "contest_task_label_invalid": N_("A task's label is 1–8 letters or digits, e.g. A or B2."),
    "contest_task_label_taken": N_("Another task of this round is labelled %(label)s."),
    "contest_task_points_invalid": N_("A task's points are a positive number."),
    "contest_not_ended": N_("The contest has not ended yet: publish its tasks after the end."),
    # The jury's contest pages
    "contest_reveal_not_ended": N_(
        "The frozen board is revealed after the contest has ended, when every time is up."
    ),
    # Ratings
    "ratings_not_rated": N_("This contest is not rated: mark it rated in its settings first."),
    "ratings_not_ended": N_("Ratings are published once the contest has ended."),
    # Clarifications
    "clarification_not_participant": N_("Only participants of this contest can ask the jury."),
    "clarification_empty": N_("Write your question."),
    "clarification_too_long": N_("Keep it to %(limit)s characters."),
    "clarification_control": N_("Plain text only: remove the control characters."),
    "clarification_bad_task": N_(
        "Choose a task of a round that has opened, or a general question."
    ),
    "clarification_bad_choice": N_("Choose one of the offered options."),
    "clarification_not_found": N_("No such question in this contest."),
    "clarification_rate": N_(
        "You can ask %(limit)s questions every ten minutes. Wait a moment, or read the answers."
    ),
    # Mock exams: the bank, the blueprint, the paper
    "exam_task_not_exam": N_("Choose an exam's question bank (a task of type exam)."),
    "exam_blueprint_invalid": N_("The exam's blueprint cannot draw a paper: %(reason)s"),
    "exam_no_bank": N_("This round has no exam question bank."),
    "exam_no_paper": N_("No such participant in this exam."),
    "exam_not_exam_round": N_("This round is not an exam: it has no paper."),
    "exam_not_started": N_("Start the exam first: your paper is drawn when you start."),
    "exam_already_submitted": N_(
        "You have already handed in this exam. Your result is on the result page."
    ),
    # Plagiarism review
    "plagiarism_task_not_found": N_("No such task to review in this contest."),
    "plagiarism_pair_not_found": N_("No such pair in this contest."),
    "plagiarism_entry_not_found": N_("No such entry in this contest."),
    "plagiarism_bad_threshold": N_("The threshold is a percentage from 0 to 100."),
    "plagiarism_bad_state": N_("Choose cleared, flagged or open."),
    "plagiarism_note_too_long": N_("Keep it to %(limit)s characters."),
    "plagiarism_note_control": N_("Plain text only: remove the control characters."),
    "plagiarism_flag_needs_note": N_("Say in the note why the pair is flagged."),
    "plagiarism_reason_required": N_("Say why: the reason is logged."),
    "plagiarism_entry_not_flagged": N_("Only an entry of a flagged pair can be excluded."),
    "plagiarism_already_excluded": N_("This entry is already excluded from the standings."),
    "plagiarism_not_excluded": N_("This entry is not excluded from the standings."),
}


def message(key: str, **params: object) -> str:
    text = i18n.gettext(MESSAGES.get(key, key))
    if "retry_after" in params and "minutes" not in params:
        params["minutes"] = max(1, int(str(params["retry_after"])) // 60)
    try:
        return text % params if "%(" in text else text
    except (KeyError, ValueError):
        return text


# Confirmations shown once after a state-changing form (see ``Ctx.flash``).
FLASHES: dict[str, str] = {
    "criteria_saved": N_("Entry criteria saved; importing the set again keeps them."),
    "criteria_reverted": N_("Entry criteria reverted to the track file's."),
    "cohort_created": N_("Cohort created."),
    "cohort_renamed": N_("Cohort renamed."),
    "cohort_public_name_saved": N_("Public name saved."),
    "cohort_archived": N_("Cohort archived: its invite code no longer works."),
    "cohort_restored": N_("Cohort restored."),
    "invite_rotated": N_("Invite code rotated: the old code no longer works."),
    "member_removed": N_("Student removed from the cohort."),
    "quiz_attempts_granted": N_("Extra quiz attempts granted for today."),
    "editorial_released": N_("Editorial released: the cohort's students can read it now."),
    "editorial_withdrawn": N_(
        "Editorial withdrawn: students read it again once they solve the task."
    ),
    "editorial_unchanged": N_("Nothing changed: the editorial was already in that state."),
    "user_created": N_("User created."),
    "user_updated": N_("User updated."),
    "user_deactivated": N_("User deactivated and logged out."),
    "user_reactivated": N_("User reactivated."),
    "password_changed": N_("Password changed. Your other sessions have ended."),
    "board_name_saved": N_("Board name saved."),
    "registered": N_("Welcome! Your account is ready."),
    "logged_out": N_("You have logged out."),
    "submission_received": N_("Submission received."),
    "rejudging_created": N_("Rejudging created: check the preview."),
    "rejudging_applied": N_("Rejudging applied."),
    "rejudging_cancelled": N_("Rejudging cancelled."),
    "judging_retried": N_("Judging queued again."),
    "package_imported": N_("Package imported."),
    "notifications_read": N_("All notifications marked as read."),
    "student_promoted": N_("Student promoted. They have been notified."),
    "student_promoted_early": N_("Student promoted early. They have been notified."),
    "student_held": N_("Hold recorded. The student sees your reason."),
    "tier_revoked": N_("Tier withdrawn. The student has been notified."),
    "prerequisites_waived": N_("Module prerequisites waived for this student."),
    "students_promoted": N_("The selected students were promoted and notified."),
    "nobody_promoted": N_(
        "Nobody was promoted: the ticked students no longer meet every criterion, or another "
        "coach promoted them first."
    ),
    # The participant's contest pages
    "contest_registered": N_("You are registered. The contest page shows when each round opens."),
    "virtual_started": N_(
        "Your virtual participation has started: the rounds run on your own clock from now."
    ),
    "virtual_received": N_("Submission received in your virtual participation."),
    "upsolve_received": N_("Upsolving submission received: it does not change the standings."),
    "contest_joined": N_("You joined the team."),
    "contest_round_started": N_("Your timer has started. Good luck!"),
    # The jury's contest pages
    "contest_created": N_("Contest created. Add its rounds and tasks."),
    "contest_saved": N_("Contest settings saved."),
    "contest_cloned": N_("Contest cloned with its times shifted."),
    "contest_round_added": N_("Round added. Pick its tasks below."),
    "contest_round_saved": N_("Round saved."),
    "contest_task_set": N_("Task saved in the round."),
    "contest_task_removed": N_("Task removed from the round."),
    "contest_students_entered": N_("Students entered in the contest."),
    "contest_team_created": N_("Team created. Give its members the invite code."),
    "contest_extra_time_given": N_("Extra minutes saved."),
    "contest_excuse_saved": N_("Excuse saved."),
    "board_cell_revealed": N_("One more cell of the frozen board revealed."),
    "board_revealed": N_("The whole board is revealed."),
    "contest_tasks_published": N_("The contest's tasks are now in practice."),
    # Mock exams
    "exam_handed_in": N_("Your exam is handed in. Here is your result."),
    # Clarifications
    "clarification_sent": N_("Your question is with the jury. Its answer will show here."),
    "clarification_answered": N_("Answer sent."),
    "announcement_sent": N_("Announcement sent to everyone."),
    "announcement_unpinned": N_("The announcement is no longer pinned."),
    "ratings_published": N_("Ratings published: every rated contest was replayed."),
    # Plagiarism review
    "plagiarism_reviewed": N_("Review of the pair saved."),
    "entry_excluded": N_("The entry is excluded from the standings."),
    "entry_included": N_("The entry is back in the standings."),
}

ROLE_LABELS = {"student": N_("Student"), "coach": N_("Coach"), "admin": N_("Admin")}
