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
    assert 'height="128.0"' in svg  # 180 - 24 - 28


def test_its_labels_are_not_scaled_down_on_a_phone():
    """No viewBox: the SVG is drawn at the size it is shown, so 13 px labels stay 13 px at 360 px."""
    svg = bar_chart([Point(f"{d} Dec", d) for d in range(1, 31)], title="t", description="d", label_every=7)
    assert "viewBox" not in svg and 'width="100%"' in svg
    sizes = {int(size) for size in __import__("re").findall(r'font-size="(\d+)"', svg)}
    assert sizes and min(sizes) >= 12
    assert svg.count("</text>") == 1 + 5  # the scale, and every seventh day
