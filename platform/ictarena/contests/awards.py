"""Award lines on a contest's final results (pure), as the ICT Competition's regional rounds
give them: first prizes to the top 10 % of the lines, second prizes to the next 20 %, third
prizes to the next 30 %; the rest take part. Shares are of the number of lines, rounded up
(so a contest of any size has a first prize), and ranks decide: equal lines share a rank and so
an award, even where that puts more lines in a band than its share.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum


class Award(StrEnum):
    FIRST = "first"
    SECOND = "second"
    THIRD = "third"
    NONE = "none"


BANDS = ((Award.FIRST, 0.10), (Award.SECOND, 0.30), (Award.THIRD, 0.60))  # cumulative shares


def awards(ranks: Sequence[int]) -> list[Award]:
    """The award of each line, given the lines' ranks in board order (1, 1, 3, …)."""
    count = len(ranks)
    limits = [(award, math.ceil(share * count)) for award, share in BANDS]
    result = []
    for rank in ranks:
        result.append(next((award for award, last in limits if rank <= last), Award.NONE))
    return result
