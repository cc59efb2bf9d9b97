"""How a mode's cards read at a glance, and how often the model's own sentence was used.

Measured on one reference display (Even G1, 5 lines of 40 characters, the smallest shipped),
whatever display a run used, so figures compare across runs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from glassterm.display import DISPLAYS, DisplayProfile, first_line, fits_one_page, layout, paginate
from glassterm.events import Card, Mode, Reply
from glassterm.playback import SceneResult
from glassterm.scene.mentions import mentions_any

REFERENCE_DISPLAY = DISPLAYS["even-g1"]


@dataclass(frozen=True, slots=True)
class Glance:
    cards: int
    fit_one_page: int  # cards whose title and body fit one page of the reference display
    changed_right: int  # right cards (matching an expectation) that carry a changed fact
    change_on_first_line: int  # ... whose first line shows that fact
    median_words: float | None
    asked: int  # cards and replies the model was asked to phrase
    used: int  # ... where its sentence was shown
    longest_reply_pages: int = 0  # pages of the reference display the longest reply takes
    refusals: Counter[str] = field(default_factory=Counter)  # why it was not, by reason
    right: int = 0  # cards that matched an expectation
    fact_on_first_line: int = 0  # ... whose first line holds what the scene's author said must be there

    def line(self, mode: str) -> str:
        why = ", ".join(f"{reason} {count}" for reason, count in self.refusals.most_common())
        model = f"model's sentence used {self.used}/{self.asked}" + (f" (refused: {why})" if why else "")
        replies = f"longest reply {self.longest_reply_pages} page(s)"
        if not self.cards:
            return f"{mode}: no cards; {replies}; {model}"
        first = f"{self.change_on_first_line}/{self.changed_right}" if self.changed_right else "–"
        key_fact = f"{self.fact_on_first_line}/{self.right}" if self.right else "–"
        return (
            f"{mode}: {self.cards} cards, {self.fit_one_page / self.cards:.0%} fit one page of "
            f"{REFERENCE_DISPLAY.label}, change on line 1 in {first} right cards that change a plan, "
            f"expected fact on line 1 in {key_fact} right cards, "
            f"median {self.median_words:g} words; {replies}; {model}"
        )


def glance(results: list[SceneResult], mode: Mode, display: DisplayProfile = REFERENCE_DISPLAY) -> Glance:
    runs = [r.modes[mode] for r in results if mode in r.modes]
    cards = [card for run in runs for card in run.run.cards]
    replies = [reply for run in runs for reply in run.run.replies]
    # A right card is one shown when its mode's score matched an expectation.
    changed = [
        card
        for run in runs
        for card in run.run.cards
        if card.news and any(match.at == card.at for match in run.score.matched)
    ]
    # Whether a card names its change is the assistant's own claim; what the wearer had to learn
    # from it is the author's (the expectation it met): that is the honest "fact on line 1".
    right_facts = [
        (card, expectation.mentions_any)
        for result in results
        if mode in result.modes
        for card in result.modes[mode].run.cards
        for match in result.modes[mode].score.matched
        if match.at == card.at
        for expectation in result.scene.expectations
        if expectation.id == match.expectation and expectation.kind == "card"
    ]
    outputs: list[Card | Reply] = [*cards, *replies]
    asked = [o for o in outputs if o.phrased_by == "model" or o.refused]
    return Glance(
        cards=len(cards),
        fit_one_page=sum(fits_one_page(c.title, c.body, display) for c in cards),
        changed_right=len(changed),
        change_on_first_line=sum(c.news.lower() in first_line(c.title, c.body, display).lower() for c in changed),
        right=len(right_facts),
        fact_on_first_line=sum(
            mentions_any(first_line(card.title, card.body, display), wanted) for card, wanted in right_facts
        ),
        median_words=median(len(f"{c.title} {c.body}".split()) for c in cards) if cards else None,
        asked=len(asked),
        used=sum(o.phrased_by == "model" for o in outputs),
        longest_reply_pages=max(
            (len(paginate(layout("", f"» {r.text}", display.columns), display.lines)) for r in replies), default=0
        ),
        refusals=Counter(o.refused for o in outputs if o.refused),
    )
