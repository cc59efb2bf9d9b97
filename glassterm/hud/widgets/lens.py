"""One lens: what a single pair of glasses shows, within its display profile, plus its status line.

Scene and model text is only ever put into `rich.text.Text` objects, never parsed as markup.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from glassterm.clock import format_hhmm
from glassterm.display import DISPLAYS, DisplayProfile, Line, display_profile, layout, paginate
from glassterm.events import Card, Mode, Reply

QUEUE_LIMIT = 3  # MentraOS queues at most 3 insights
STALE_PAGES = 3  # a queued card older than this many page times is dropped, not shown late


@dataclass(frozen=True, slots=True)
class LensItem:
    """Something for the lens to show: a card, a reply, or a notice of the HUD's own."""

    kind: Literal["card", "reply", "notice"]
    title: str
    body: str
    at: float
    urgent: bool = False
    detail: str = ""  # a card's whole source, shown after its first page

    @classmethod
    def from_output(cls, output: Card | Reply) -> LensItem:
        if isinstance(output, Card):
            return cls("card", output.title, output.body, output.at, output.urgent, output.detail)
        return cls("reply", "", output.text, output.at, True)  # the wearer asked: show it now


def layout_lines(item: LensItem, columns: int) -> list[Line]:
    """The item's text wrapped to the display width: (line, is_title) pairs."""
    title = f"{'! ' if item.urgent and item.kind == 'card' else ''}{item.title}".strip()
    body = f"» {item.body}" if item.kind == "reply" else item.body
    return layout(title, body, columns)


def item_pages(item: LensItem, profile: DisplayProfile) -> list[list[Line]]:
    """The item's pages; a card's whole source starts on a page of its own, one `]` away."""
    pages = paginate(layout_lines(item, profile.columns), profile.lines)
    if item.detail and item.detail != item.body:
        pages += paginate(layout("", item.detail, profile.columns), profile.lines)
    return pages


