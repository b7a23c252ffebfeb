"""Gather a document's content from the repositories, build, sign, write and record it.

The thin layer between the faces (CLI, TUI) and the builders. It takes the repositories
as plain objects (anything with the methods named in the protocols of
`reports/service_types.py`), so this package does not import the store. Every function is
synchronous and safe to call from a worker thread; nothing is written until the signed
bytes exist, and the file appears by rename.

`DocumentService` is three parts, one module each: the lookups (`service_base.py`), the
gathering of each document's content (`gathering.py`) and the building, signing and
recording (`issuing.py`).
"""

from __future__ import annotations

from inspector.domain.documents import DocumentData
from inspector.domain.findings import FindingKind
from inspector.reports.gathering import DocumentGathering
from inspector.reports.issuing import NUMBERING_ROUNDS, DocumentIssuing
from inspector.reports.service_types import DocumentProblem, IssuedFile, PlanRow


class DocumentService(DocumentGathering, DocumentIssuing):
    """Documents for one database, in one language."""


__all__ = [
    "NUMBERING_ROUNDS",
    "DocumentData",
    "DocumentProblem",
    "DocumentService",
    "FindingKind",
    "IssuedFile",
    "PlanRow",
]
