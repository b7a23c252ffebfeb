"""Bad paper checks (issue 13): `verify --qr` with what is not an inspector code, with an
unknown document or control characters; `verify --image` with files that are not images,
damaged or blank pictures, a QR code of something else. Each is refused with what and
where, exit 1, no traceback, nothing changed."""

from __future__ import annotations

import io

import qrcode
from PIL import Image

from tests.corpus.case import Case

_UNKNOWN = "inspector-doc:v1;id=N-20990101-deadbeef;sha256=" + "ab" * 32


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _qr_png(text: str) -> bytes:
    return _png(qrcode.make(text, border=4).get_image().convert("RGB"))


_BLANK = _png(Image.new("RGB", (400, 300), "white"))
_TRUNCATED = _qr_png(_UNKNOWN)[:300]

CASES = [
    Case(
        id="verify-qr-not-a-code",
        args=["verify", "--qr", "https://example.com/notice"],
        expect=["https://example.com/notice", "検証用コードではありません"],
        exit_code=1,
    ),
    Case(
        id="verify-qr-escape-shown-as-question-mark",
        args=["verify", "--qr", "inspector-doc:v1;id=N-1\x1b[2J;sha256=00"],
        expect=["N-1?[2J", "検証用コードではありません"],
        exit_code=1,
    ),
    Case(
        id="verify-qr-short-hash",
        args=["verify", "--qr", "inspector-doc:v1;id=N-20261201-0000abcd;sha256=abc"],
        expect=["sha256=abc", "検証用コードではありません"],
        exit_code=1,
    ),
    Case(
        id="verify-qr-unknown-document",
        args=["verify", "--qr", _UNKNOWN],
        expect=["N-20990101-deadbeef", "記録されていません"],
        exit_code=1,
    ),
    Case(
        id="verify-qr-no-db-flag",
        args=["verify", "--no-db", "--qr", _UNKNOWN],
        expect=["--no-db", "FILE.pdf"],
        exit_code=1,
    ),
    Case(
        id="verify-nothing-to-check",
        args=["verify"],
        expect=["FILE.pdf", "--qr", "--image"],
        exit_code=1,
    ),
    Case(
        id="verify-file-and-qr",
        args=["verify", "{tmp}/n.pdf", "--qr", _UNKNOWN],
        files={"n.pdf": b"%PDF-1.7\n"},
        expect=["FILE.pdf", "--qr"],
        exit_code=1,
    ),
    Case(
        id="verify-image-missing",
        args=["verify", "--image", "{tmp}/none.png"],
        expect=["{tmp}/none.png", "読めません"],
        exit_code=1,
    ),
    Case(
        id="verify-image-not-an-image",
        args=["verify", "--image", "{tmp}/scan.png"],
        files={"scan.png": "これは画像ではありません\n"},
        expect=["{tmp}/scan.png", "画像ファイル"],
        exit_code=1,
    ),
    Case(
        id="verify-image-empty",
        args=["verify", "--image", "{tmp}/empty.png"],
        files={"empty.png": b""},
        expect=["{tmp}/empty.png", "画像ファイル"],
        exit_code=1,
    ),
    Case(
        id="verify-image-truncated",
        args=["verify", "--image", "{tmp}/cut.png"],
        files={"cut.png": _TRUNCATED},
        expect=["{tmp}/cut.png", "壊れています"],
        exit_code=1,
    ),
    Case(
        id="verify-image-blank",
        args=["verify", "--image", "{tmp}/blank.png"],
        files={"blank.png": _BLANK},
        expect=["{tmp}/blank.png", "QR コードが見つかりません"],
        exit_code=1,
    ),
    Case(
        id="verify-image-other-qr",
        args=["verify", "--image", "{tmp}/other.png"],
        files={"other.png": _qr_png("WIFI:S:office;T:WPA;P:secret;;")},
        expect=["WIFI:S:office", "検証用コードではありません"],
        exit_code=1,
    ),
    Case(
        id="verify-image-unknown-document",
        args=["verify", "--image", "{tmp}/unknown.png"],
        files={"unknown.png": _qr_png(_UNKNOWN)},
        expect=["N-20990101-deadbeef", "記録されていません"],
        exit_code=1,
    ),
    Case(
        id="verify-image-en",
        args=["verify", "--image", "{tmp}/blank.png"],
        files={"blank.png": _BLANK},
        expect=["{tmp}/blank.png", "no QR code found"],
        exit_code=1,
        lang="en",
    ),
]
