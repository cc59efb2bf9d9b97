"""What was heard (with the ASR text), what each assistant said, and the last turn's latency."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widgets import RichLog

from glassterm.assistant.text import clean_untrusted
from glassterm.clock import format_hhmmss
from glassterm.events import Card, Event, Heard, Output, Reply, Said


class Transcript(RichLog):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "transcript--proactive",
        "transcript--manual",
    }  # each mode's name, styled in glassterm.tcss

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id, markup=False, highlight=False, wrap=True, min_width=20, max_lines=500
        )  # wrap to the panel, not 78 columns
        self.last_latency: float | None = None

    def add_event(self, event: Event) -> None:
        if not isinstance(event, Heard | Said):
            return
        line = Text(f"{format_hhmmss(event.at)} ")
        line.append("wearer: " if isinstance(event, Said) else "heard: ", style="bold")
        # Live ASR text reaches here without the scene loader's cleaning: clean it too.
        line.append(f'"{clean_untrusted(event.text)}"')
        if event.transcript is not None:
            asr = event.transcript
            spoken = (
                f' (spoken: "{clean_untrusted(asr.spoken_text)}")'
                if asr.spoken_text and asr.spoken_text != asr.text
                else ""
            )
            line.append(f"  ASR {asr.audio_seconds:.1f} s audio{spoken}", style="dim")
        self.write(line)

    def add_output(self, output: Output) -> None:
        if not isinstance(output, Card | Reply):
            return
        line = Text(f"{format_hhmmss(output.at)} ")
        line.append(f"{output.mode}: ", style=self.get_component_rich_style(f"transcript--{output.mode}", partial=True))
        if isinstance(output, Card):
            line.append(f"▣ {output.title}: {output.body}")
        else:
            line.append(f"↳ {output.text}")
        if output.phrased_by == "model":
            line.append("  (model)", style="dim")
        self.write(line)

    def set_latency(self, seconds: float | None, *, first_audio: float | None = None) -> None:
        self.last_latency = seconds
        spoken = f"first audio {first_audio:.2f} s, " if first_audio is not None else ""
        self.border_subtitle = "" if seconds is None else f"last turn: {spoken}done {seconds:.2f} s"
