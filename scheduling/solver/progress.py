"""Progress events of a solve, passed to the caller's callback on the caller's own thread."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

Progress = Callable[[dict], None]


class Reporter:
    """Calls the progress callback, at most every quarter second, and only ever on the thread that
    called solve() (so the callback may use that thread's database connection): events raised on
    solver threads wait until that thread calls `flush()`."""

    def __init__(self, progress: Progress | None, t0: float):
        self.progress = progress
        self.t0 = t0
        self.last = 0.0
        self.owner = threading.get_ident()
        self.pending: dict | None = None
        self.lock = threading.Lock()

    def __call__(self, event: dict, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.perf_counter()
        event = dict(event)
        event.setdefault("seconds", round(now - self.t0, 2))
        if threading.get_ident() != self.owner:
            with self.lock:
                self.pending = event
            return
        if not force and now - self.last < 0.25:
            return
        self.flush()
        self._send(event)

    def flush(self) -> None:
        if self.progress is None or threading.get_ident() != self.owner:
            return
        with self.lock:
            event, self.pending = self.pending, None
        if event is not None:
            self._send(event)

    def _send(self, event: dict) -> None:
        self.last = time.perf_counter()
        try:
            self.progress(event)
        except Exception:  # a failing progress reporter must not stop the solve
            log.exception("progress callback failed")
