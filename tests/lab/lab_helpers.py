"""Tasks for the fan-out tests, importable by the worker processes they run in."""

from __future__ import annotations

import os
import signal

from glassterm.lab.units import Unit, play_unit
from glassterm.playback import SceneResult


def die_on_commute(unit: Unit) -> SceneResult:
    """The real task, except that the worker given the commute dies as the OOM killer would kill it."""
    if unit.scene.path.name == "commute.yaml":
        os.kill(os.getpid(), signal.SIGKILL)
    return play_unit(unit)


def fail_on_commute(unit: Unit) -> SceneResult:
    if unit.scene.path.name == "commute.yaml":
        raise RuntimeError("this unit broke")
    return play_unit(unit)
