"""Issue 13 (documents as an office issues them), on the demo database, driven as a user
would: the note (メモ) stays out of the notice; the follow-up report's public edition has no
layout and no key location, the internal one has them under 取扱注意; a notice verified from
its printed QR code (`--qr`, `--image`) and after a long-term-validation update."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from inspector.cli.main import cli
from inspector.domain.backup import backup_finding, evaluate_backup
from inspector.i18n import Translator
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repositories.site import SiteRepository

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(TODAY)  # built once per test process (tests/conftest.py)


@pytest.fixture
def env(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    db = tmp_path / "c.db"
    shutil.copy(demo_template, db)
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "pw")
    monkeypatch.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "pw")  # keys issue
    monkeypatch.delenv("INSPECTOR_SIGNER", raising=False)
    return {"db": db, "tmp": tmp_path}


def run(env: dict[str, Path], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(env["db"]), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def text_of(path: Path) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)


def flat(text: str) -> str:
    return "".join(text.split())


# -- the note stays the inspector's ---------------------------------------------------------


def test_no_note_reaches_the_notices(env: dict[str, Path]) -> None:
    with sqlite3.connect(env["db"]) as db:
        notes = {row[0] for row in db.execute("SELECT note FROM answer WHERE note != ''")}
    assert len(notes) >= 3  # the demo inspectors wrote notes on the noncompliant answers
    out = env["tmp"] / "notices"
    out.mkdir()
    code, _, err = run(
        env, "report", "notice", "--all", "--since", "2020-01-01", "--unsigned", "-o", str(out)
    )
    assert code == 0, err
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) >= 5
    text = "".join(text_of(p) for p in pdfs)
    assert "監査結果通知書" in text
    assert [n for n in notes if flat(n) in text] == []
    assert "状況：" not in text and "状況:" not in text


# -- the follow-up report: public and internal editions --------------------------------------


def add_backup_finding(env: dict[str, Path]) -> tuple[str, int]:
    """A finding of the backup register (its text names where the key is kept)."""
    engine = open_database(f"sqlite:///{env['db']}")
    try:
        site, findings = SiteRepository(engine), FindingRepository(engine)
        storages = site.storages()
        transports = site.transports([s.id for s in storages])
        issue = next(i for i in evaluate_backup(storages, transports) if i.rule_id == "key_apart")
        storage = next(s for s in storages if s.id == issue.storage_id)
        draft = backup_finding(issue, storage.organization_id, None, Translator("ja"))
        finding = findings.add_finding(draft, "監査 太郎")
        assert storage.key_location in finding.text
        return storage.key_location, finding.id
    finally:
        engine.dispose()


def layout_finding_count(env: dict[str, Path]) -> int:
    with sqlite3.connect(env["db"]) as db:
        return db.execute("SELECT count(*) FROM finding WHERE layout IS NOT NULL").fetchone()[0]


def test_followup_public_edition_has_no_layout_and_no_key_location(env: dict[str, Path]) -> None:
    key_place, _ = add_backup_finding(env)
    assert layout_finding_count(env) >= 1  # the demo's server room findings carry a layout
    public, internal = env["tmp"] / "public.pdf", env["tmp"] / "internal.pdf"
    code, _, err = run(env, "report", "followup", "--unsigned", "-o", str(public))
    assert code == 0, err
    code, _, err = run(env, "report", "followup", "--unsigned", "--internal", "-o", str(internal))
    assert code == 0, err

    text = text_of(public)
    assert flat(key_place) not in text and "（非公開）" in text
    assert "指摘事項に係る配置図" not in text and "凡例" not in text  # no diagram, no legend
    assert "該当箇所" not in text  # the plan cells of a layout finding
    assert "取扱注意" not in text
    # no picture but the QR code: the layouts are drawn, so no drawing page either
    reader = PdfReader(public)
    assert sum(len(page.images) for page in reader.pages) == 1

    inner = text_of(internal)
    assert flat(key_place) in inner and "指摘事項に係る配置図" in inner and "該当箇所" in inner
    assert "凡例" in inner
    pages = PdfReader(internal).pages
    assert len(pages) > len(reader.pages)  # the diagrams
    for page in pages:
        assert "取扱注意" in flat(page.extract_text())


def test_followup_heading_as_the_city_publishes_it(env: dict[str, Path]) -> None:
    out = env["tmp"] / "f.pdf"
    code, _, err = run(
        env,
        "report",
        "followup",
        "--organization",
        "情報政策課",
        "--audit-type",
        "行政監査",
        "--theme",
        "情報セキュリティの管理について",
        "--unsigned",
        "-o",
        str(out),
    )
    assert code == 0, err
    text = text_of(out)
    # the demo's visits are in November 2026: fiscal year 令和8年度
    assert "令和8年度行政監査の結果（指摘・意見・リスク発現の可能性があるもの）" in text
    assert "監査の種類行政監査" in text and "監査のテーマ情報セキュリティの管理について" in text
    assert "監査対象総務部情報政策課" in text
    for heading in ("指摘", "意見", "リスク発現の可能性があるもの"):
        assert heading in text
    assert "（1）" in text and "①" in text  # sections (着眼点) and numbered findings
    # dated entries, oldest first within each plan
    assert "【措置済】令和8年" in text or "【継続努力】令和8年" in text


@pytest.mark.parametrize("option", ["--audit-type", "--theme"])
def test_followup_refuses_an_empty_or_control_text(env: dict[str, Path], option: str) -> None:
    for bad in ("  ", "a\x1bb"):
        out = env["tmp"] / "x.pdf"
        code, _, err = run(env, "report", "followup", option, bad, "--unsigned", "-o", str(out))
        assert code == 1 and option in err and "Traceback" not in err
        assert not out.exists()


# -- verification that lasts: long-term-validation updates, paper copies --------------------


def issue_signed_notice(env: dict[str, Path]) -> Path:
    assert run(env, "keys", "init-office")[0] == 0
    code, _, err = run(env, "keys", "issue", "監査 太郎", "--organization", "130")
    assert code == 0, err
    with sqlite3.connect(env["db"]) as db:
        session_id = db.execute(
            "SELECT s.id FROM inspection_session s JOIN finding f ON f.session_id = s.id "
            "WHERE s.kind = 'inspection' AND s.status = 'completed' ORDER BY s.id LIMIT 1"
        ).fetchone()[0]
    out = env["tmp"] / "notice.pdf"
    code, _, err = run(
        env,
        "report",
        "notice",
        "--session",
        str(session_id),
        "--signer",
        "監査 太郎",
        "-o",
        str(out),
    )
    assert code == 0, err
    return out


def with_dss(signed: bytes, root_pem: bytes, *, also_retitle: bool = False) -> bytes:
    """The file after pyHanko's LTV tool added a DSS (validation data) in a new revision;
    `also_retitle`: the same revision also changes the document's title."""
    import io

    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import add_validation_info
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko_certvalidator import ValidationContext

    root = asn1_x509.Certificate.load(
        x509.load_pem_x509_certificate(root_pem).public_bytes(Encoding.DER)
    )
    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    if not also_retitle:
        context = ValidationContext(
            trust_roots=[root], allow_fetching=False, revocation_mode="soft-fail"
        )
        out = io.BytesIO()
        add_validation_info(embedded, context, output=out, force_write=True)
        return out.getvalue()
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    DocumentSecurityStore.supply_dss_in_writer(writer, None, certs=[embedded.signer_cert, root])
    info = writer.trailer["/Info"].get_object()
    info[generic.NameObject("/Title")] = generic.TextStringObject("差し替えた題名")
    writer.update_container(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_dss_added_after_signing_keeps_the_notice_valid(env: dict[str, Path]) -> None:
    import json

    notice = issue_signed_notice(env)
    root_pem = (env["tmp"] / "keys" / "office" / "root.pem").read_bytes()
    code, out, _ = run(env, "verify", "--json", str(notice))
    before = json.loads(out)
    assert code == 0 and before["pades_level"] == "B-B" and before["ltv_updates"] is False

    ltv = env["tmp"] / "notice-ltv.pdf"
    ltv.write_bytes(with_dss(notice.read_bytes(), root_pem))
    assert len(ltv.read_bytes()) > len(notice.read_bytes())
    from pyhanko.pdf_utils.reader import PdfFileReader

    with ltv.open("rb") as stream:
        assert "/DSS" in PdfFileReader(stream).root  # really a DSS, in a new revision
    code, out, err = run(env, "verify", str(ltv))
    assert code == 0, err
    assert "長期検証用のデータだけ" in out and "データベースの記録とも一致" in out
    assert "ファイル全体に及んで" not in out
    code, out, _ = run(env, "verify", "--json", str(ltv))
    report = json.loads(out)
    assert report["valid"] and report["ltv_updates"] is True
    assert report["pades_level"] == "B-B"  # no signature timestamp: B-T is not reached
    assert report["database_checked"] and report["issued_at"]

    # any other change after signing is refused, even beside a DSS in the same revision
    sneaky = env["tmp"] / "notice-retitled.pdf"
    sneaky.write_bytes(with_dss(notice.read_bytes(), root_pem, also_retitle=True))
    code, _, err = run(env, "verify", str(sneaky))
    assert code == 1 and "署名の後に変更されています" in err
    code, _, err = run(env, "--lang", "en", "verify", str(sneaky))  # the checker's own words
    assert code == 1 and "changed after signing" in err and "/Title" in err


def render_page_png(pdf: Path, out: Path, dpi: int = 150) -> Path:
    """The page holding the QR code, rendered as a scanner would see it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[len(document) - 1]
        page.render(scale=dpi / 72).to_pil().convert("L").save(out)
    finally:
        document.close()
    return out


def test_a_paper_copy_is_checked_by_its_qr_code(env: dict[str, Path]) -> None:
    import json

    notice = issue_signed_notice(env)
    payload = str(PdfReader(notice).metadata["/Keywords"])
    assert payload.startswith("inspector-doc:v2;id=N-")  # v2: the named issuer signed too
    doc_id = payload.split(";")[1].removeprefix("id=")

    code, out, err = run(env, "verify", "--qr", payload)
    assert code == 0, err
    assert doc_id in out and "有効" in out and "監査 太郎" in out

    scan = render_page_png(notice, env["tmp"] / "scan.png")
    code, out, err = run(env, "verify", "--image", str(scan))
    assert code == 0, err
    assert doc_id in out
    code, out, _ = run(env, "verify", "--json", "--image", str(scan))
    report = json.loads(out)
    assert report["valid"] and report["doc_id"] == doc_id and report["kind"] == "notice"
    assert report["database_checked"] and report["image"] == str(scan)

    # a code whose hash differs from the one recorded at issue
    digest = payload.split(";sha256=")[1][:64]
    forged = payload.replace(digest, digest[:-1] + ("0" if digest[-1] != "0" else "1"))
    code, _, err = run(env, "verify", "--qr", forged)
    assert code == 1 and doc_id in err and "異なります" in err
    code, out, _ = run(env, "verify", "--json", "--qr", forged)
    assert json.loads(out)["verdict"] == "content_hash_mismatch"
