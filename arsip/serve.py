"""`arsip serve`: the web interface on waitress, after a sync of what changed while it was down."""

from __future__ import annotations

import contextlib
import errno
import threading

import click

from archive.config import Paths
from arsip.options import corpus_option, index_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--sync/--no-sync", default=True, show_default=True, help="Index what changed in the corpus on start."
)
@corpus_option
@index_option
def serve(host, port, threads, sync, corpus, index_dir):
    """Serve the web interface with waitress."""
    import waitress

    from web import create_app

    paths = Paths.resolve(corpus, index_dir)
    app = create_app({"CORPUS": str(paths.corpus), "INDEX": str(paths.index)})
    if sync:  # files stored by an upload a crash interrupted, or dropped in while the server was down
        app.extensions["arsip.worker"].submit()
    # facet arrays and field lengths load while the server starts taking requests
    threading.Thread(target=_warm, args=(app.extensions["arsip.search"],), daemon=True).start()
    _check_port(host, port)
    server = waitress.create_server(app, host=host, port=port, threads=threads, ident="arsip")
    click.echo(f"Arsip serving {paths.corpus} on http://{host}:{server.effective_port}")
    server.run()


def _check_port(host: str, port: int) -> None:
    """A taken port is said in words (waitress would raise mid-start and leave its files open)."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as waitress binds
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise click.ClickException(
                    f"port {port} on {host} is already in use (another Arsip, or another program); "
                    f"choose another with --port {port + 1}"
                ) from None
            raise click.ClickException(
                f"cannot listen on {host}:{port} ({error.strerror or error})"
            ) from None


def _warm(service) -> None:
    with contextlib.suppress(Exception):  # a cold cache only makes the first search slower
        service.warm()
