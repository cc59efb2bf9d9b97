"""Fan-out: the (scene, variant) units of a sweep in N local worker processes.

Each worker loads each model it needs once and plays unit after unit. A unit that fails, or
whose worker dies (a native crash, the OOM killer), is reported with its scene and variant; a
new worker takes the place of a dead one, and the other units still finish. Results come back
in the serial order, so reports are the same as a serial run's.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from glassterm.assistant.llm import THREADS_VARIABLE
from glassterm.errors import UserError
from glassterm.lab.units import Outcome, Task, Unit, UnitFailure, play_unit

if TYPE_CHECKING:
    from glassterm.lab.sweep import Progress


def _worker(connection: Connection, task: Task, threads: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c is the parent's to handle
    os.environ.setdefault(THREADS_VARIABLE, str(threads))
    while True:
        unit = connection.recv()
        if unit is None:
            return
        try:
            result: object = ("ok", task(unit))
            connection.send(result)
        except UserError as error:
            connection.send(("failed", str(error)))
        except Exception as error:  # noqa: BLE001  one unit's failure is reported with it; the others go on
            connection.send(("failed", f"{type(error).__name__}: {error}"))


def _death(process: BaseProcess) -> str:
    process.join(timeout=5)
    code = process.exitcode
    if code is not None and code < 0:
        return f"its worker died ({signal.Signals(-code).name})"
    return f"its worker died (exit code {code})"


def run_in_processes(
    units: list[Unit], workers: int, task: Task = play_unit, on_done: Progress | None = None
) -> list[Outcome]:
    """Every unit in up to `workers` processes; outcomes in the units' order."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no llama.cpp threads forked mid-flight
    threads = max(1, (os.cpu_count() or 1) // max(1, min(workers, len(units))))  # the cores shared out
    pending = deque(units)
    outcomes: dict[int, Outcome] = {}
    busy: dict[Connection, tuple[BaseProcess, Unit]] = {}

    def finished(unit: Unit, outcome: Outcome) -> None:
        outcomes[unit.index] = outcome
        if on_done is not None:
            on_done.done(unit, outcome)

    def hand_out(connection: Connection, process: BaseProcess) -> None:
        if pending:
            unit = pending.popleft()
            try:
                connection.send(unit)
            except OSError:  # it died between two units: this one is reported, never retried forever
                finished(unit, UnitFailure(unit, _death(process)))
                connection.close()
                if pending:
                    start()
                return
            busy[connection] = (process, unit)
        else:
            connection.send(None)
            process.join(timeout=30)
            connection.close()

    def start() -> None:
        ours, theirs = context.Pipe()
        process = context.Process(target=_worker, args=(theirs, task, threads), daemon=True)
        process.start()
        theirs.close()
        hand_out(ours, process)

    try:
        for _ in range(min(workers, len(units))):
            start()
        while busy:
            sentinels = {process.sentinel: connection for connection, (process, _) in busy.items()}
            for ready in wait([*busy, *sentinels]):
                connection = sentinels[ready] if isinstance(ready, int) else ready
                if not isinstance(connection, Connection) or connection not in busy:
                    continue  # its answer and its exit were both ready: handled once
                process, unit = busy.pop(connection)
                try:
                    kind, payload = connection.recv()
                except (EOFError, OSError):
                    finished(unit, UnitFailure(unit, _death(process)))
                    connection.close()
                    if pending:
                        start()
                    continue
                finished(unit, payload if kind == "ok" else UnitFailure(unit, payload))
                hand_out(connection, process)
    finally:
        for process, _ in busy.values():
            process.kill()
    return [outcomes[unit.index] for unit in units]
