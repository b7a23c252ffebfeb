"""An option's value that is itself a long option is refused before anything runs.

Click gives an option that takes a value whatever token follows it: `report plans --xlsx
--force` wrote a file named "--force" and lost the user's --force. `refuse_options_as_values`
walks the arguments as click will parse them (the root's options, then each subcommand's)
and refuses, as a usage error (exit 2), a separate value that starts with `--`. A value
joined with `=` (`--xlsx=--force`) is what the user wrote on purpose and is kept, as are `-`
and negative numbers; a path can also be written `./--force`. Shell completion, which parses
what is typed so far (`resilient_parsing`), is left alone."""

from __future__ import annotations

import click

from inspector.cli.text import t


def _takes_value(param: click.Parameter) -> bool:
    """A value follows the option as the next token (not a flag, a count, or an option
    whose value may be left out)."""
    if not isinstance(param, click.Option):
        return False
    if param.is_flag or param.count or getattr(param, "_flag_needs_value", False):
        return False
    return param.nargs >= 1


def _options(command: click.Command, ctx: click.Context) -> dict[str, click.Option]:
    found: dict[str, click.Option] = {}
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            for name in (*param.opts, *param.secondary_opts):
                found[name] = param
    return found


def _check(ctx: click.Context, option: click.Option, typed: str, values: list[str]) -> None:
    for value in values:
        if value.startswith("--"):
            from inspector.cli.usage import TranslatedUsageError

            longs = [name for name in option.opts if name.startswith("--")]
            joined = f"{longs[0]}={value}" if longs else f"{typed}{value}"
            message = t("cli11.option_value.is_option", option=typed, value=value, joined=joined)
            raise TranslatedUsageError(message, ctx=ctx)


def refuse_options_as_values(ctx: click.Context, args: list[str]) -> None:
    """Raise a usage error when, in `args` of the root command of `ctx`, an option that
    takes a value is followed by a token starting with `--` (see the module's note)."""
    if ctx.resilient_parsing:
        return
    command, level = ctx.command, ctx
    options = _options(command, level)
    index = 0
    while index < len(args):
        token = args[index]
        index += 1
        if token == "--":
            return  # the rest are arguments
        if token.startswith("--"):
            name, joined, _ = token.partition("=")
            option = options.get(name)
            if option is None or joined or not _takes_value(option):
                continue
            values = args[index : index + option.nargs]
            _check(level, option, name, values)
            index += len(values)
        elif token.startswith("-") and len(token) > 1:
            index = _short_options(level, options, token, args, index)
        elif isinstance(command, click.Group):
            sub = command.get_command(level, token)
            if sub is None:
                return  # click says there is no such command
            level = click.Context(sub, info_name=token, parent=level)
            command, options = sub, _options(sub, level)
        elif not level.allow_interspersed_args:
            return


def _short_options(
    ctx: click.Context, options: dict[str, click.Option], token: str, args: list[str], index: int
) -> int:
    """`-o FILE`, or a cluster `-xo FILE`: the index after the values taken."""
    for position, letter in enumerate(token[1:], start=1):
        option = options.get(f"-{letter}")
        if option is None:
            return index  # a negative number, or an unknown option click will refuse
        if _takes_value(option):
            if position < len(token) - 1:
                return index  # `-oFILE`: the value is joined to the option
            values = args[index : index + option.nargs]
            _check(ctx, option, f"-{letter}", values)
            return index + len(values)
    return index


__all__ = ["refuse_options_as_values"]