class Lens(Widget):
    """A glasses display: at most `profile.lines` lines of `profile.columns` characters."""

    now: reactive[float] = reactive(0.0)  # virtual seconds, set by the app
    profile: reactive[DisplayProfile] = reactive(display_profile, init=False)
    page_seconds: reactive[float] = reactive(10.0)  # virtual seconds a page stays lit

    @dataclass
    class Expired(Message):
        lens: Lens
        item: LensItem

    @dataclass
    class Dismissed(Message):
        lens: Lens
        item: LensItem

    @dataclass
    class Paged(Message):
        lens: Lens
        page: int
        pages: int

    def __init__(self, mode: Mode, profile: DisplayProfile, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = mode
        self.current: LensItem | None = None
        self.shown_at = 0.0
        self.page_offset = 0
        self.queue: deque[LensItem] = deque(maxlen=QUEUE_LIMIT)
        self.set_reactive(Lens.profile, profile)
        self._apply_profile(profile)

    # Talking down: the app shows, dismisses, pages and clears.
    def show(self, item: LensItem) -> None:
        self._drop_stale()
        if item.at < self._stale_before():
            return  # arrived long after it happened (a seek, or max speed): no longer news
        if self.current is None or item.urgent or item.kind == "reply":
            current = self.current
            if current is not None and current.at >= self._stale_before() and self.now < self.expires_at:
                self.queue.appendleft(current)  # shown again after the interruption
            self._put(item)
        else:
            self.queue.append(item)
            self._update_subtitle()

    def dismiss(self) -> bool:
        item = self.current
        if item is None:
            return False
        self._next()
        self.post_message(self.Dismissed(self, item))
        return True

    def next_page(self) -> None:
        pages = self.pages
        if self.current is None or len(pages) < 2:
            return
        self.page_offset += 1
        self._update_subtitle()
        self.refresh()
        self.post_message(self.Paged(self, self.page_index + 1, len(pages)))

    def clear(self) -> None:
        self.current = None
        self.queue.clear()
        self.page_offset = 0
        self._update_subtitle()
        self.refresh()

    # What is on the display.
    @property
    def pages(self) -> list[list[tuple[str, bool]]]:
        if self.current is None:
            return [[]]
        return item_pages(self.current, self.profile)

    @property
    def page_index(self) -> int:
        pages = len(self.pages)
        auto = int(max(self.now - self.shown_at, 0.0) // self.page_seconds) if self.page_seconds > 0 else 0
        return (min(auto, pages - 1) + self.page_offset) % pages

    @property
    def expires_at(self) -> float:
        return self.shown_at + self.page_seconds * len(self.pages)

    @property
    def visible_text(self) -> str:
        return self.render().plain

    def render(self) -> Text:
        profile = self.profile
        if self.current is None:
            idle = Text(format_hhmm(self.now).center(profile.columns).rstrip(), style="dim")
            return Text("\n").join([idle] + [Text("")] * (profile.lines - 1))
        page = self.pages[self.page_index]
        lines = [Text(line, style="bold" if is_title else "") for line, is_title in page]
        lines += [Text("")] * (profile.lines - len(lines))
        return Text("\n").join(lines)

    # Reactive watchers.
    def watch_now(self, now: float) -> None:
        if self.current is not None and now >= self.expires_at:
            item = self.current
            self._next()
            self.post_message(self.Expired(self, item))
        self._update_subtitle()

    def watch_profile(self, profile: DisplayProfile) -> None:
        self._apply_profile(profile)
        self.refresh(layout=True)

    # Internals.
    def _apply_profile(self, profile: DisplayProfile) -> None:
        self.styles.width = profile.columns + 4  # border and one cell of padding each side
        self.styles.height = profile.lines + 2
        for name in DISPLAYS:
            self.set_class(name == profile.name, f"display-{name}")  # its text colour is in the stylesheet
        self.border_title = f"{profile.label} {profile.lines}×{profile.columns}"

    def _put(self, item: LensItem) -> None:
        self.current = item
        self.shown_at = max(self.now, item.at)
        self.page_offset = 0
        self._update_subtitle()
        self.refresh()

    def _stale_before(self) -> float:
        return self.now - STALE_PAGES * self.page_seconds

    def _drop_stale(self) -> None:
        """Cards that waited too long behind others are no longer news."""
        stale_before = self._stale_before()
        fresh = [item for item in self.queue if item.at >= stale_before]
        if len(fresh) != len(self.queue):
            self.queue = deque(fresh, maxlen=QUEUE_LIMIT)

    def _next(self) -> None:
        self._drop_stale()
        if self.queue:
            self._put(self.queue.popleft())
        else:
            self.clear()

    def _update_subtitle(self) -> None:
        pages = len(self.pages)
        waiting = f" +{len(self.queue)}" if self.queue else ""
        self.border_subtitle = (
            f"{self.page_index + 1}/{pages}{waiting}"
            if self.current and pages > 1
            else (f"+{len(self.queue)}" if self.queue else "")
        )

    def on_click(self) -> None:
        self.next_page()  # a tap on the touchbar pages, as on the G1


class LensStatus(Static):
    """The status line above a lens: mode, mic (with a recording dot), battery, LLM busy."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"lensstatus--recording", "lensstatus--busy"}  # styled in glassterm.tcss

    mic: reactive[str] = reactive("listening")
    recording: reactive[bool] = reactive(False)
    battery_used: reactive[float] = reactive(0.0)  # percent of the battery spent so far
    busy: reactive[bool] = reactive(False)

    def __init__(self, mode: Mode, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = mode

    def render(self) -> Text:
        text = Text()
        text.append(f" {self.mode.upper()} ", style="bold reverse")
        text.append(" ")
        if self.recording:
            text.append("● REC", style=self.get_component_rich_style("lensstatus--recording", partial=True))
        else:
            text.append("○", style="dim")
            text.append(f" {self.mic}", style="dim" if self.mic in ("off", "keyboard") else "")
        text.append(f"  {100.0 - self.battery_used:.2f}%", style="bold")
        text.append("  ")
        if self.busy:
            text.append(" LLM busy ", style=self.get_component_rich_style("lensstatus--busy", partial=True))
        else:
            text.append("LLM idle", style="dim")
        return text
