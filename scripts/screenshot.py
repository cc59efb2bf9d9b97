"""Regenerate docs/hud.svg: the HUD side by side on a shipped scene at a fixed virtual time.

Run with the project's venv: .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from glassterm.clock import parse_hhmm
from glassterm.hud.app import GlassApp
from glassterm.playback import Setup
from glassterm.scene.loader import load_scene
from glassterm.scene.player import scene_events

ROOT = Path(__file__).resolve().parent.parent
SCENE, AT = ROOT / "scenes" / "travel.yaml", "09:28:05"  # "which gate?": the proactive lens knows it changed


async def main() -> None:
    scene = load_scene(SCENE)
    app = GlassApp(Setup.from_options(llm="none"), scene=scene, autoplay=False)
    async with app.run_test(size=(120, 40)) as pilot:
        app.seed([e for e in scene_events(scene) if e.at <= parse_hhmm(AT)], now=parse_hhmm(AT))
        await pilot.pause()
        app.save_screenshot(filename="hud.svg", path=str(ROOT / "docs"))


if __name__ == "__main__":
    asyncio.run(main())
