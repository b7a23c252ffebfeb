# ruff: noqa: F811 - the fixtures of test_bundle are imported by name
"""A bundle whose small content unpacks to a huge one (a gzip bomb) is refused without
unpacking it whole (hunt 4, suspected): the unpacked size is declared in the signed header
and capped absolutely; export refuses what import would."""

from __future__ import annotations

import gzip
import json
import struct
import tracemalloc
import zlib
from typing import Any

import pytest

from inspector.exchange.bundle import envelope
from inspector.exchange.bundle.envelope import BundleRefused, open_bundle, seal, seal_packed
from tests.exchange.test_bundle import keys  # noqa: F401 - the fixture

MB = 1 << 20


def _zeros_packed(size: int) -> bytes:
    """`size` bytes of spaces, gzip'ed a megabyte at a time (never held whole)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b" " * MB
    parts = [packer.compress(chunk) for _ in range(size // MB)]
    return b"".join([*parts, packer.flush()])


def _open(keys: tuple, data: bytes) -> Any:
    office = keys[0]
    return open_bundle(data, office.cert, office.encryption_cert, office.encryption_key)


def _sealed(keys: tuple, packed: bytes, declared: Any) -> bytes:
    office, inspector = keys[0], keys[1]
    return seal_packed(
        packed,
        declared,
        inspector.key,
        inspector.certificate,
        office.encryption_cert,
        bundle_id="bomb",
    )


def _header(data: bytes) -> dict[str, Any]:
    start = len(envelope.MAGIC)
    (length,) = struct.unpack(">I", data[start : start + 4])
    header = json.loads(data[start + 4 : start + 4 + length])
    assert isinstance(header, dict)
    return header


def test_a_bundle_declares_its_unpacked_size_in_the_signed_header(keys: tuple) -> None:
    office, inspector = keys[0], keys[1]
    payload = {"format": 2, "tables": {}}
    data = seal(payload, inspector.key, inspector.certificate, office.encryption_cert)
    header = _header(data)
    assert header["content_size"] == len(envelope.canonical({**payload, "bundle_id": "x" * 36}))


def test_a_bomb_is_refused_beyond_its_declared_size_without_unpacking_it(keys: tuple) -> None:
    packed = _zeros_packed(64 * MB)
    data = _sealed(keys, packed, 1000)
    assert len(data) < 200 * 1024  # a small file ...
    tracemalloc.start()
    try:
        with pytest.raises(BundleRefused, match="more than the 1000 bytes its signed header"):
            _open(keys, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB  # ... never unpacked to its 64 MB


def test_a_bundle_without_a_declared_size_is_capped(
    keys: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(envelope, "MAX_CONTENT", 4 * MB)
    with pytest.raises(BundleRefused, match=f"more than {4 * MB} bytes, more than any bundle"):
        _open(keys, _sealed(keys, _zeros_packed(16 * MB), None))
    # a declared size above the cap is not believed
    with pytest.raises(BundleRefused, match="not a plausible number"):
        _open(keys, _sealed(keys, _zeros_packed(MB), 16 * MB))


def test_a_declared_size_that_differs_or_is_not_a_number_is_refused(keys: tuple) -> None:
    packed = gzip.compress(b'{"bundle_id":"bomb"}')
    with pytest.raises(BundleRefused, match="unpacks to 20 bytes, not the 30 bytes"):
        _open(keys, _sealed(keys, packed, 30))
    for declared in ("20", -1, 2.5, True):
        with pytest.raises(BundleRefused, match="not a plausible number"):
            _open(keys, _sealed(keys, packed, declared))


def test_export_refuses_what_import_would(keys: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    office, inspector = keys[0], keys[1]
    monkeypatch.setattr(envelope, "MAX_CONTENT", 1000)
    with pytest.raises(BundleRefused, match="larger than 1000 bytes, more than an import"):
        seal(
            {"tables": {"x": "y" * 2000}},
            inspector.key,
            inspector.certificate,
            office.encryption_cert,
        )
