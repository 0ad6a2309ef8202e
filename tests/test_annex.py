"""The data annex: every consolidated figure and its source cells, in xlsx, CSV and a
Frictionless Data Package; the same inputs give the same bytes, whatever the clock says."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from report import annex
from report.consolidate import Dataset, consolidate
from report.edition import Edition, load_edition
from report.gather import catalogue_digest, gather_years
from report.paths import INPUTS, year_dirs
from tests.sample import YEAR


@pytest.fixture(scope="module")
def datasets(catalogue, rules, sample_cache: Path) -> dict[int, Dataset]:
    """Every sample year up to the latest, through the shared intake cache."""
    years = [y for y in year_dirs(INPUTS) if y <= YEAR]
    gathered = gather_years(INPUTS, years, catalogue, rules, cache=sample_cache / "intake",
                            cat_digest=catalogue_digest(INPUTS / "catalogue"))
    return {y: consolidate(catalogue, yd) for y, yd in gathered.items()}


@pytest.fixture(scope="module")
def dataset(datasets) -> Dataset:
    """The sample year's figures."""
    return datasets[YEAR]


@pytest.fixture(scope="module")
def edition() -> Edition:
    return load_edition(INPUTS / str(YEAR) / "edition.toml", YEAR, 2020)


@pytest.fixture(scope="module")
def files(catalogue, dataset, edition, datasets) -> dict[str, bytes]:
    return annex.build_annex(catalogue, dataset, edition, datasets)


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_file_names(files) -> None:
    assert sorted(files) == sorted([f"data-{YEAR}.xlsx", f"data-{YEAR}-figures.csv",
                                    f"data-{YEAR}-sources.csv", f"data-{YEAR}-plan.csv",
                                    "datapackage.json"])


def test_the_build_wrote_these_files(files, sample_build: Path) -> None:
    for name, data in files.items():
        assert (sample_build / str(YEAR) / name).read_bytes() == data, name


def test_every_figure_with_value_unit_year(files, dataset) -> None:
    rows = {r["key"]: r for r in _csv(files[f"data-{YEAR}-figures.csv"])}
    assert list(rows) == list(dataset.figures)
    for key, fig in dataset.figures.items():
        row = rows[key]
        assert row["value"] == ("" if fig.value is None else str(fig.value))
        assert row["status"] == str(fig.status)
        assert row["indicator"] == fig.indicator and row["year"] == str(YEAR)
        assert row["unit"] and row["unit_ar"] and row["unit_fr"]
        assert row["dimension"] == (fig.dimension or "")
        assert row["category"] == (fig.category or "")
        assert row["sources"] == str(len(fig.sources))
        assert row["missing"].split() == list(fig.missing)


def test_every_source_cell(files, dataset) -> None:
    rows = _csv(files[f"data-{YEAR}-sources.csv"])
    expected = [(k, s.member, s.file, s.sheet, s.cell, role)
                for k, f in dataset.figures.items()
                for s, role in [(s, "used") for s in (*f.sources, *f.na_cells)]
                + [(s, "compared") for s in f.compared] + [(s, "partial") for s in f.partial]]
    assert [(r["key"], r["member"], r["file"], r["sheet"], r["cell"], r["role"])
            for r in rows] == expected
    for r in rows:
        assert r["value"] == str(dataset.by_member[r["key"]][r["member"]])
        assert r["status"] == ""


def test_two_members_different_figures_both_kept(files, dataset) -> None:
    rows = [r for r in _csv(files[f"data-{YEAR}-sources.csv"]) if r["key"] == "CONVICTED.total"]
    per = dataset.by_member["CONVICTED.total"]
    assert len(set(per.values())) > 1  # the sample's members disagree on CONVICTED
    used = dataset.figures["CONVICTED.total"].sources[0].member
    assert {(r["member"], int(r["value"]), r["role"]) for r in rows} == {
        (m, v, "used" if m == used else "compared") for m, v in per.items()}


def test_sum_figures_equal_their_sources(files, dataset) -> None:
    per: dict[str, int] = {}
    for r in _csv(files[f"data-{YEAR}-sources.csv"]):
        if r["role"] == "used":
            per[r["key"]] = per.get(r["key"], 0) + int(r["value"])
    for r in _csv(files[f"data-{YEAR}-figures.csv"]):
        if r["aggregate"] == "sum" and r["value"]:
            assert per[r["key"]] == int(r["value"])


def test_csv_utf8_without_bom_crlf(files) -> None:
    for name in (f"data-{YEAR}-figures.csv", f"data-{YEAR}-sources.csv",
                 f"data-{YEAR}-plan.csv"):
        data = files[name]
        assert not data.startswith(b"\xef\xbb\xbf")
        assert data.split(b"\r\n")[0].isascii()
        data.decode("utf-8")


