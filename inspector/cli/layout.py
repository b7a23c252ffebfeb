"""`inspector layout show`: a session's server room layout as text, with every rule's
result."""

from __future__ import annotations

import click

from inspector.cli.errors import UserError
from inspector.cli.output import echo_json
from inspector.cli.site import STATE_MARK, _exit_if_not_checked
from inspector.context import AppContext
from inspector.domain.layout import (
    GLYPHS,
    CellKind,
    cell_label,
    evaluate_layout,
    load_site_rules,
    render_grid,
    rule_counts,
)


@click.group()
def layout() -> None:
    """Server room layouts recorded at visits."""


@layout.command("show")
@click.option("--session", "session_id", type=int, required=True, metavar="ID")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def layout_show(ctx: AppContext, session_id: int, as_json: bool) -> None:
    """The session's layout as text, with every rule's result.

    Each rule is [ok] kept, [NG] broken, or [??] not checked: the layout lacks what the
    rule is about (no rack, no door into the server zone, no backup box or no key
    cabinet), so it could not be judged. In --json, each rule has "state" (passed, broken,
    not_checked), "reason" (what is missing, when not checked) and "ok" (true only when
    kept).

    Exit status: 0 when every rule could be judged, kept or broken (broken rules are
    results, not errors); 3 when at least one rule was not checked (the output is still
    complete); 1 on an error (unknown session, no layout recorded).
    """
    ctx.repo.session(session_id)  # NotFound -> error
    saved = ctx.site.layout_for(session_id)
    if saved is None:
        raise UserError(ctx.t("site.layout.none") + f" (#{session_id})")
    room = saved.layout
    results = evaluate_layout(room, load_site_rules().layout)
    t = ctx.t
    if as_json:
        echo_json(
            {
                "session": session_id,
                "layout": room.to_json(),
                "rules": [
                    {
                        "rule": r.rule_id,
                        "state": r.state.value,
                        "ok": r.ok,
                        "reason": r.reason,
                        "message": t(r.message_key, **r.params),
                        "cells": [cell_label(p) for p in r.cells],
                    }
                    for r in results
                ],
                "counts": rule_counts(results),
            }
        )
        _exit_if_not_checked([r.state for r in results])
        return
    highlight = [p for r in results if r.broken for p in r.cells]
    click.echo(
        f"{room.name}  "
        + t(
            "site.layout.size",
            width=room.width,
            height=room.height,
            scale=f"{room.scale_m_per_cell:g}",
        )
    )
    for line in render_grid(room, highlight):
        click.echo(line)
    click.echo("")
    present = {c.kind for c in room.cells.values()}
    legend = [
        f"{GLYPHS[k].strip() or k.value}={t(f'site.kind.{k.value}')}"
        for k in CellKind
        if k in present
    ]
    click.echo(
        f"{t('site.layout.legend')}: " + "  ".join(legend) + "  !=" + t("site.layout.broken")
    )
    click.echo("")
    for r in results:
        line = f"[{STATE_MARK[r.state]}] {t(r.title_key)}: {t(r.message_key, **r.params)}"
        if r.cells and r.broken:
            line += "  (" + ", ".join(cell_label(p) for p in r.cells) + ")"
        click.echo(line)
    click.echo("")
    click.echo(t("site.layout.summary", **rule_counts(results)))
    _exit_if_not_checked([r.state for r in results])


__all__ = ["layout"]
