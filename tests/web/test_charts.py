"""Chart geometry: bars scale to the largest value, rate lines break where a month had nothing
to measure, and every value has its text for the description and the data table."""

from __future__ import annotations

from core.web.charts import LABEL_WIDTH, VALUE_WIDTH, WIDTH, bar_chart, percent, rate_chart


def test_bars_scale_to_the_largest_value():
    chart = bar_chart("c", ["Tickets", "Resolved"], [("李师傅", [4, 2]), ("王师傅", [2, 0])])
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    assert [b.width for b in chart.rows[0].bars] == [span, span / 2]
    assert chart.rows[1].texts == ["2", "0"] and chart.rows[1].bars[1].width == 0
    assert [entry.name for entry in chart.legend] == ["Tickets", "Resolved"]
    assert bar_chart("e", ["x"], []).rows == []


def test_rate_lines_break_on_months_without_a_value():
    chart = rate_chart("r", ["01", "02", "03", "04"], [("on time", [0.5, None, 1.0, 0.75])])
    line = chart.lines[0]
    assert line.texts == ["50%", "—", "100%", "75%"]
    assert len(line.points) == 3 and len(line.segments) == 1  # 01 stands alone, 03–04 joined
    top, bottom = chart.y_ticks[-1].at, chart.y_ticks[0].at
    assert line.points[1].y == top and line.points[0].y == (top + bottom) / 2
    assert chart.measured and not rate_chart("n", ["01"], [("x", [None])]).measured


def test_percent():
    assert percent(None) == "—" and percent(0.875) == "88%" and percent(0) == "0%"
