"""Options several `arsip` commands share. Their environment variables (ARSIP_CORPUS, ARSIP_INDEX,
ARSIP_USERS) are read by archive.config when an option is not given, like every other setting."""

from __future__ import annotations

import click

corpus_option = click.option(
    "--corpus",
    default=None,
    help="Folder of raw article files (the source of truth). [default: $ARSIP_CORPUS or ./corpus]",
)
index_option = click.option(
    "--index",
    "index_dir",
    default=None,
    help="Folder of the derived index. [default: $ARSIP_INDEX or ./var/index]",
)
users_option = click.option(
    "--users",
    default=None,
    help="Accounts file. [default: $ARSIP_USERS or users.json beside the index folder]",
)
