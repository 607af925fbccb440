"""The "Let's get to M!" goal: the next rung of a ladder that grows with the petition."""

LADDER_START = (100, 200, 500, 1_000, 2_500, 5_000, 7_500)
# From 10,000 up, every decade has the same rungs: 1, 1.5, 2.5, 5 and 7.5 times its start.
DECADE_STEPS = (10, 15, 25, 50, 75)


def next_milestone(count: int) -> int:
    """The smallest milestone strictly above `count`."""
    for rung in LADDER_START:
        if rung > count:
            return rung
    decade = 1_000
    while True:
        for step in DECADE_STEPS:
            rung = step * decade
            if rung > count:
                return rung
        decade *= 10


def goal_for(count: int, fixed_goal: int | None) -> int:
    """A campaigner's fixed goal until it is reached; then the ladder takes over again."""
    if fixed_goal and fixed_goal > count:
        return fixed_goal
    return next_milestone(count)
