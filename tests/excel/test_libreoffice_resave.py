"""Issue 15: a workbook re-saved by LibreOffice for real is collected. The form is
distributed, filled with openpyxl, converted by `soffice --headless --convert-to xlsx`
(which rewrites the styles, shared strings, validations and the hidden form sheet the
way LibreOffice writes them), and collected: every answer arrives, nothing is refused, and
collecting it again changes nothing. Skipped where LibreOffice is not installed."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspector.config import Settings
from inspector.context import AppContext
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import PersonStatus, StaffType
from inspector.exchange.workbooks.layout import SHEET_ANSWERS
from inspector.services.selfcheck_excel import collect, distribute, problem_lines
from inspector.store.repository import OrganizationInput, PersonInput, Repository
from tests.corpus.excel_forms import fill_organization, fill_roster, item_rows

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: the real re-save cannot be made "
    "(apt-get install libreoffice-calc-nogui)",
)


def resave_with_libreoffice(path: Path, tmp_path: Path) -> Path:
    """The file as LibreOffice Calc writes it after opening it (a private profile, so that
    parallel runs do not share one)."""
    assert SOFFICE is not None
    out = tmp_path / "libreoffice"
    out.mkdir(exist_ok=True)
    profile = (tmp_path / "lo-profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless"]
    result = subprocess.run(
        [*command, "--convert-to", "xlsx", "--outdir", str(out), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    resaved = out / path.name
    assert result.returncode == 0 and resaved.exists(), result.stdout + result.stderr
    with zipfile.ZipFile(resaved) as archive:  # really written by LibreOffice
        assert b"LibreOffice" in archive.read("docProps/app.xml")
    return resaved


def _context(city: Repository, catalog: ChecklistCatalog) -> AppContext:
    database = city.engine.url.render_as_string(hide_password=False)
    context = AppContext(Settings(db=database, user="tester"))  # type: ignore[call-arg]
    context.__dict__["catalog"] = catalog
    return context


def test_an_organization_form_resaved_by_libreoffice_is_collected(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    context = _context(city, mini_catalog)
    gen, _tax = distribute(context, "mini", ("GEN", "TAX"), tmp_path / "forms")
    fill_organization(
        gen,
        {"c1": "不遵守", "y1": "該当なし", "ch": "毎週", "n1": 12, "t1": "はい", "tx": "毎朝巡回"},
        reasons={"c1": "規程を知らなかった; 机の上に置いた"},
        notes={"n1": "非常勤を含む"},
    )
    resaved = resave_with_libreoffice(gen, tmp_path)
    (receipt,) = collect(context, [resaved])
    assert receipt.imported, problem_lines(receipt, "ja")
    assert problem_lines(receipt, "ja") == []
    gen_org = city.find_organization("GEN")
    assert gen_org is not None
    (session,) = city.sessions(organization_id=gen_org.id)
    answers = {k: a.state for k, a in city.answers(session.id).items()}
    assert answers["c1"].value == "noncompliant"
    assert answers["c1"].reasons == ("unaware",) and answers["c1"].reason_text == "机の上に置いた"
    assert answers["y1"].value == "not_applicable"
    assert (answers["ch"].value, answers["n1"].value) == ("weekly", "12")
    assert answers["n1"].note == "非常勤を含む"
    assert (answers["t1"].value, answers["tx"].value) == ("yes", "毎朝巡回")
    # the same file again: nothing changes
    (again,) = collect(context, [resaved])
    counts = again.counts
    assert again.imported and (counts.answers_added, counts.answers_updated) == (0, 0)
    assert counts.answers_unchanged == len(answers)


def test_a_roster_form_resaved_by_libreoffice_is_collected(
    city: Repository, tmp_path: Path
) -> None:
    from inspector.resources import shipped_checklists_dir

    catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    city.upsert_organizations([OrganizationInput("S01", "拠点01課", None, ("juki_terminal",))])
    staff = [("P001", StaffType.REGULAR), ("P002", StaffType.TEMPORARY)]
    city.upsert_people(
        [
            PersonInput(code, f"職員 {code}", "S01", kind, PersonStatus.ACTIVE)
            for code, kind in staff
        ]
    )
    context = _context(city, catalog)
    (roster,) = distribute(context, "juki-operator", ("S01",), tmp_path / "forms")
    items = [i.id for i in catalog.get("juki-operator").items][:3]
    fill_roster(
        roster,
        {("P001", items[0]): "遵守", ("P001", items[1]): "不遵守", ("P002", items[2]): "遵守"},
    )
    assert set(item_rows(load_workbook(roster)[SHEET_ANSWERS])) >= {"P001", "P002"}
    resaved = resave_with_libreoffice(roster, tmp_path)
    receipts = collect(context, [resaved])
    assert all(r.imported for r in receipts), [problem_lines(r, "ja") for r in receipts]
    assert sum(r.counts.answers_added for r in receipts) == 3
