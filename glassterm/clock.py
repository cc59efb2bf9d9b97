"""The one virtual clock. Playback speed, pause and seek change only this clock.

Decisions read `now`. Only pacing converts wall-clock time into virtual time: `wait_until`
for playback, `advance_wall` for the live HUD's frame timer (which a live session follows
with `wait_for`).
"""

from __future__ import annotations

import math
import threading
import time

MAX_SPEED = math.inf
HUD_SPEED = 10.0  # playback speed in the HUD unless --speed says otherwise
DAY = 24 * 3600


def parse_hhmm(text: str) -> int:
    """'HH:MM' or 'HH:MM:SS' to seconds since midnight. Raises ValueError on anything else."""
    parts = text.strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() and 1 <= len(p) <= 2 for p in parts):
        raise ValueError(f"{text!r} is not a time (HH:MM or HH:MM:SS)")
    hours, minutes = int(parts[0]), int(parts[1])
    seconds = int(parts[2]) if len(parts) == 3 else 0
    if hours > 23 or minutes > 59 or seconds > 59:
        raise ValueError(f"{text!r} is not a time of day (00:00 to 23:59:59)")
    return hours * 3600 + minutes * 60 + seconds


def format_hhmmss(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def format_hhmm(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}"


def parse_speed(text: str) -> float:
    """'1', '10', '2.5x' or 'max'."""
    value = text.strip().lower()
    if value == "max":
        return MAX_SPEED
    value = value.removesuffix("x")
    speed = float(value)  # ValueError for the CLI to report
    if not speed > 0 or math.isinf(speed):
        raise ValueError(f"speed must be a positive number or 'max', not {text!r}")
    return speed


class VirtualClock:
    """Virtual seconds since midnight of the scene's date, with speed and pause.

    Thread-safe: the HUD's keys change speed and pause while the player thread waits.
    """

    def __init__(self, start: float = 0.0, speed: float = 1.0) -> None:
        self._now = float(start)
        self._speed = speed
        self._paused = False
        self._lock = threading.Condition()
        self._seek_generation = 0

    @property
    def now(self) -> float:
        return self._now

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def paused(self) -> bool:
        return self._paused

    def set_speed(self, speed: float) -> None:
        with self._lock:
            self._speed = speed
            self._lock.notify_all()

    def pause(self, paused: bool = True) -> None:
        with self._lock:
            self._paused = paused
            self._lock.notify_all()

    def set(self, now: float) -> None:
        """Jump to a virtual time (seek, skip, or an event's time at max speed)."""
        with self._lock:
            self._now = float(now)
            self._seek_generation += 1
            self._lock.notify_all()

    def advance_wall(self, wall_seconds: float) -> None:
        """Let `wall_seconds` of real time pass at the current speed (the only wall-to-virtual step)."""
        with self._lock:
            if not self._paused:
                self._now += wall_seconds * self._speed
                self._lock.notify_all()  # wake whoever follows the clock (`wait_for`)

    def wait_for(self, target: float, *, should_stop: threading.Event | None = None, tick: float = 0.02) -> bool:
        """Wait, without moving the clock, until something else has moved it to `target` (the
        live HUD's frame timer, or a skip). Returns False if stopped first."""
        with self._lock:
            while self._now < target:
                if should_stop is not None and should_stop.is_set():
                    return False
                self._lock.wait(timeout=tick)
        return True

    def wait_until(self, target: float, *, should_stop: threading.Event | None = None, tick: float = 0.02) -> bool:
        """Pace the clock up to `target` virtual seconds. Returns False if stopped or sought past.

        At max speed the clock jumps. Otherwise it advances with real time, honouring pause
        and speed changes made meanwhile from another thread.
        """
        generation = self._seek_generation
        last = time.monotonic()
        while True:
            if should_stop is not None and should_stop.is_set():
                return False
            with self._lock:
                if self._seek_generation != generation:
                    return self._now >= target
                if self._now >= target:
                    return True
                if not self._paused and math.isinf(self._speed):
                    self._now = float(target)
                    return True
                if self._paused:
                    self._lock.wait(timeout=tick)
                    last = time.monotonic()
                    continue
                remaining_wall = (target - self._now) / self._speed
            time.sleep(min(tick, max(remaining_wall, 0.0)))
            now_wall = time.monotonic()
            with self._lock:
                if self._seek_generation != generation:
                    return self._now >= target
                if not self._paused:
                    self._now = min(target, self._now + (now_wall - last) * self._speed)
            last = now_wall
