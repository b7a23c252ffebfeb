"""`keys issue --replace`: the replaced certificate is revoked as superseded, in the same
command (forge7b).

A replaced certificate left valid keeps signing: the old key, or a copy of it on a laptop,
still makes a document `verify` calls valid (a key from before roles even signs the
office's follow-up report: it has no role to refuse). So the replacement records the old
certificate's revocation (reason `superseded`) in the office database and the revocation
list signed by the root, as `keys revoke` does, and files the old certificate and key in
inspectors/revoked/. Documents it signed before stay valid ("revoked later"); one signed
after is refused.

The work is `services.revocation.revoke` with the new certificate's issue as its
replacement: everything that can refuse is checked before a passphrase is asked
(`pending`), and a failure at any step leaves the old state whole (or says what is left
where). This module only plans and prints.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from inspector.cli.text import shown_time, t
from inspector.context import AppContext

if TYPE_CHECKING:
    from inspector.services.revocation import RevocationPlan, Revoked

T = TypeVar("T")


def pending(ctx: AppContext, name: str) -> RevocationPlan | None:
    """The certificate of `name` that `--replace` revokes; None when there is none to revoke
    (no certificate, one of another root, or one revoked already). The office database,
    where it is recorded, is at hand: `keys issue` found the organization in it."""
    from inspector.services.revocation import plan_replacement

    return plan_replacement(ctx, name)


def supersede(
    ctx: AppContext, plan: RevocationPlan, passphrase: bytes, issue: Callable[[], T]
) -> tuple[T, Revoked]:
    """Revoke `plan`'s certificate (superseded) and `issue` the new one in its place: all
    of it, or none of it."""
    from inspector.services.revocation import revoke

    done, issued = revoke(
        ctx,
        plan,
        passphrase,
        reason=t("forge7b.keys.superseded_reason"),
        reason_code="superseded",
        replacement=issue,
    )
    return cast(T, issued), done  # what the replacement made


def lines(done: Revoked) -> list[str]:
    """What `keys issue --replace` says of the certificate it revoked."""
    return [
        t(
            "forge7b.keys.superseded",
            name=done.name,
            serial=done.serial,
            when=shown_time(done.revoked_at),
        ),
        t("cli.revocation.list_written", file=done.list_file, number=done.number, count=done.count),
    ]


__all__ = ["lines", "pending", "supersede"]
