"""Display profiles and page layout: what one glasses display can show, and how text fills it.

Each profile's `source` names the public page its figures come from. A lens never shows more
than its profile allows; longer text is paged, as on the real glasses. Layout lives here,
outside the HUD, because the assistants write cards to fit one page and `eval` measures
whether they do. Each display's text colour is in the stylesheet (`Lens.display-<name>` in
glassterm.tcss).
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass

from glassterm.errors import UserError


@dataclass(frozen=True, slots=True)
class DisplayProfile:
    name: str
    label: str
    lines: int
    columns: int
    source: str


DISPLAYS: dict[str, DisplayProfile] = {
    profile.name: profile
    for profile in (
        DisplayProfile(
            "even-g1",
            "Even G1",
            5,
            40,
            "Even Realities G1: 640x200 monochrome green, 5 lines of about 40 characters "
            "(github.com/even-realities/EvenDemoApp, README)",
        ),
        DisplayProfile(
            "even-g2",
            "Even G2",
            8,
            52,
            "Even Realities G2: 576x288 4-bit green, 8 lines, 400-500 characters a screen "
            "(github.com/even-realities/everything-evenhub)",
        ),
        DisplayProfile(
            "vuzix-z100",
            "Vuzix Z100",
            7,
            42,
            "Vuzix Z100: 640x480, 7 lines of about 42 characters "
            "(github.com/Mentra-Community/MentraOS, Z100 display profile)",
        ),
        DisplayProfile(
            "frame",
            "Brilliant Frame",
            6,
            32,
            "Brilliant Labs Frame: 640x400 colour (github.com/brilliantlabsAR/docs, frame/hardware.md); "
            "lines and columns are an estimate",
        ),
    )
}
DEFAULT_DISPLAY = "even-g1"


def display_profile(name: str | None = None) -> DisplayProfile:
    """A profile by name, or the one named by $GLASSTERM_DISPLAY, or the default (Even G1).

    Raises UserError naming the known profiles for an unknown name.
    """
    chosen = name or os.environ.get("GLASSTERM_DISPLAY") or DEFAULT_DISPLAY
    try:
        return DISPLAYS[chosen.strip().lower()]
    except KeyError:
        raise UserError(
            f"unknown display profile {chosen!r}", key="display", fix=f"choose one of {', '.join(DISPLAYS)}"
        ) from None


Line = tuple[str, bool]  # (text, is_title)


def layout(title: str, body: str, columns: int) -> list[Line]:
    """Title then body, wrapped to the display width."""
    lines: list[Line] = [(line, True) for line in textwrap.wrap(title.strip(), columns, break_long_words=True)]
    lines += [(line, False) for line in textwrap.wrap(body, columns, break_long_words=True)]
    return lines or [("", False)]


def paginate(lines: list[Line], per_page: int) -> list[list[Line]]:
    per_page = max(per_page, 1)
    return [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]


def fits_one_page(title: str, body: str, profile: DisplayProfile) -> bool:
    return len(layout(title, body, profile.columns)) <= profile.lines


def first_line(title: str, body: str, profile: DisplayProfile) -> str:
    return layout(title, body, profile.columns)[0][0]


def fit_body(title: str, body: str, profile: DisplayProfile) -> str:
    """`body` cut at a word so title and body fill at most one page (the rest is a page away)."""
    if fits_one_page(title, body, profile):
        return body
    words = body.split()
    while words and not fits_one_page(title, " ".join(words) + "…", profile):
        words.pop()
    return " ".join(words) + "…" if words else ""
