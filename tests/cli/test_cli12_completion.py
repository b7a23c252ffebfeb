"""Shell completion works through the escaping writer (task cli12, point 1): click writes its
answer as bytes (`echo(text.encode())`), which the writer took for text and crashed on
(`TypeError: cannot use a string pattern on a bytes-like object`)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.cli import terminal

ROOT = Path(__file__).resolve().parents[2]
# the console script `inspector` is `inspector.cli:main`
ENTRY = "from inspector.cli import main; main()"


def complete(shell: str, words: str, cword: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(_INSPECTOR_COMPLETE=f"{shell}_complete", COMP_WORDS=words, COMP_CWORD=cword)
    return subprocess.run(
        [sys.executable, "-c", ENTRY],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("shell", "cword", "expected"),
    [
        ("bash", "1", ["plain,report"]),
        ("zsh", "1", ["plain", "report"]),
        ("fish", "rep", ["plain,report\t"]),
    ],
)
def test_completion_answers_for_each_shell(shell: str, cword: str, expected: list[str]) -> None:
    result = complete(shell, "inspector rep", cword)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[: len(expected) - 1] == expected[:-1]
    assert lines[len(expected) - 1].startswith(expected[-1])


def test_completion_of_an_option_value() -> None:
    result = complete("bash", "inspector --lang ", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["plain,ja", "plain,en"]


def test_the_script_for_the_shell_is_written() -> None:
    env = dict(os.environ, _INSPECTOR_COMPLETE="bash_source")
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-c", ENTRY], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "_inspector_completion()" in result.stdout


def test_bytes_are_escaped_and_written_as_text() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    writer = terminal.EscapingWriter(stream)  # type: ignore[arg-type]
    writer.write("before ")
    assert writer.write("報告\x1b[2J\tx\n".encode()) == len("報告\x1b[2J\tx\n".encode())
    assert raw.getvalue().decode("utf-8") == "before 報告\\x1b[2J\tx\n"


def test_bytes_to_a_stream_without_a_buffer_are_written_as_text() -> None:
    stream = io.StringIO()
    terminal.EscapingWriter(stream).write(b"a\x07b\xffc\n")
    assert stream.getvalue() == "a\\x07b\ufffdc\n"


def test_text_is_still_escaped() -> None:
    stream = io.StringIO()
    terminal.EscapingWriter(stream).write("\x1b]0;t\x07\n")
    assert stream.getvalue() == "\\x1b]0;t\\x07\n"


def test_an_empty_bytes_write_says_it_is_a_text_stream() -> None:
    """click asks `write(b"")` whether a stream is binary; a yes makes it wrap the stream
    in a text wrapper of its own, and every echo would come here as bytes."""
    with pytest.raises(TypeError):
        terminal.EscapingWriter(io.StringIO()).write(b"")


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp", "utf-8"])
def test_japanese_output_in_the_stream_encoding(encoding: str, tmp_path: Path) -> None:
    """A command's Japanese output reaches a cp932 or EUC-JP stdout (Windows' redirected
    output, an old eucJP locale) in that encoding, not read back as UTF-8."""
    env = dict(os.environ, PYTHONIOENCODING=encoding, PYTHONPATH=str(ROOT))
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-c", ENTRY, "--db", str(tmp_path / "x.db"), "demo"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(encoding, "replace")
    shown = result.stdout.decode(encoding)
    assert "みどり市" in shown and "\ufffd" not in shown
