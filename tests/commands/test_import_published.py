"""``import-published``: a past report's figures (2022, the annex's shape) loaded into the
database as a publication of its year, refused while the file has errors or when the year
is already held (unless --force with a reason: words), and then used as last year's series
by the next report (2023, the sample's), whose annex names the report and page."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from report.cli import main
from report.database import store
from report.paths import INPUTS
from tests.sample import out_with_cache
from tests.years import recommendations_text

pytestmark = pytest.mark.slow  # builds reports with WeasyPrint

HEAD = ["year", "indicator", "dimension", "category", "value", "status", "report", "page"]


def _rows(catalogue) -> list[list[object]]:
    """2022 as a past report printed it: victims by sex and age (no nationality: not
    published), cases, calls."""
    cats = [c.code for c in catalogue.dimensions["sexage"].categories]
    values = [60, 50, 40, 28][:len(cats)] + [0] * (len(cats) - 4)
    rows: list[list[object]] = [[2022, "VICTIMS", "", "", sum(values), "", 2022, 14]]
    rows += [[2022, "VICTIMS", "sexage", c, v, "", 2022, 15]
             for c, v in zip(cats, values, strict=True)]
    rows += [[2022, "CASES", "", "", 141, "", 2022, 9], [2022, "CALLS", "", "", 1550, "", 2022, 20]]
    return rows


def _csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEAD)
        writer.writerows(rows)
    return path


def _import(inputs: Path, db: Path, file: Path, *extra: str) -> int:
    return main(["import-published", "--year", "2022", str(file), "--inputs", str(inputs),
                 "--database", str(db), *extra])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, sample_cache: Path, catalogue
          ) -> tuple[Path, Path, Path, Path]:
    """(inputs, out, database, the imported file): 2022 imported, then the 2023 final
    built (the sample's 2023 workbooks, read from the shared intake cache)."""
    root = tmp_path_factory.mktemp("import")
    inputs = root / "inputs"
    for part in ("catalogue", "2023"):
        shutil.copytree(INPUTS / part, inputs / part)
    (inputs / "2023" / "recommendations.toml").write_text(recommendations_text(2023), "utf-8")
    db, file = root / "db.sqlite3", _csv(root / "report-2022.csv", _rows(catalogue))
    assert _import(inputs, db, file) == 0
    out = out_with_cache(root / "out", sample_cache)
    assert main(["build", "--year", "2023", "--edition", "final", "--inputs", str(inputs),
                 "--out", str(out), "--database", str(db)]) == 0
    return inputs, out, db, file


def _table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_next_report_draws_last_years_series_from_it(world) -> None:
    _, out, _, _ = world
    folder = out / "2023"
    figures = {r["key"]: r for r in _table(folder / "data-2023-figures.csv")
               if r["year"] == "2022"}
    assert figures["VICTIMS.total"]["value"] == "178"
    # a breakdown the past report did not publish: not available, never 0
    nationality = figures["VICTIMS.nationality.moroccan"]
    assert nationality["value"] == "" and nationality["status"] == "na"
    html = (folder / "report-2023.html").read_text("utf-8")
    assert "2022: 178" in html  # the victims' trend chart, its alternative text


def test_its_annex_names_the_report_and_page(world) -> None:
    _, out, _, _ = world
    sources = [r for r in _table(out / "2023" / "data-2023-sources.csv") if r["year"] == "2022"]
    victims = next(r for r in sources if r["key"] == "VICTIMS.total")
    assert victims["role"] == "report" and victims["member"] == "CNCLT"
    assert "2022" in victims["file"] and "p. 14" in victims["file"] and "ص. 14" in victims["file"]
    assert not [r for r in sources if r["role"] != "report"]


def test_the_next_final_keeps_the_references(world) -> None:
    _, _, db, _ = world
    years = [y for _, y, _, _ in store.publications(db)]
    assert years == [2022, 2023]
    figure = store.published_series(db)[2022].figures["VICTIMS.total"]
    assert figure.value == 178 and figure.reference is not None
    assert figure.reference.page == 14


def test_a_year_already_held_needs_force_and_words(world, tmp_path: Path, capsys) -> None:
    inputs, _, held, file = world
    db = tmp_path / "db.sqlite3"
    shutil.copy(held, db)
    count = len(store.publications(db))
    assert _import(inputs, db, file) == 1
    assert "already holds figures of 2022" in capsys.readouterr().err
    assert _import(inputs, db, file, "--force") == 1
    for bad in ("   ", "ok\x1b[2J", "12 34"):
        assert _import(inputs, db, file, "--force", "--reason", bad) == 2
    assert len(store.publications(db)) == count
    reason = "تصحيح أرقام الصفحة 14 بعد مراجعة النسخة المطبوعة"
    assert _import(inputs, db, file, "--force", "--reason", reason) == 0
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT reason FROM import ORDER BY publication_id DESC"
                            ).fetchone()[0] == reason


def test_a_file_with_errors_writes_nothing(world, tmp_path: Path, catalogue, capsys) -> None:
    inputs = world[0]
    rows = _rows(catalogue)
    rows[1][4] = "2.000"  # read as two thousand: the breakdown no longer sums, and says so
    db = tmp_path / "db.sqlite3"
    assert _import(inputs, db, _csv(tmp_path / "bad.csv", rows)) == 1
    out = capsys.readouterr().out
    assert "sum-mismatch" in out and "read-separator" in out and "nothing imported" in out
    assert not db.exists()