def test_xlsx_rtl_with_arabic_and_french_headers(files, dataset) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(files[f"data-{YEAR}.xlsx"]))
    figs, srcs, plan = wb.worksheets
    assert plan.title == "الخطة الوطنية"
    for ws, fields in ((figs, annex.FIGURE_FIELDS), (srcs, annex.SOURCE_FIELDS),
                       (plan, annex.PLAN_FIELDS)):
        assert ws.sheet_view.rightToLeft
        assert [c.value for c in ws[1]] == [f.ar for f in fields]
        assert [c.value for c in ws[2]] == [f.fr for f in fields]
        assert ws.freeze_panes == "A3"
    assert figs.max_row == 2 + len(dataset.figures)
    values = {r[1]: r[11] for r in figs.iter_rows(min_row=3, values_only=True)}
    assert values == {k: f.value for k, f in dataset.figures.items()}


def test_xlsx_dates_from_the_edition_not_the_clock(files, edition) -> None:
    day = edition.publication_date
    with zipfile.ZipFile(io.BytesIO(files[f"data-{YEAR}.xlsx"])) as z:
        for info in z.infolist():
            assert info.date_time == (day.year, day.month, day.day, 0, 0, 0), info.filename
        core = z.read("docProps/core.xml").decode()
    assert core.count(f"{day.isoformat()}T00:00:00Z") == 2


def test_same_bytes_twice(catalogue, dataset, datasets, edition, files, monkeypatch) -> None:
    import datetime as dt

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2031, 1, 2, 3, 4, 5, tzinfo=tz)

    monkeypatch.setattr("openpyxl.writer.excel.datetime.datetime", Later)
    assert annex.build_annex(catalogue, dataset, edition, datasets) == files


def test_datapackage_describes_the_csvs(files) -> None:
    pkg = json.loads(files["datapackage.json"])
    assert pkg["profile"] == "tabular-data-package" and pkg["name"].islower()
    assert [r["name"] for r in pkg["resources"]] == ["figures", "sources", "plan"]
    for res in pkg["resources"]:
        data = files[res["path"]]
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert res["bytes"] == len(data)
        header = data.decode("utf-8").split("\r\n")[0].split(",")
        assert [f["name"] for f in res["schema"]["fields"]] == header
        for f in res["schema"]["fields"]:
            assert f["type"] in ("string", "integer", "number") and " / " in f["title"]
    fk = pkg["resources"][1]["schema"]["foreignKeys"][0]
    assert fk["reference"] == {"resource": "figures", "fields": ["key"]}


def test_write_annex_atomic_names(files, tmp_path: Path) -> None:
    paths = annex.write_annex(files, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)
    for p in paths:
        assert p.read_bytes() == files[p.name]


def test_plan_one_row_per_measure_and_year(files, catalogue, datasets) -> None:
    rows = _csv(files[f"data-{YEAR}-plan.csv"])
    years = [y for y in sorted(datasets) if catalogue.plan.start <= y <= YEAR]
    assert [(int(r["year"]), r["measure"]) for r in rows] == [
        (y, m.code) for y in years for m in catalogue.plan.measures]
    for r in rows:
        y, m = int(r["year"]), catalogue.plan.measure(r["measure"])
        ds = datasets[y]
        status = ds.plan_status(m)
        report = ds.plan.get(m.code)
        assert (r["axis"], r["objective"], r["lead"]) == (m.axis, m.objective, m.lead)
        assert r["status"] == status and r["status_ar"] and r["status_fr"]
        value = report.value if report else None
        assert r["value"] == ("" if value is None else str(value))
        target, target_year = m.target_for(y, done=status == "done")
        assert (float(r["target"]), int(r["target_year"])) == (target, target_year)
        assert r["unit"] == m.indicator.unit and float(r["baseline"]) == m.indicator.baseline
        if report:  # the cell the status was read from
            assert (r["file"], r["sheet"], r["cell"]) == (
                report.source.file, report.source.sheet, report.source.cell)
            assert r["lead"] == report.source.member
        else:
            assert r["file"] == r["sheet"] == r["cell"] == ""


def test_plan_rows_agree_with_the_chapter_counts(files, catalogue, dataset) -> None:
    """The report year's rows give the counts the plan chapter states (4 done, 3 delayed...)."""
    from collections import Counter

    from report.context import plan_follow_up

    rows = [r for r in _csv(files[f"data-{YEAR}-plan.csv"]) if r["year"] == str(YEAR)]
    counted = Counter(r["status"] for r in rows)
    follow_up = plan_follow_up(catalogue, dataset, None, "ar")
    assert counted == Counter({k: v for k, v in follow_up.n.items() if v})


def test_plan_resource_keys_and_statuses(files) -> None:
    pkg = json.loads(files["datapackage.json"])
    plan = next(r for r in pkg["resources"] if r["name"] == "plan")
    assert plan["path"] == f"data-{YEAR}-plan.csv"
    assert plan["schema"]["primaryKey"] == ["year", "measure"]
    fields = {f["name"]: f for f in plan["schema"]["fields"]}
    statuses = set(fields["status"]["constraints"]["enum"])
    assert {r["status"] for r in _csv(files[plan["path"]])} <= statuses
    assert fields["value"]["type"] == "number" and fields["unit"]["constraints"]["enum"] == [
        "count", "percent"]
