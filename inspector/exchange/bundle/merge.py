"""The merge of opened bundles into this database: every table family's rule (the
`merge_*` modules beside this one) in the merge order, all bundles in ONE transaction,
all of them or none; each bundle judged and recorded by its signer (`trust`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine

from inspector.exchange.bundle.envelope import OpenedBundle
from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.merge_answers import AnswerRules
from inspector.exchange.bundle.merge_findings import FindingRules
from inspector.exchange.bundle.merge_layouts import LayoutRules
from inspector.exchange.bundle.merge_organizations import OrganizationRules
from inspector.exchange.bundle.merge_sessions import SessionRules
from inspector.exchange.bundle.merge_site import SiteRules
from inspector.exchange.bundle.new_rows import check_new_rows
from inspector.exchange.bundle.receipt import Receipt
from inspector.exchange.bundle.signer import log_accepted_expired
from inspector.exchange.bundle.trust import Guard, Source, log_imported
from inspector.i18n import Message, message_of
from inspector.store.locking import IMPORT_LOCK_WAIT, write_connection
from inspector.store.session_counters import ChecklistLookup, refresh_session_counters


class Merger(OrganizationRules, SessionRules, AnswerRules, FindingRules, LayoutRules, SiteRules):
    """One payload after another, table family by table family, in the merge order: what
    a row refers to is merged before the row."""

    touched_sessions: set[int]

    def merge(self, payload: Mapping[str, Any]) -> None:
        data: Mapping[str, list[dict[str, Any]]] = payload.get("tables") or {}
        for name in data:
            if name not in self.tables and name not in self.receipt.ignored_tables:
                self.receipt.ignored_tables.append(name)
        self._organizations(data.get("organization", []))
        self._people(data.get("person", []))
        known = self._sessions(data.get("inspection_session", []))
        self._answers(data.get("answer", []), data.get("answer_change", []))
        self._events(data.get("session_event", []))
        self._session_status(known)
        self._findings(data.get("finding", []), data.get("finding_change", []))
        self._plans(data.get("improvement_plan", []), data.get("improvement_plan_change", []))
        self._measure_entries(data.get("measure_entry", []))
        if "site_layout" in self.tables:
            self._layouts(data.get("site_layout", []))
        if "card" in self.tables:
            self._cards(data.get("card", []))
            self._card_ledgers(data.get("card_event", []), data.get("card_usage", []))
        if "backup_storage" in self.tables:
            self._storages(data.get("backup_storage", []))
            self._transports(data.get("backup_transport", []))
        if "hearing_classification" in self.tables:
            self._classifications(data.get("hearing_classification", []))
        # the sessions whose answers or rows came in: their counters are counted again
        uids = {row.get("uid") for row in data.get("inspection_session", [])}
        uids |= {row.get("session_id") for row in data.get("answer", [])}
        uids |= {row.get("session_id") for row in data.get("answer_change", [])}
        to_id = self.ids.to_id["inspection_session"]
        self.touched_sessions.update(to_id[uid] for uid in uids if uid in to_id)


def merge_bundles(
    engine: Engine,
    opened: Sequence[OpenedBundle],
    actor: str,
    name_of: Callable[[OpenedBundle], str] = lambda bundle: f"bundle {bundle.bundle_id}",
    checklists: ChecklistLookup | None = None,
    *,
    accept_reopen: bool = False,
) -> Receipt:
    """Merge every opened bundle in ONE transaction: all of them or none. A refusal names
    the bundle by `name_of` (its file). `accept_reopen`: a bundle may reopen a completed
    session it is not the visit's inspector of (listed in the receipt)."""
    receipt = Receipt()
    # The write lock before the first read: two imports at once read each other's rows.
    with write_connection(engine, wait=IMPORT_LOCK_WAIT) as conn:
        merger = Merger(conn, actor, receipt)
        merger.touched_sessions = set()
        for bundle in opened:
            source = Source.of(bundle.bundle_id, bundle.signer, bundle.signer_certificate)
            merger.signed = source.label
            guard = Guard(conn, merger.tables, merger.ids, accept_reopen=accept_reopen)
            try:
                guard.before(bundle.payload, bundle.signer)
                # a new visit, its answers and a new finding only in their person's name
                check_new_rows(bundle.payload.get("tables") or {}, bundle.signer, merger.ids)
                merger.merge(bundle.payload)
                guard.check()  # another inspector's visit came out as it went in
            except BundleRefused as exc:
                raise BundleRefused(
                    Message("errors.in_file", file=name_of(bundle), problem=message_of(exc))
                ) from None
            for entry in guard.reopened:
                receipt.reopened.append({**entry, "file": name_of(bundle)})
            log_imported(
                conn, merger.tables, guard.changed_sessions(), source, actor=actor, at=merger.now
            )
            if bundle.expired_on is not None:
                log_accepted_expired(
                    conn,
                    merger.tables,
                    bundle.payload,
                    bundle_id=bundle.bundle_id,
                    signer=bundle.signer,
                    expired_on=bundle.expired_on,
                    actor=actor,
                    at=merger.now,
                )
            receipt.bundles.append(
                {
                    "bundle_id": bundle.bundle_id,
                    "organization": bundle.payload.get("organization"),
                    "signer": bundle.signer,
                    "signer_organization": bundle.signer_organization,
                    "created_at": bundle.created_at.isoformat(),
                    "certificate_expired_on": bundle.expired_on.isoformat()
                    if bundle.expired_on
                    else None,
                }
            )
        refresh_session_counters(conn, merger.touched_sessions, checklists)
    return receipt


__all__ = ["Merger", "merge_bundles"]
