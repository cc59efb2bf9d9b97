"""Display profiles: what one glasses display can show (lines, characters a line).

Each profile's `source` names the public page its figures come from. A lens never shows more
than its profile allows; longer text is paged, as on the real glasses. Each display's text
colour is in the stylesheet (`Lens.display-<name>` in glassterm.tcss).
"""

from __future__ import annotations

import os
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
