"""The ICPC CCS Contest API (version 2023-06) over a contest: its objects, built from the
contest's rows by pure functions (:mod:`.objects`), read in one go (:mod:`.snapshot`), and its
event feed (:mod:`.feed`). What a reader may see is decided here, once: the jury sees the live
contest, everyone else what the frozen board and the rules let them see (:mod:`.sight`)."""
