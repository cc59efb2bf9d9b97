"""Scene texts the loader's and the schema's tests share: one good scene, and bad ones with the error each must give."""

from __future__ import annotations

import textwrap

GOOD = textwrap.dedent(
    """\
    version: 1
    scene: Test
    date: 2026-11-24
    start: 07:45
    timeline:
      - at: "07:50"
        location: Home
      - at: "07:55"
        press: talk
        say: what time is it
    expect:
      - id: t
        mode: both
        kind: reply
        between: ["07:55", "07:56"]
        mentions_any: ["7:55"]
    """
)


# name: (text, line, key, words in the message)
BAD = {
    "empty file": ("", None, None, "empty"),
    "not yaml": ("version: 1\nscene: [unclosed\n", 3, None, "not valid YAML"),
    "not a mapping": ("- just\n- a list\n", 1, None, "mapping"),
    "wrong version": (GOOD.replace("version: 1", "version: 2"), 1, "version", "unsupported version"),
    "missing scene": (GOOD.replace("scene: Test\n", ""), 1, "scene", "required key is missing"),
    "missing timeline": (GOOD.split("timeline:")[0], 1, "timeline", "required key is missing"),
    "unknown top key": (GOOD + "colour: red\n", 17, "colour", "unknown key"),
    "unknown timeline key": (GOOD.replace("location: Home", "locaton: Home"), 7, "timeline[0].locaton", "unknown key"),
    "bad time": (GOOD.replace('at: "07:50"', 'at: "25:61"'), 6, "timeline[0].at", "not a time"),
    "time not text": (GOOD.replace('at: "07:50"', "at: [1, 2]"), 6, "timeline[0].at", "must be text"),
    "backwards": (
        GOOD.replace('at: "07:55"', 'at: "07:49"').replace(
            'between: ["07:55", "07:56"]', 'between: ["07:49", "07:56"]'
        ),
        8,
        "timeline[1].at",
        "goes back in time",
    ),
    "window ends before start": (
        GOOD.replace('between: ["07:55", "07:56"]', 'between: ["07:56", "07:55"]'),
        15,
        "expect[0].between",
        "ends",
    ),
    "bad date": (GOOD.replace("date: 2026-11-24", "date: 2026-13-40"), 3, "date", "ISO date"),
    "bad mode": (GOOD.replace("mode: both", "mode: sometimes"), 13, "expect[0].mode", "not one of"),
    "bad button": (GOOD.replace("press: talk", "press: volume"), 9, "timeline[1].press", "unknown button"),
    "empty entry": (GOOD.replace("    location: Home\n", ""), 6, "timeline[0]", "needs at least one"),
    "duplicate id": (
        GOOD + "  - id: t\n    mode: manual\n    kind: quiet\n    between: ['07:50', '07:51']\n",
        17,
        "expect[1].id",
        "used twice",
    ),
    "event after end": (
        GOOD.replace("start: 07:45", "start: 07:45\nend: 07:52"),
        9,
        "timeline[1].at",
        "after the scene ends",
    ),
    "window outside scene": (
        GOOD.replace('between: ["07:55", "07:56"]', 'between: ["10:00", "10:05"]'),
        15,
        "expect[0].between",
        "outside the scene",
    ),
}
