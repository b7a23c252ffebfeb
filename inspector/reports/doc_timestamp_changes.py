"""What a document timestamp (PAdES B-LTA) may add to a signed document's later revision,
object by object (used by `ltv_check`).

An archive's RFC 3161 stamp over the whole file arrives as a new signature field: a merged
field and widget whose value (/V) is a new /DocTimeStamp dictionary. It is accepted only
when it can change nothing a reader sees or runs: the widget has a zero-area /Rect, no
appearance, no action, nothing but the keys pyHanko and other tools write; the value brings
no object of its own; and the only other changes are the field appended at the end of the
form's /Fields and of its page's /Annots (and the form's /SigFlags).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import HistoricalResolver

Key = tuple[int, int]

# a merged signature field and widget as time-stamping tools write it; /AP (an appearance),
# /A and /AA (actions), /Kids and anything else are refused
_FIELD_KEYS = frozenset(
    {"/FT", "/T", "/TU", "/TM", "/Ff", "/Type", "/Subtype", "/F", "/Rect", "/P", "/V"}
)


@dataclass(frozen=True)
class Stamps:
    """The document timestamp fields a revision adds."""

    fields: frozenset[Key] = frozenset()
    objects: frozenset[Key] = frozenset()  # the fields and their values
    pages: tuple[generic.IndirectObject, ...] = ()


@dataclass(frozen=True)
class StampLists:
    """The indirect objects the stamps may extend: the form (/AcroForm) when it is an
    indirect dictionary, its /Fields and the stamps' pages' /Annots when indirect arrays."""

    form: Key | None = None
    arrays: frozenset[Key] = frozenset()

    def __contains__(self, key: object) -> bool:
        return key in self.arrays


def _key(obj: generic.IndirectObject | generic.Reference) -> Key:
    return (obj.idnum, obj.generation)


def timestamp_fields(
    after: HistoricalResolver, refs: Iterable[generic.Reference], added: set[Key]
) -> Stamps | str:
    """The new document timestamp fields among `refs` (the revision's objects; `added`:
    those it introduces), or why one of them is not acceptable."""
    fields: set[Key] = set()
    objects: set[Key] = set()
    pages: list[generic.IndirectObject] = []
    for ref in refs:
        if _key(ref) not in added:
            continue
        field = after(ref)
        if not isinstance(field, generic.DictionaryObject) or field.get("/FT") != "/Sig":
            continue
        value = field.raw_get("/V") if "/V" in field else None
        if not isinstance(value, generic.IndirectObject):
            continue
        stamp = value.get_object()
        if not isinstance(stamp, generic.DictionaryObject):
            continue
        if stamp.get("/Type") != "/DocTimeStamp":
            continue  # another signature: not validation data, refused as any new object
        extra = sorted(set(field) - _FIELD_KEYS)
        if extra:
            return f"the document timestamp field {ref.idnum} has {', '.join(extra)}"
        if not _zero_area(field.get("/Rect")):
            return f"the document timestamp field {ref.idnum} is visible on the page"
        if _key(value) not in added or _key(value) == _key(ref):
            return f"the document timestamp field {ref.idnum} reuses an earlier object"
        fields.add(_key(ref))
        objects |= {_key(ref), _key(value)}
        page = field.raw_get("/P") if "/P" in field else None
        if isinstance(page, generic.IndirectObject):
            pages.append(page)
    return Stamps(frozenset(fields), frozenset(objects), tuple(pages))


def stamp_lists(after: HistoricalResolver, catalog: object, stamps: Stamps) -> StampLists:
    if not stamps.fields or not isinstance(catalog, generic.DictionaryObject):
        return StampLists()
    arrays: set[Key] = set()
    form_raw = catalog.raw_get("/AcroForm") if "/AcroForm" in catalog else None
    form = form_raw.get_object() if isinstance(form_raw, generic.IndirectObject) else form_raw
    if isinstance(form, generic.DictionaryObject) and "/Fields" in form:
        listed = form.raw_get("/Fields")
        if isinstance(listed, generic.IndirectObject):
            arrays.add(_key(listed))
    for page_ref in stamps.pages:
        page = page_ref.get_object()
        if isinstance(page, generic.DictionaryObject) and "/Annots" in page:
            annots = page.raw_get("/Annots")
            if isinstance(annots, generic.IndirectObject):
                arrays.add(_key(annots))
    form_key = _key(form_raw) if isinstance(form_raw, generic.IndirectObject) else None
    return StampLists(form_key, frozenset(arrays))


def _zero_area(rect: object) -> bool:
    if not isinstance(rect, generic.ArrayObject) or len(rect) != 4:
        return False
    try:
        x1, y1, x2, y2 = (float(v) for v in rect)
    except (TypeError, ValueError):
        return False
    return x1 == x2 or y1 == y2


def _item(array: generic.ArrayObject, index: int) -> object:
    raw = array.raw_get(index)
    return _key(raw) if isinstance(raw, generic.IndirectObject) else ("direct", repr(raw))


def extends(old: object, new: object, fields: frozenset[Key]) -> bool:
    """`new` is the array `old` (absent: empty) with timestamp fields appended, only."""
    if not isinstance(new, generic.ArrayObject):
        return False
    if old is None or isinstance(old, generic.NullObject):
        before: list[object] = []
    elif isinstance(old, generic.ArrayObject):
        before = [_item(old, i) for i in range(len(old))]
    else:
        return False
    after = [_item(new, i) for i in range(len(new))]
    appended = after[len(before) :]
    return after[: len(before)] == before and all(k in fields for k in appended)


def _changed(old: generic.DictionaryObject, new: generic.DictionaryObject) -> set[str]:
    keys = set(old) | set(new)
    return {k for k in keys if k not in old or k not in new or old.raw_get(k) != new.raw_get(k)}


def _list_extends(
    old: generic.DictionaryObject, new: generic.DictionaryObject, name: str, fields: frozenset[Key]
) -> bool:
    """The dictionary's list `name` only had timestamp fields appended (a direct array;
    an indirect one is checked as its own object)."""
    listed = new.raw_get(name) if name in new else None
    if isinstance(listed, generic.IndirectObject):
        return False  # replaced by another array object
    return extends(old.raw_get(name) if name in old else None, listed, fields)


def form_extends_dict(old: object, new: object, fields: frozenset[Key]) -> bool:
    """The form dictionary changed in /Fields (timestamp fields appended) and /SigFlags only."""
    if not isinstance(old, generic.DictionaryObject) or not isinstance(
        new, generic.DictionaryObject
    ):
        return False
    changed = _changed(old, new)
    if changed - {"/Fields", "/SigFlags"}:
        return False
    if "/SigFlags" in changed and not isinstance(new.get("/SigFlags"), int):
        return False
    return "/Fields" not in changed or _list_extends(old, new, "/Fields", fields)


def form_extends(old_catalog: object, new_catalog: object, fields: frozenset[Key]) -> bool:
    """The catalog's direct /AcroForm changed as `form_extends_dict` allows."""
    if not fields:
        return False
    if not isinstance(old_catalog, generic.DictionaryObject) or not isinstance(
        new_catalog, generic.DictionaryObject
    ):
        return False
    old = old_catalog.raw_get("/AcroForm") if "/AcroForm" in old_catalog else None
    new = new_catalog.raw_get("/AcroForm") if "/AcroForm" in new_catalog else None
    if isinstance(new, generic.IndirectObject) or not isinstance(
        old, generic.DictionaryObject | None
    ):
        return False
    return form_extends_dict(old or generic.DictionaryObject(), new, fields)


def page_extends(old: object, new: object, fields: frozenset[Key]) -> bool:
    """The page changed in /Annots only, with timestamp widgets appended."""
    if not fields or not isinstance(old, generic.DictionaryObject):
        return False
    if not isinstance(new, generic.DictionaryObject) or _changed(old, new) != {"/Annots"}:
        return False
    return _list_extends(old, new, "/Annots", fields)


__all__ = [
    "StampLists",
    "Stamps",
    "extends",
    "form_extends",
    "form_extends_dict",
    "page_extends",
    "stamp_lists",
    "timestamp_fields",
]
