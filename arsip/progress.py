"""Progress of a long sync: a bar with rate and time left on a terminal, a line every few seconds
in a log (`make run`'s output, a service manager) -- never silence for a minute."""

from __future__ import annotations

import sys
import time

import click

LOG_EVERY_SECONDS = 10.0
MIN_FILES = 50  # a handful of files finishes before a bar is worth drawing


class Progress:
    def __init__(self, quiet: bool = False, stream=None):
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.last_line = 0.0
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.quiet or total < MIN_FILES:
            return
        if self.stream.isatty():
            if self.bar is None:
                self.bar = click.progressbar(
                    length=total, label="Indexing", file=self.stream, show_eta=True, show_percent=True
                )
                self.bar.__enter__()
            self.bar.label = f"Indexing ({self.rate(done):.0f} files/s)"
            self.bar.update(done - self.bar.pos)
        elif time.monotonic() - self.last_line >= LOG_EVERY_SECONDS or done == total:
            self.last_line = time.monotonic()
            click.echo(self.line(done, total), file=self.stream)

    def rate(self, done: int) -> float:
        return done / max(time.monotonic() - self.started, 1e-6)

    def line(self, done: int, total: int) -> str:
        rate = self.rate(done)
        left = (total - done) / rate if rate else 0
        share = 100 * done / total
        return (
            f"indexed {done:,} of {total:,} files ({share:.0f}%), {rate:.0f} files/s, about {left:.0f} s left"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
