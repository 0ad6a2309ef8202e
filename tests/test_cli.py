"""The command line: ``build --strict`` fails a build that printed a warning, after writing
everything, with a last line saying how many; without it the same build succeeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.cli import main
from tests.conftest import replace_once
from tests.sample import DRAFT, YEAR, copy_inputs, out_with_cache

TYPO = "pubication_note"  # an unknown key in edition.toml: a warning, nothing worse


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with one unknown key in the report year's edition.toml."""
    root = copy_inputs(tmp_path_factory.mktemp("inputs"))
    edition = root / str(YEAR) / "edition.toml"
    replace_once(edition, "publication_date = ", f'{TYPO} = "x"\npublication_date = ')
    return root


@pytest.mark.slow  # builds a draft with WeasyPrint
@pytest.mark.parametrize("strict", [False, True])
def test_strict_fails_a_build_that_warned_after_writing_it(inputs: Path, tmp_path: Path,
                                                           sample_cache: Path, capsys,
                                                           strict: bool) -> None:
    out = out_with_cache(tmp_path / "out", sample_cache)
    code = main(["build", "--inputs", str(inputs), "--out", str(out),
                 *(["--strict"] if strict else [])])
    out_text, err = capsys.readouterr()
    lines = err.splitlines()
    warning = f"warning: {inputs / str(YEAR) / 'edition.toml'}: {TYPO}: unknown key, ignored"
    assert [line for line in lines if line.startswith("warning: ")] == \
        [f"{warning} (a typo?)"]  # once, through the one handler
    assert (out / str(YEAR) / DRAFT).is_file()  # the work is done either way
    assert f"{DRAFT} (" in out_text  # the result line stays on stdout
    if strict:
        assert code == 1
        assert lines[-1].startswith("build: --strict: 1 warning above, so it fails")
    else:
        assert code == 0
        assert not any("--strict" in line for line in lines)


def test_strict_is_explained_in_the_help(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["build", "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--strict exit 1 when the build printed any warning" in text
    assert "a last line says how many warnings made it fail" in text
    assert "a final has none" in text
