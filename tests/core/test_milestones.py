import pytest

from awaz.core.milestones import goal_for, next_milestone


@pytest.mark.parametrize(
    ("count", "milestone"),
    [
        (0, 100), (1, 100), (99, 100), (100, 200), (199, 200), (200, 500), (999, 1_000), (1_000, 2_500),
        (2_500, 5_000), (5_000, 7_500), (7_499, 7_500), (7_500, 10_000), (10_000, 15_000), (15_000, 25_000),
        (25_000, 50_000), (50_000, 75_000), (75_000, 100_000), (100_000, 150_000), (150_000, 250_000),
        (250_000, 500_000), (500_000, 750_000), (750_000, 1_000_000), (1_000_000, 1_500_000),
        (2_400_000, 2_500_000), (9_999_999, 10_000_000),
    ],
)
def test_it_climbs_the_ladder(count, milestone):
    assert next_milestone(count) == milestone


def test_it_keeps_a_fixed_goal_until_it_is_reached():
    assert goal_for(10, 7_500) == 7_500
    assert goal_for(7_499, 7_500) == 7_500
    assert goal_for(7_500, 7_500) == 10_000


def test_it_uses_the_ladder_without_a_goal():
    assert goal_for(0, None) == 100
