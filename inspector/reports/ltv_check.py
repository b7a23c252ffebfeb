"""What was appended after a signature: long-term-validation data only, or anything else?

pyHanko's difference analysis calls a DSS added after the signature LTA_UPDATES, but it
also lets harmless-looking metadata through (a changed /Info title is LTA_UPDATES too). A
document the office issued must not change at all, so the revisions after the signed one
are checked object by object: each may only

- add new objects that the document security store (/DSS) reaches (certificates, OCSP
  responses, CRLs, VRI entries, the DSS itself);
- rewrite the document catalog with its /DSS entry as the only difference;
- rewrite the /Info dictionary with /ModDate as the only difference, and the XMP metadata
  stream with its modify/metadata dates as the only difference (pyHanko's writer stamps
  both whenever it writes an update);

and may free nothing. A document timestamp (PAdES B-LTA, an archive's RFC 3161 stamp over
the whole file) may be added as well: a new signature field whose value is a
/DocTimeStamp, invisible (a zero-area widget, no appearance, no action), listed at the end
of the form's /Fields and of its page's /Annots, which change in nothing else. Whether the
stamp itself verifies is `verify`'s business (`doc_timestamps`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader

from inspector.i18n import Message
from inspector.reports.doc_timestamp_changes import (
    extends,
    form_extends,
    form_extends_dict,
    page_extends,
    stamp_lists,
    timestamp_fields,
)

# the XMP dates pyHanko's writer refreshes: xmp:ModifyDate="..." or <xmp:ModifyDate>...</...>
_XMP_DATES = re.compile(rb'(xmp:(?:ModifyDate|MetadataDate))(?:="[^"]*"|>[^<]*<)')


def non_ltv_change(reader: PdfFileReader, signed_revision: int) -> str | None:
    """None when every revision after `signed_revision` adds long-term-validation data
    only; otherwise what else changed (for the verdict's message)."""
    try:
        return _first_change(reader, signed_revision)
    except Exception as exc:  # an unreadable later revision is a change we cannot vouch for
        return Message("more.verify.ltv_unreadable", detail=exc)


def _first_change(reader: PdfFileReader, signed_revision: int) -> str | None:
    signed = reader.get_historical_resolver(signed_revision)
    root_ref = signed.trailer_view.raw_get("/Root")
    info_ref = signed.trailer_view.raw_get("/Info")
    for revision in range(signed_revision + 1, reader.xrefs.total_revisions):
        before = reader.get_historical_resolver(revision - 1)
        after = reader.get_historical_resolver(revision)
        trailer = after.trailer_view
        if trailer.raw_get("/Root") != root_ref or trailer.raw_get("/Info") != info_ref:
            return Message("more.verify.ltv_catalog", revision=revision)
        if reader.xrefs.refs_freed_in_revision(revision):
            return Message("more.verify.ltv_deletes", revision=revision)
        catalog = after(_as_ref(root_ref))
        metadata_ref = _raw(catalog, "/Metadata")
        dss_refs = set(_reachable(after, _raw(catalog, "/DSS")))
        refs = reader.xrefs.explicit_refs_in_revision(revision)
        added = {
            _key(r)
            for r in refs
            if reader.xrefs.get_introducing_revision(r) == revision
            or isinstance(_existing(before, r), generic.NullObject | None)
        }
        stamps = timestamp_fields(after, refs, added)
        if isinstance(stamps, str):
            return f"revision {revision}: {stamps}"
        lists = stamp_lists(after, catalog, stamps)
        for ref in refs:
            key = _key(ref)
            if key in added:
                if key not in dss_refs and key not in stamps.objects:
                    return (
                        f"revision {revision} adds object {ref.idnum}, which is not validation data"
                    )
                continue
            old, new = _existing(before, ref), after(ref)
            if key in lists:
                changed = set() if extends(old, new, stamps.fields) else {"a list"}
            elif _same_ref(ref, root_ref):
                changed = _changed_keys(old, new) - {"/DSS"}
                if "/AcroForm" in changed and form_extends(old, new, stamps.fields):
                    changed.discard("/AcroForm")
            elif _is_page(new) and page_extends(old, new, stamps.fields):
                changed = set()
            elif key == lists.form:
                changed = set() if form_extends_dict(old, new, stamps.fields) else {"the form"}
            elif _same_ref(ref, info_ref):
                changed = _changed_keys(old, new) - {"/ModDate"}
            elif metadata_ref is not None and _same_ref(ref, metadata_ref):
                changed = set() if _same_xmp(old, new) else {"XMP metadata"}
            else:
                return Message("more.verify.ltv_object", revision=revision, number=ref.idnum)
            if changed:
                return Message(
                    "more.verify.ltv_changes", revision=revision, names=", ".join(sorted(changed))
                )
    return None


def _key(ref: generic.Reference) -> tuple[int, int]:
    return (ref.idnum, ref.generation)


def _is_page(obj: object) -> bool:
    return isinstance(obj, generic.DictionaryObject) and obj.get("/Type") == "/Page"


def _as_ref(obj: object) -> generic.Reference:
    if isinstance(obj, generic.IndirectObject):
        return obj.reference
    if isinstance(obj, generic.Reference):
        return obj
    raise ValueError("the trailer's /Root is not an indirect reference")


def _raw(obj: object, key: str) -> object | None:
    if isinstance(obj, generic.DictionaryObject) and key in obj:
        return obj.raw_get(key)
    return None


def _same_ref(ref: generic.Reference, other: object) -> bool:
    if isinstance(other, generic.IndirectObject):
        other = other.reference
    return isinstance(other, generic.Reference) and (ref.idnum, ref.generation) == (
        other.idnum,
        other.generation,
    )


def _existing(resolver: HistoricalResolver, ref: generic.Reference) -> object | None:
    try:
        return resolver(generic.Reference(ref.idnum, ref.generation, resolver.reader))
    except Exception:
        return None


def _changed_keys(old: object, new: object) -> set[str]:
    if not isinstance(old, generic.DictionaryObject) or not isinstance(
        new, generic.DictionaryObject
    ):
        return {"the object's type"}
    keys = set(old) | set(new)
    return {k for k in keys if k not in old or k not in new or old.raw_get(k) != new.raw_get(k)}


def _same_xmp(old: object, new: object) -> bool:
    if not isinstance(old, generic.StreamObject) or not isinstance(new, generic.StreamObject):
        return False
    return _XMP_DATES.sub(rb"\1", old.data) == _XMP_DATES.sub(rb"\1", new.data)


def _reachable(resolver: HistoricalResolver, start: object) -> Iterator[tuple[int, int]]:
    """Every indirect object reachable from `start` (the /DSS entry), as (id, generation)."""
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [start]
    while stack:
        node = stack.pop()
        if isinstance(node, generic.IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            yield key
            stack.append(node.get_object())
        elif isinstance(node, generic.DictionaryObject):
            stack.extend(node.raw_get(k) for k in node)
        elif isinstance(node, generic.ArrayObject):
            stack.extend(node.raw_get(i) for i in range(len(node)))


__all__ = ["non_ltv_change"]
