"""The battery chart's data and its SVG for HTML reports: battery left, empty times, the scene's clock."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from glassterm.power.chart import MAX_AXIS_S, battery_picture, battery_svg, clock_label

H = 3600.0
SVG = "{http://www.w3.org/2000/svg}"
COMMUTE = {
    "proactive": [(8 * H, 0.0), (8.5 * H, 4.3), (9 * H, 8.5)],
    "manual": [(8 * H, 0.0), (8.5 * H, 3.8), (9 * H, 7.7)],
}


def test_lines_are_battery_left_and_end_where_the_drain_so_far_empties_them() -> None:
    picture = battery_picture(COMMUTE, {"proactive": 11.7, "manual": 13.0}, start=8 * H, end=9.25 * H)
    proactive, manual = picture.lines
    assert proactive.points == ((8 * H, 100.0), (8.5 * H, 95.7), (9 * H, 91.5))
    assert proactive.empty_at == pytest.approx(8 * H + 11.7 * H) and manual.empty_at == pytest.approx(21 * H)
    assert picture.end == manual.empty_at  # the axis goes on past the scene until both marks are on it
    assert not proactive.emptied


def test_a_battery_spent_past_empty_meets_zero_where_it_ran_out() -> None:
    used = {"proactive": [(6.5 * H, 0.0), (14 * H, 70.0), (20 * H, 130.0)]}
    (line,) = battery_picture(used, {"proactive": 10.4}, start=6.5 * H, end=22.5 * H).lines
    assert line.emptied and line.empty_at == pytest.approx(17 * H)  # 70 % at 14:00, 10 % an hour after
    assert line.points == ((6.5 * H, 100.0), (14 * H, 30.0), (17 * H, 0.0), (20 * H, 0.0))


def test_nothing_spent_has_no_empty_time_and_a_long_life_stops_at_a_day() -> None:
    picture = battery_picture(
        {"proactive": [], "manual": [(8 * H, 0.0), (8.5 * H, 0.5)]},
        {"proactive": math.inf, "manual": 100.0},
        start=8 * H,
    )
    assert picture.lines[0].empty_at is None
    assert picture.end == 8 * H + MAX_AXIS_S
    assert "manual lasts over a day" in battery_svg(picture)


def test_the_time_axis_is_in_the_scenes_clock_at_round_steps() -> None:
    picture = battery_picture(COMMUTE, {"proactive": 11.7, "manual": 13.0}, start=7.75 * H, end=9.25 * H)
    assert [label for _, label in picture.ticks()] == ["09:00", "12:00", "15:00", "18:00"]  # to 20:45
    short = battery_picture({"m": [(7.75 * H, 0.0)]}, {}, start=7.75 * H, end=9.25 * H)
    assert [label for _, label in short.ticks()] == ["08:00", "08:30", "09:00"]  # 15 minutes would be 7 ticks
    assert [label for _, label in short.ticks(most=7)] == [
        "07:45",
        "08:00",
        "08:15",
        "08:30",
        "08:45",
        "09:00",
        "09:15",
    ]
    assert clock_label(25.5 * H) == "01:30"  # past midnight


def test_the_svg_is_one_self_contained_element_with_escaped_text() -> None:
    used = {"proactive": COMMUTE["proactive"], "<b>&co</b>": COMMUTE["manual"]}
    svg = battery_svg(battery_picture(used, {"proactive": 11.7, "<b>&co</b>": 13.0}, start=8 * H), title="A & B <day>")
    root = ET.fromstring(svg)  # well-formed XML, one element
    assert root.tag == f"{SVG}svg" and root.findtext(f"{SVG}title") == "A & B <day>"
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "title", "rect", "line", "polyline", "text"}  # no script, image, use or style
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "") and "href" not in svg
    texts = [element.text or "" for element in root.iter(f"{SVG}text")]
    assert "<b>&co</b>" in texts and "proactive empty 19:42" in texts
    assert len(root.findall(f"{SVG}polyline")) == 2
