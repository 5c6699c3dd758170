"""Charts drawn on the server as SVG geometry (no script, no style attribute: colours are SVG
presentation attributes, which the Content-Security-Policy allows). A template turns the
geometry into ``<svg>`` with a title, a description and a data table beside it
(``reports/_charts.html``).

Two shapes: horizontal bars (counts by category, one or more series per row) and lines over
months (rates from 0 to 100 %, with gaps where a month had nothing to measure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Series colours (contrast ≥ 4.5:1 on white).
PALETTE = ("#0b5cad", "#17703b", "#8a5300", "#b3261e")

WIDTH = 440
LABEL_WIDTH = 130
VALUE_WIDTH = 50
ROW_HEIGHT = 26
LEGEND_HEIGHT = 26
BAR_GAP = 4

LINE_HEIGHT = 220
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 46, 30, 34, 30
RATE_TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Legend:
    name: str
    colour: str
    x: float


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    text: str
    text_x: float


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float
    bars: list[Bar]
    texts: list[str]


@dataclass(frozen=True)
class BarChart:
    """Rows of bars; ``texts`` of each row are the values shown, in series order."""

    id: str
    series: list[str]
    legend: list[Legend]
    rows: list[Row]
    width: int
    height: int
    axis_x: int


def percent(rate: float | None) -> str:
    """``0.875`` → ``88%``; nothing measured → an em dash."""
    return "—" if rate is None else f"{rate:.0%}"


def legend(series: Sequence[str]) -> list[Legend]:
    return [Legend(name, PALETTE[i % len(PALETTE)], 8 + i * 140) for i, name in enumerate(series)]


def bar_chart(chart_id: str, series: Sequence[str], rows: Sequence[tuple[str, Sequence[float]]]) -> BarChart:
    """Horizontal bars: ``rows`` are ``(label, (value per series, …))``, scaled to the largest."""
    per_row = max(len(series), 1)
    row_height = ROW_HEIGHT * per_row if per_row > 1 else ROW_HEIGHT
    top = LEGEND_HEIGHT if len(series) > 1 else 6
    largest = max((v for _, values in rows for v in values), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    out = []
    for r, (label, values) in enumerate(rows):
        y0 = top + r * (row_height + BAR_GAP * 2)
        bar_height = (row_height - BAR_GAP * (per_row - 1)) / per_row
        bars = []
        for s, value in enumerate(values):
            width = round(span * value / largest, 1)
            y = y0 + s * (bar_height + BAR_GAP)
            text = f"{value:g}"
            bars.append(Bar(LABEL_WIDTH, y, width, bar_height, PALETTE[s % len(PALETTE)], text,
                            LABEL_WIDTH + width + 6))
        out.append(Row(label, y0 + row_height / 2 + 5, bars, [b.text for b in bars]))
    height = top + len(rows) * (row_height + BAR_GAP * 2) + 6
    return BarChart(chart_id, list(series), legend(series) if len(series) > 1 else [], out, WIDTH,
                    max(int(height), 40), LABEL_WIDTH)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Line:
    name: str
    colour: str
    #: ``points`` attributes of the polylines (a month without a value breaks the line).
    segments: list[str]
    points: list[Point]
    texts: list[str]


@dataclass(frozen=True)
class Tick:
    at: float
    text: str


@dataclass(frozen=True)
class LineChart:
    """Rates over months: x ticks are the months, y ticks 0–100 %."""

    id: str
    series: list[str]
    legend: list[Legend]
    labels: list[str]
    #: Whether any month had something to measure.
    measured: bool
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    lines: list[Line]
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int


def rate_chart(chart_id: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> LineChart:
    """One line per series of rates (0 to 1, ``None`` for nothing measured) over ``labels``."""
    right, bottom = WIDTH - PLOT_RIGHT, LINE_HEIGHT - PLOT_BOTTOM
    step = (right - PLOT_LEFT) / max(len(labels) - 1, 1)

    def x_of(i: int) -> float:
        return round(PLOT_LEFT + i * step, 1)

    def y_of(rate: float) -> float:
        return round(bottom - (bottom - PLOT_TOP) * rate, 1)

    lines = []
    for s, (name, values) in enumerate(series):
        segments, current, points = [], [], []
        for i, value in enumerate(values):
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            point = Point(x_of(i), y_of(value), percent(value))
            points.append(point)
            current.append(f"{point.x},{point.y}")
        if current:
            segments.append(current)
        lines.append(Line(name, PALETTE[s % len(PALETTE)], [" ".join(seg) for seg in segments if len(seg) > 1],
                          points, [percent(v) for v in values]))
    return LineChart(
        chart_id, [name for name, _ in series], legend([name for name, _ in series]), list(labels),
        any(line.points for line in lines),
        [Tick(x_of(i), label) for i, label in enumerate(labels)],
        [Tick(y_of(t), percent(t)) for t in RATE_TICKS], lines, WIDTH, LINE_HEIGHT,
        PLOT_LEFT, right, PLOT_TOP, bottom,
    )
