"""Scenes: format v1 files, their loader, the player that turns them into events, and scoring."""

from glassterm.scene.loader import load_scene
from glassterm.scene.model import Expectation, Scene, TimelineEntry

__all__ = ["Expectation", "Scene", "TimelineEntry", "load_scene"]
