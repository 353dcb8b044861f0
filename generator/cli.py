"""The ``relance`` command line: parse options, call one core function, set the exit code.

Exit codes: 0 when nothing is wrong, 1 when a case or letter has an error (or a build
failed, or could not run), 2 when the command was called wrongly, 130 when a build was
interrupted (Ctrl-C).
"""

from __future__ import annotations

import click

from generator import __version__
from generator.clibuild import build, merge, serve, summary, validate
from generator.clidaily import due, import_, record, statement, verify
from generator.clirates import rates
from generator.clisetup import init, new, rules, schema


# Every option can also come from the environment: RELANCE_<COMMAND>_<OPTION> through Click's
# auto_envvar_prefix (RELANCE_BUILD_JOBS=2), and the two a whole CI job shares, RELANCE_AS_OF and
# RELANCE_OUT, for every command that takes them.
@click.group(context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "RELANCE"})
@click.version_option(__version__, "-V", "--version", prog_name="relance")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Check French dunning letters against the law and render them as a site and PDFs."""
    from generator import console

    ctx.with_resource(console.reports_to_stderr())  # the core logs; this prints, for one command


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL: add `eval "$(relance completion bash)"` to ~/.bashrc
    (zsh: ~/.zshrc; fish: `relance completion fish > ~/.config/fish/completions/relance.fish`).
    """
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    assert completer is not None  # the Choice above only admits shells Click knows
    click.echo(completer(cli, {}, "relance", "_RELANCE_COMPLETE").source())


# The commands by what they serve (the letters built, the day's work, a repository set up); Click
# lists them in alphabetical order whatever the order here.
for command in (
    validate,
    build,
    merge,
    serve,
    summary,
    due,
    record,
    verify,
    statement,
    import_,
    new,
    schema,
    init,
    rules,
    rates,
):
    cli.add_command(command)
