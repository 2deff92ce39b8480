"""`arsip user`: archivist accounts (uploading, correcting, deleting and re-indexing need a login)."""

from __future__ import annotations

import sys

import click

from archive.config import Settings
from arsip.options import index_option, users_option

password_option = click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)


@click.group()
def user() -> None:
    """Manage archivist accounts."""


def _accounts(index_dir, users):
    from archive.accounts import Accounts

    return Accounts(Settings.resolve(index=index_dir, users=users).users)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise click.ClickException("no terminal to ask for the password on: pipe it in with --password-stdin")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _save_password(name: str, password_stdin: bool, index_dir, users, change: bool) -> None:
    from archive.accounts import AccountError

    accounts = _accounts(index_dir, users)
    try:
        save = accounts.set_password if change else accounts.add
        save(name, _read_password(password_stdin))
    except AccountError as error:
        raise click.ClickException(str(error)) from error


def _password_command(name: str):
    """`arsip user NAME ...` with a password: the same argument and options for add and passwd."""

    def decorate(function):
        for option in (users_option, index_option, password_option, click.argument("name")):
            function = option(function)
        return user.command(name)(function)

    return decorate


@_password_command("add")
def user_add(name, password_stdin, index_dir, users):
    """Create an archivist account NAME (or replace it: its sessions end)."""
    _save_password(name, password_stdin, index_dir, users, change=False)
    click.echo(f"account {name.strip().lower()} saved")


@_password_command("passwd")
def user_passwd(name, password_stdin, index_dir, users):
    """Set a new password for NAME; every open session of the account ends."""
    _save_password(name, password_stdin, index_dir, users, change=True)
    click.echo(f"password of {name.strip().lower()} changed; its sessions are logged out")


@user.command("list")
@index_option
@users_option
def user_list(index_dir, users):
    """List archivist accounts."""
    for name in _accounts(index_dir, users).names():
        click.echo(name)


@user.command("remove")
@click.argument("name")
@index_option
@users_option
def user_remove(name, index_dir, users):
    """Remove the archivist account NAME (its sessions end at once)."""
    if not _accounts(index_dir, users).remove(name):
        raise click.ClickException(f"no account named {name}")
    click.echo(f"account {name} removed")
