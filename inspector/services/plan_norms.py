"""The norms of a finding: the texts of its checklist items and the titles proposed from
them, which the documents do not repeat beside the deficiency (`finding_text`)."""

from __future__ import annotations

from collections.abc import Callable

from inspector.context import AppContext
from inspector.domain.findings import Finding, norm_texts

Norms = Callable[[Finding], tuple[str, ...]]


def norm_lookup(context: AppContext, organization_id: int) -> Norms:
    """A finding -> the texts of its checklist items (the norms the notice does not repeat),
    read before any write transaction."""
    checklists = {
        s.id: s.checklist_id for s in context.repo.sessions(organization_id=organization_id)
    }
    catalog = context.catalog

    def norms(finding: Finding) -> tuple[str, ...]:
        checklist_id = checklists.get(finding.session_id) if finding.session_id else None
        if checklist_id is None or checklist_id not in catalog:
            return ()
        checklist = catalog.get(checklist_id)
        return tuple(
            t
            for i in finding.items
            if checklist.has_item(i)
            for t in norm_texts(checklist, checklist.item(i))
        )

    return norms
