"""Keys, PAdES signatures and offline verification: what passes and exactly why not."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import stat
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from _report_samples import PASS, notice
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from inspector.domain.dates import japan_time
from inspector.domain.documents import NoticeData, content_hash
from inspector.reports import keys
from inspector.reports.notice import build_notice
from inspector.reports.signing import FIELD_NAME, async_sign_pdf, sign_pdf
from inspector.reports.verify import Verdict, verify_pdf
from inspector.store.repositories.findings import IssuedDocument


@pytest.fixture(scope="module")
def signed(identity: keys.Identity) -> bytes:
    return sign_pdf(build_notice(notice(4)), identity)


def test_key_files_are_private_and_encrypted(keys_dir: Path) -> None:
    for path in [*keys.root_paths(keys_dir), *keys.inspector_paths(keys_dir, "監査 太郎")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert b"ENCRYPTED PRIVATE KEY" in keys.root_paths(keys_dir)[1].read_bytes()
    assert [i.name for i in keys.list_inspectors(keys_dir)] == ["監査 太郎"]


def test_init_office_refuses_to_replace_the_root(keys_dir: Path) -> None:
    with pytest.raises(keys.KeyProblem, match="already exists"):
        keys.init_office(keys_dir, PASS)


def test_a_signed_notice_verifies(signed: bytes, keys_dir: Path) -> None:
    result = verify_pdf(signed, keys.load_root(keys_dir))
    assert result.valid, result.message
    assert result.signer == "監査 太郎" and result.organization_code == "130"
    assert result.doc_id == notice(4).doc_id
    assert result.content_hash == content_hash(notice(4))


def test_signature_is_pades_with_a_visible_field(signed: bytes) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(signed))
    fields = reader.get_fields() or {}
    assert FIELD_NAME in fields
    sig = fields[FIELD_NAME]["/V"]
    assert sig["/SubFilter"] == "/ETSI.CAdES.detached"
    widget = next(
        annot.get_object()
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if annot.get_object().get("/T") == FIELD_NAME
    )
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 - x1 > 100 and y2 - y1 > 40  # visible
    assert "/AP" in widget


def test_database_hash_is_compared(signed: bytes, keys_dir: Path) -> None:
    root = keys.load_root(keys_dir)
    good = verify_pdf(signed, root, lambda doc_id: content_hash(notice(4)))
    assert good.valid and good.database_checked
    assert verify_pdf(signed, root, lambda doc_id: "0" * 64).verdict is Verdict.HASH_MISMATCH
    assert verify_pdf(signed, root, lambda doc_id: None).verdict is Verdict.UNKNOWN_DOCUMENT


@pytest.mark.parametrize("where", [0.2, 0.5, 0.8])
def test_flipping_one_byte_fails(signed: bytes, keys_dir: Path, where: float) -> None:
    data = bytearray(signed)
    data[int(len(data) * where)] ^= 0x01
    result = verify_pdf(bytes(data), keys.load_root(keys_dir))
    assert not result.valid
    assert result.verdict in (Verdict.CHANGED, Verdict.UNREADABLE, Verdict.NO_SIGNATURE)


def test_an_incremental_update_of_metadata_only_fails(signed: bytes, keys_dir: Path) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    info = writer.trailer["/Info"].get_object()
    info[generic.NameObject("/Title")] = generic.TextStringObject("changed")
    writer.update_container(info)
    out = io.BytesIO()
    writer.write(out)
    result = verify_pdf(out.getvalue(), keys.load_root(keys_dir))
    assert result.verdict is Verdict.CHANGED
    assert "entire file" in result.message


def test_a_certificate_from_another_root_fails(tmp_path: Path, keys_dir: Path) -> None:
    keys.init_office(tmp_path, b"other")
    keys.issue_inspector(tmp_path, "偽 太郎", "999", b"other")
    foreign = keys.load_identity(tmp_path, "偽 太郎", b"other")
    data = sign_pdf(build_notice(notice(1)), foreign)
    result = verify_pdf(data, keys.load_root(keys_dir))
    assert result.verdict is Verdict.UNKNOWN_SIGNER
    assert "not issued by this office's root" in result.message


def test_an_expired_certificate_fails(keys_dir: Path) -> None:
    past = datetime.now(UTC) - timedelta(days=400)
    keys.issue_inspector(
        keys_dir,
        "期限 切子",
        "130",
        PASS,
        not_before=past,
        not_after=past + timedelta(days=30),
    )
    with pytest.raises(keys.CertificateProblem, match="expired"):
        keys.load_identity(keys_dir, "期限 切子", PASS)
    expired = keys.load_identity(keys_dir, "期限 切子", PASS, check=False)
    data = sign_pdf(build_notice(notice(1)), expired)
    result = verify_pdf(data, keys.load_root(keys_dir))
    assert result.verdict is Verdict.EXPIRED
    assert "expired" in result.message


def test_wrong_passphrase_and_missing_keys_are_clear(keys_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(keys.WrongPassphrase, match="wrong passphrase"):
        keys.load_identity(keys_dir, "監査 太郎", b"wrong")
    with pytest.raises(keys.NoKey, match="inspector keys issue"):
        keys.load_identity(keys_dir, "誰 でもない", PASS)
    with pytest.raises(keys.NoKey, match="inspector keys init-office"):
        keys.load_root(tmp_path)
    with pytest.raises(keys.WrongPassphrase):
        keys.issue_inspector(keys_dir, "新人 花子", "130", b"wrong")
    assert not keys.inspector_paths(keys_dir, "新人 花子")[0].exists()


def test_unsigned_and_unreadable_files(keys_dir: Path) -> None:
    root = keys.load_root(keys_dir)
    assert verify_pdf(build_notice(notice(1)).data, root).verdict is Verdict.NO_SIGNATURE
    assert verify_pdf(b"not a pdf at all", root).verdict is Verdict.UNREADABLE


def test_signing_and_verifying_work_from_a_thread_and_inside_an_event_loop(
    identity: keys.Identity, keys_dir: Path
) -> None:
    rendered = build_notice(notice(1))
    root = keys.load_root(keys_dir)
    results: list[bool] = []

    def worker() -> None:
        results.append(verify_pdf(sign_pdf(rendered, identity), root).valid)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()

    async def inside_loop() -> tuple[bool, bool]:
        sync_ok = verify_pdf(sign_pdf(rendered, identity), root).valid  # loop is running
        async_ok = verify_pdf(await async_sign_pdf(rendered, identity), root).valid
        return sync_ok, async_ok

    assert results == [True]
    assert asyncio.run(inside_loop()) == (True, True)


def _record(
    data: bytes,
    issued_at: datetime,
    *,
    file_sha256: str | None = None,
    content: NoticeData | None = None,
) -> IssuedDocument:
    """What `FindingRepository.record_document` keeps for a file issued at `issued_at`."""
    return IssuedDocument(
        id=1,
        doc_id=notice(1).doc_id,
        kind="notice",
        session_id=None,
        organization_id=None,
        content_hash=content_hash(content or notice(1)),
        signer=None,
        file_sha256=file_sha256 or hashlib.sha256(data).hexdigest(),
        path=None,
        issued_by="test",
        issued_at=issued_at,
    )


def test_a_notice_stays_valid_after_its_certificate_expires_when_recorded(
    keys_dir: Path,
) -> None:
    issued = datetime.now(UTC)
    keys.issue_inspector(
        keys_dir, "短期 一郎", "130", PASS, not_after=issued + timedelta(days=1), replace=True
    )
    named = replace(notice(1), inspector="短期 一郎")  # only the named issuer's key signs
    data = sign_pdf(build_notice(named), keys.load_identity(keys_dir, "短期 一郎", PASS))
    root = keys.load_root(keys_dir)
    later = issued + timedelta(days=60)
    record = _record(data, issued, content=named)

    assert verify_pdf(data, root, lambda doc_id: record).valid  # before expiry too
    good = verify_pdf(data, root, lambda doc_id: record, now=later)
    assert good.valid and good.database_checked, good.message
    assert good.issued_at == issued
    assert f"certificate valid at the recorded issue time {japan_time(issued):%Y-%m-%d}" in (
        good.message
    )
    assert good.to_json()["issued_at"] == issued.isoformat()

    # without the database, or a database that does not know the file: checked today
    for lookup in (None, lambda doc_id: None, lambda doc_id: record.content_hash):
        result = verify_pdf(data, root, lookup, now=later)
        assert result.verdict is Verdict.EXPIRED, result.message
        assert "expired certificate (no recorded issue time to check against)" in result.message
        assert result.issued_at is None
    # a recorded time counts only for the very file recorded: another file is refused
    other = _record(data, issued, file_sha256="0" * 64, content=named)
    result = verify_pdf(data, root, lambda doc_id: other, now=later)
    assert result.verdict is Verdict.FILE_DIFFERS
    assert "differs from the issued document" in result.message


def test_a_certificate_expired_before_the_recorded_issue_time_fails(keys_dir: Path) -> None:
    past = datetime.now(UTC) - timedelta(days=400)
    keys.issue_inspector(
        keys_dir,
        "失効 次郎",
        "130",
        PASS,
        not_before=past,
        not_after=past + timedelta(days=30),
    )
    expired = keys.load_identity(keys_dir, "失効 次郎", PASS, check=False)
    data = sign_pdf(build_notice(notice(1)), expired)
    issued = datetime.now(UTC)
    result = verify_pdf(data, keys.load_root(keys_dir), lambda doc_id: _record(data, issued))
    assert result.verdict is Verdict.EXPIRED
    assert "before the recorded issue time" in result.message
    # nor does a recorded time before the certificate existed help
    early = _record(data, past - timedelta(days=1))
    result = verify_pdf(data, keys.load_root(keys_dir), lambda doc_id: early)
    assert result.verdict is Verdict.EXPIRED and "not yet valid" in result.message


def _rotated(signed: bytes) -> bytes:
    """The signed file with its first page turned by an incremental update."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[generic.NameObject("/Rotate")] = generic.NumberObject(90)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pyhanko_logs_nothing_about_a_file_changed_after_signing(
    signed: bytes, keys_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    levels = {name: logging.getLogger(name).level for name in ("pyhanko", "pyhanko_certvalidator")}
    caplog.set_level(logging.DEBUG)
    result = verify_pdf(_rotated(signed), keys.load_root(keys_dir))
    assert result.verdict is Verdict.CHANGED
    assert not [r for r in caplog.records if r.name.startswith("pyhanko")]
    assert {name: logging.getLogger(name).level for name in levels} == levels  # restored
