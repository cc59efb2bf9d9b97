"""The same units on a Ray cluster: `--ray ADDRESS` joins one, `--ray local` starts one here.

Ray is an optional extra (`pip install 'glassterm[ray]'`). Every node needs glassterm and the
models installed; the scenes, prompt texts and policies travel with the units. Ray's usage
statistics stay off: nothing leaves the machine unless the user's cluster is elsewhere.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from glassterm.assistant.llm import THREADS_VARIABLE
from glassterm.errors import RuntimeBroken, UserError
from glassterm.lab.units import Outcome, Unit, UnitFailure, play_unit

if TYPE_CHECKING:
    from glassterm.lab.sweep import Progress


def run_on_ray(
    units: list[Unit], address: str, note: Callable[[str], None], progress: Progress | None = None
) -> list[Outcome]:
    try:
        import ray
    except ImportError:
        raise UserError("--ray needs Ray, which is not installed", fix="pip install 'glassterm[ray]'") from None
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # Ray would otherwise report usage to its makers
    try:
        context = ray.init(
            address=address,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.ERROR,
            ignore_reinit_error=True,
        )
    except (ConnectionError, RuntimeError, ValueError) as error:
        raise RuntimeBroken(f"cannot reach the Ray cluster at {address}: {error}") from None
    note(f"Ray: {len(units)} units on {getattr(context, 'address_info', {}).get('address', address)}")
    # One CPU and one model thread a unit: Ray runs as many at once as the cluster has CPUs.
    task = ray.remote(max_retries=0, num_cpus=1, runtime_env={"env_vars": {THREADS_VARIABLE: "1"}})(play_unit)
    outcomes: list[Outcome] = []
    try:
        pending = [(unit, task.remote(unit)) for unit in units]
        for unit, ref in pending:
            outcome: Outcome
            try:
                outcome = ray.get(ref)
            except ray.exceptions.RayTaskError as error:
                outcome = UnitFailure(unit, _task_error(error))
            except ray.exceptions.RayError as error:  # the worker died, the node was lost
                outcome = UnitFailure(unit, f"its Ray worker died ({type(error).__name__})")
            outcomes.append(outcome)
            if progress is not None:
                progress.done(unit, outcome)
    finally:
        ray.shutdown()  # leaves a cluster we joined running; stops the one `local` started
    return outcomes


def _task_error(error: BaseException) -> str:
    cause = getattr(error, "cause", None)
    if cause is not None:
        return str(cause) if isinstance(cause, UserError) else f"{type(cause).__name__}: {cause}"
    return str(error).splitlines()[0]
