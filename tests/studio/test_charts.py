from awaz.studio.charts import Point, bar_chart, nice_ceiling


def test_it_rounds_the_scale_up_to_a_readable_number():
    assert [nice_ceiling(n) for n in (0, 1, 3, 7, 11, 49, 51, 999)] == [1, 1, 5, 10, 20, 50, 100, 1000]


def test_it_draws_one_bar_per_non_zero_point_with_a_title():
    svg = bar_chart([Point("a", 0), Point("b", 4), Point("c", 10)], title="Per day <x>", description="14 in all")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<rect") == 2
    assert "<title>Per day &lt;x&gt;</title>" in svg
    assert 'role="img"' in svg


def test_the_tallest_bar_fills_the_plot():
    svg = bar_chart([Point("a", 10)], title="t", description="d")
    assert 'height="136.0"' in svg  # 180 - 16 - 28
