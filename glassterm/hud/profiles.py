"""Display profiles: what one glasses display can show (lines, characters a line, colour).

Figures from /work/shared/DEVICES.md. A lens never shows more than its profile allows;
longer text is paged, as on the real glasses.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from glassterm.errors import UserError


@dataclass(frozen=True, slots=True)
class DisplayProfile:
    name: str
    label: str
    width_px: int
    height_px: int
    lines: int
    columns: int
    colour: str  # text colour on the (transparent, here black) waveguide
    source: str


DISPLAYS: dict[str, DisplayProfile] = {
    profile.name: profile
    for profile in (
        DisplayProfile(
            "even-g1",
            "Even G1",
            640,
            200,
            5,
            40,
            "#4dff6a",
            "Even Realities G1: 5 lines of about 40 characters, monochrome green (EvenDemoApp README)",
        ),
        DisplayProfile(
            "even-g2",
            "Even G2",
            576,
            288,
            8,
            52,
            "#7dffa0",
            "Even Realities G2: 576x288 4-bit green, 8 lines, 400-500 characters a screen (everything-evenhub)",
        ),
        DisplayProfile(
            "vuzix-z100",
            "Vuzix Z100",
            640,
            480,
            7,
            42,
            "#5cff7a",
            "Vuzix Z100: 7 lines of about 42 characters (MentraOS Z100 profile)",
        ),
        DisplayProfile(
            "frame",
            "Brilliant Frame",
            640,
            400,
            6,
            32,
            "#ffffff",
            "Brilliant Labs Frame: 640x400 colour; lines and columns are an estimate",
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
