"""Variants: every combination of the prompt sets, models and policies given to `eval`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from glassterm.assistant.policy import Policy, load_policy
from glassterm.assistant.prompts import PromptSet, load_prompts
from glassterm.playback import SceneResult

SHIPPED_PROMPTS = "shipped"
DEFAULT_POLICY = "cascade"


@dataclass(frozen=True, slots=True)
class VariantSpec:
    """One combination, as the user named it."""

    prompts: str | None  # a prompt directory; None: the shipped prompts
    llm: str | None  # an --llm value; None: the default (flag, environment, config, bundled)
    policy: str | None  # FILE.toml or naive; None: the default cascade


@dataclass(frozen=True, slots=True)
class Variant:
    """A combination with its files read: what a (scene, variant) unit runs, here or in a worker.

    Prompt texts and the policy travel with the unit, so a Ray node needs no copy of the files;
    the model is named by its flag value and resolved where it runs.
    """

    spec: VariantSpec
    label: str
    prompts: PromptSet
    policy: Policy


@dataclass(frozen=True, slots=True)
class VariantRun:
    variant: Variant
    llm: str  # the model's name as reports give it ("smollm2", "none (templates)", a server's model)
    results: list[SceneResult]


def _axis(values: list[str], baseline: str | None) -> list[str | None]:
    """The values in the order given, each once; `baseline` leads unless it is among them."""
    axis: list[str | None] = []
    if baseline is not None and baseline not in values:
        axis.append(None)
    for value in values:
        item = None if value == baseline else value
        if item not in axis:
            axis.append(item)
    return axis or [None]


def variant_specs(prompts: list[str], llms: list[str], policies: list[str]) -> list[VariantSpec]:
    """Every combination. The shipped prompts and the default policy lead as the baseline unless
    named (`shipped`, `cascade`), so `--prompts DIR` alone still compares DIR with them; models run
    exactly as given, so `--llm none` alone never loads one."""
    return [
        VariantSpec(p, m, q)
        for p in _axis(prompts, SHIPPED_PROMPTS)
        for m in _axis(llms, None)
        for q in _axis(policies, DEFAULT_POLICY)
    ]


def _label(spec: VariantSpec, varying: tuple[bool, bool, bool]) -> str:
    prompts, llm, policy = varying
    parts = [
        f"prompts {spec.prompts or SHIPPED_PROMPTS}" if prompts else "",
        f"llm {spec.llm or 'default'}" if llm else "",
        f"policy {spec.policy or DEFAULT_POLICY}" if policy else "",
    ]
    return " · ".join(part for part in parts if part) or "shipped"


def load_variants(specs: list[VariantSpec]) -> list[Variant]:
    """Read every prompt directory and policy file before anything runs: a bad one is exit 2 at once."""
    varying = (
        len({s.prompts for s in specs}) > 1,
        len({s.llm for s in specs}) > 1,
        len({s.policy for s in specs}) > 1,
    )
    prompt_sets = {s.prompts: load_prompts(Path(s.prompts) if s.prompts else None) for s in specs}
    policies = {s.policy: load_policy(s.policy) for s in specs}
    return [Variant(s, _label(s, varying), prompt_sets[s.prompts], policies[s.policy]) for s in specs]
