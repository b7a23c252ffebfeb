"""Names that print as blanks (cli11): the braille blank U+2800 is refused wherever control
and format characters are (`domain.controls`), with the field and the character as U+XXXX;
the Hangul fillers and names of spaces only stay refused. The ideographic space U+3000 of
Japanese names and the private-use characters of an office's 外字 stay accepted
(`tests/unit/test_controls_blanks.py`)."""

from __future__ import annotations

from tests.corpus.case import Case
from tests.corpus.cases_csv import ORGS, ORGS_IMPORT, PEOPLE, PEOPLE_IMPORT
from tests.corpus.cases_csv import _refused as refused
from tests.corpus.cases_review_inputs import _bundle_case, _org

# (id, name, the character named in the message)
_BLANKS = [
    ("braille-blank", "山本\u2800恵", "U+2800"),
    ("braille-blank-only", "\u2800", "U+2800"),
    ("braille-blank-after-ideographic-space", "山本\u3000\u2800", "U+2800"),
    ("halfwidth-hangul-filler", "山本\uffa0恵", "U+FFA0"),
    ("hangul-choseong-filler", "\u115f山本", "U+115F"),
    ("hangul-jungseong-filler", "山本\u1160", "U+1160"),
]

_KEYS_ISSUE = ["keys", "issue", "--organization", "130", "--passphrase-file", "{pass}"]

CASES = [
    *(
        refused(
            f"cli11-people-{name}", PEOPLE_IMPORT, PEOPLE + f"S9001,{c},110\n", 2, "name", shown
        )
        for name, c, shown in _BLANKS
    ),
    refused("cli11-orgs-braille-blank", ORGS_IMPORT, ORGS + "900,企画課\u2800,100\n", 2, "U+2800"),
    refused("cli11-orgs-spaces-only", ORGS_IMPORT, ORGS + "900,\u3000 \u3000,100\n", 2, "名称"),
    refused("cli11-people-spaces-only", PEOPLE_IMPORT, PEOPLE + "S9001,\u3000\u3000,110\n", 2),
    Case(
        id="cli11-keys-issue-braille-blank",
        keys=True,
        args=[*_KEYS_ISSUE[:2], "監査\u2800花子", *_KEYS_ISSUE[2:]],
        expect=["U+2800"],
        exit_code=1,
    ),
    Case(
        id="cli11-keys-issue-spaces-only",
        keys=True,
        args=[*_KEYS_ISSUE[:2], "\u3000\u3000", *_KEYS_ISSUE[2:]],
        expect=["名前が空です"],
        exit_code=1,
    ),
    _bundle_case(
        "cli11-organization-braille-blank",
        ["表 organization の 1 行目、項目 name", "U+2800"],
        organizations=[_org("Z-CORPUS", "コーパス\u2800課")],
    ),
    Case(
        id="cli11-config-inspector-name-braille-blank",
        files={"config.toml": 'inspector_name = "監査\u2800太郎"\n'},
        env={"INSPECTOR_CONFIG": "{tmp}/config.toml"},
        args=["sessions", "list"],
        expect=["{tmp}/config.toml", "inspector_name", "U+2800"],
    ),
]
