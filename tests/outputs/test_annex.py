"""The data annex: every year's figures with their status and source cells, revisions,
indicator metadata and the international tables, as CSV, an accessible xlsx (cover,
contents, notes, one Excel table per sheet, no merged cells) and a Frictionless Data
Package; the same inputs give the same bytes, whatever the clock says."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from report.figures.consolidate import Dataset, consolidate
from report.figures.disclosure import disclose_all
from report.intake.gather import catalogue_digest, gather_years
from report.outputs import annex, exports
from report.paths import INPUTS, year_dirs
from report.settings.annex_schema import load_schema
from report.settings.edition import Edition
from tests.sample import EDITION, YEAR

YEARS = [y for y in year_dirs(INPUTS) if y <= YEAR]
CSVS = ("figures", "sources", "revisions", "indicators", "glotip", "sdg", "plan")


@pytest.fixture(scope="module")
def year_catalogue(catalogue):
    return catalogue.in_year(YEAR)  # members named as the report year's build names them


@pytest.fixture(scope="module")
def datasets(year_catalogue, rules, sample_cache: Path) -> dict[int, Dataset]:
    """The sample years' public figures, through the shared intake cache."""
    years = gather_years(INPUTS, YEARS, year_catalogue, rules, cache=sample_cache / "intake",
                         cat_digest=catalogue_digest(INPUTS / "catalogue"))
    return disclose_all(year_catalogue, {y: consolidate(year_catalogue, d)
                                         for y, d in years.items()}, public=True)


@pytest.fixture(scope="module")
def edition() -> Edition:
    return EDITION


@pytest.fixture(scope="module")
def files(year_catalogue, datasets, edition) -> dict[str, bytes]:
    return annex.build_annex(year_catalogue, datasets, YEAR, edition)


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def _name(table: str) -> str:
    return annex.names(YEAR)[table]


def test_file_names(files) -> None:
    assert sorted(files) == sorted([f"data-{YEAR}.xlsx", "datapackage.json",
                                    *(f"data-{YEAR}-{t}.csv" for t in
                                      ("figures", "sources", "revisions", "indicators",
                                       "glotip", "sdg-16-2-2", "plan"))])


def test_the_build_wrote_these_files(files, sample_build: Path) -> None:
    for name, data in files.items():
        assert (sample_build / str(YEAR) / name).read_bytes() == data, name


def test_every_figure_of_every_year_with_value_status_unit(files, datasets) -> None:
    rows = {(int(r["year"]), r["key"]): r for r in _csv(files[_name("figures")])}
    assert list(rows) == [(y, k) for y in YEARS for k in datasets[y].figures]
    for (year, key), row in rows.items():
        fig = datasets[year].figures[key]
        assert row["value"] == ("" if fig.value is None else str(fig.value))
        assert row["status"] == exports.status(datasets[year], key)
        assert row["indicator"] == fig.indicator
        assert row["unit"] and row["unit_ar"] and row["unit_fr"]
        assert row["dimension"] == (fig.dimension or "")
        assert row["category"] == (fig.category or "")
        assert row["sources"] == str(len(fig.sources))
        assert row["missing"].split() == list(fig.missing)
        # an empty value always says why: confidential or not available
        assert row["value"] or set(row["status"].split()) & {"c", "x"}


def test_confidential_cells_are_empty_with_c(files, datasets) -> None:
    hidden = [(r["year"], r["key"]) for r in _csv(files[_name("figures")])
              if r["status"] == "c"]
    assert hidden, "the sample has small cells (form of exploitation)"
    for year, key in hidden:
        assert key.startswith("VICTIMS.") and datasets[int(year)].value(key) is None


def test_every_source_cell(files, datasets) -> None:
    rows = _csv(files[_name("sources")])
    expected = [(str(y), k, s.member, s.file, s.sheet, s.cell, role)
                for y in YEARS for k, f in datasets[y].figures.items()
                for s, role in [(s, "used") for s in (*f.sources, *f.na_cells)]
                + [(s, "compared") for s in f.compared] + [(s, "partial") for s in f.partial]]
    assert [(r["year"], r["key"], r["member"], r["file"], r["sheet"], r["cell"], r["role"])
            for r in rows] == expected
    for r in rows:
        value = datasets[int(r["year"])].by_member[r["key"]].get(r["member"])
        assert r["value"] == ("" if value is None else str(value))
        assert r["value"] or r["status"] in ("c", "na")


def test_two_members_different_figures_both_kept(files, datasets) -> None:
    rows = [r for r in _csv(files[_name("sources")])
            if r["key"] == "CONVICTED.total" and r["year"] == str(YEAR)]
    per = datasets[YEAR].by_member["CONVICTED.total"]
    assert len(set(per.values())) > 1  # the sample's members disagree on CONVICTED
    used = datasets[YEAR].figures["CONVICTED.total"].sources[0].member
    assert {(r["member"], int(r["value"]), r["role"]) for r in rows} == {
        (m, v, "used" if m == used else "compared") for m, v in per.items()}


def test_compared_values_of_protected_cells_are_withheld(files) -> None:
    """Another member's breakdown of victims (a partial or compared reporter's) is not
    published beside the national figure."""
    rows = [r for r in _csv(files[_name("sources")])
            if r["key"].startswith("VICTIMS.sexage.") and r["role"] in ("compared", "partial")]
    assert rows and all((r["value"], r["status"]) == ("", "c") for r in rows)


def test_sum_figures_equal_their_sources(files) -> None:
    per: dict[tuple[str, str], int] = {}
    for r in _csv(files[_name("sources")]):
        if r["value"] and r["role"] == "used":
            per[(r["year"], r["key"])] = per.get((r["year"], r["key"]), 0) + int(r["value"])
    for r in _csv(files[_name("figures")]):
        if r["aggregate"] == "sum" and r["value"]:
            assert per[(r["year"], r["key"])] == int(r["value"])


def test_indicator_metadata(files, catalogue) -> None:
    rows = {r["indicator"]: r for r in _csv(files[_name("indicators")])}
    assert list(rows) == [i.code for i in catalogue.indicators]
    for ind in catalogue.indicators:
        row = rows[ind.code]
        for key in ("definition", "legal", "unit", "comparability"):
            assert row[f"{key}_ar"] == getattr(ind.meta, key).ar != ""
            assert row[f"{key}_fr"] == getattr(ind.meta, key).fr != ""
        assert row["sources"].split() == list(ind.reporters)


def test_glotip_table(files, datasets, catalogue) -> None:
    rows = _csv(files[_name("glotip")])
    assert len(rows) == len(YEARS) * len(catalogue.exports.glotip)
    sections = {r["section"] for r in rows}
    assert sections == {"victims", "prosecuted", "convicted"}
    for r in rows:
        fig = datasets[int(r["year"])].figures[r["key"]]
        assert r["value"] == ("" if fig.value is None else str(fig.value))
    keys = {r["key"] for r in rows}
    assert {"VICTIMS.sexage.women", "VICTIMS.sexage.boys", "VICTIMS.form.SEX",
            "VICTIMS.nationality.foreign", "PROSECUTED.sex.female",
            "CONVICTED.sex.male"} <= keys


def test_sdg_16_2_2_rates(files, datasets, catalogue) -> None:
    rows = _csv(files[_name("sdg")])
    assert len(rows) == len(YEARS) * len(catalogue.exports.sdg)
    for r in rows:
        year, victims = int(r["year"]), datasets[int(r["year"])].value(r["key"])
        pop = catalogue.population.get(year)
        if victims is None or pop is None:
            assert r["rate_per_100000"] == "" and set(r["status"].split()) & {"c", "x"}
            continue
        assert float(r["rate_per_100000"]) == round(victims * 100_000 / pop.value, 3)
        assert int(r["population"]) == pop.value
        assert ("p" in r["status"].split()) == pop.provisional
    total = next(r for r in rows if r["key"] == "VICTIMS.total" and r["year"] == "2024")
    assert (total["series"], total["sex"], total["age"]) == ("VC_HTF_DETVR", "_T", "_T")


def test_csv_utf8_without_bom_crlf(files) -> None:
    for table in CSVS:
        data = files[_name(table)]
        assert not data.startswith(b"\xef\xbb\xbf")
        assert data.split(b"\r\n")[0].isascii()
        data.decode("utf-8")


@pytest.fixture(scope="module")
def workbook(files) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(files[f"data-{YEAR}.xlsx"]))


def test_xlsx_is_an_accessible_statistical_spreadsheet(workbook) -> None:
    names = workbook.sheetnames
    assert names[:3] == ["الغلاف", "المحتويات", "الملاحظات"]
    assert names[3:] == [t.sheet for t in load_schema().tables]
    assert load_schema().names == CSVS
    for ws in workbook.worksheets:
        assert ws.sheet_view.rightToLeft
        assert not ws.merged_cells.ranges, ws.title
    cover = [c.value for c in workbook["الغلاف"]["A"] if c.value]
    assert any("افتراضية" in v for v in cover) and any("fictifs" in v for v in cover)
    assert not workbook["الغلاف"].tables  # a cover is text, not a table
    for ws in workbook.worksheets[1:]:
        assert len(ws.tables) == 1, ws.title  # one table per sheet
        table = next(iter(ws.tables.values()))
        first, last = table.ref.split(":")
        assert first == "A3" and ws.freeze_panes == "A4"
        heads = [c.value for c in ws[3] if c.value is not None]
        assert all(isinstance(h, str) and h.strip() for h in heads)
        assert len(set(heads)) == len(heads) == ws.max_column
        assert ws["A1"].value and ws["A1"].font.bold  # the table's title above it
        assert int("".join(ch for ch in last if ch.isdigit())) == ws.max_row


def test_xlsx_contents_link_every_sheet_and_notes_define_the_symbols(workbook) -> None:
    contents = workbook["المحتويات"]
    linked = [c.hyperlink.location for c in contents["A"][3:] if c.hyperlink]
    assert linked == [f"'{n}'!A1" for n in workbook.sheetnames[2:]]
    notes = [c.value for c in workbook["الملاحظات"]["A"][3:]]
    assert notes[:4] == ["[c]", "[r]", "[p]", "[x]"]


def test_xlsx_tables_hold_the_csv_values(workbook, files) -> None:
    for table in load_schema().tables:
        ws = workbook[table.sheet]
        heads = [c.value for c in ws[3]]
        assert heads == [annex.header(f) for f in table.fields]
        rows = _csv(files[_name(table.name)])
        cells = list(ws.iter_rows(min_row=4, values_only=True))
        if not rows:
            assert len(cells) == 1 and "néant" in str(cells[0][0])
            continue
        assert len(cells) == len(rows)
        for row, got in zip(rows, cells, strict=True):
            assert [_plain(v) for v in got] == [_plain(v) for v in row.values()]


def _plain(value: object) -> str:
    """A cell as text; 0.0 from the CSV and 0 from Excel are the same number."""
    if value is None:
        return ""
    try:
        return repr(float(str(value)))
    except ValueError:
        return str(value)


def test_xlsx_dates_from_the_edition_not_the_clock(files, edition) -> None:
    day = edition.publication_date
    with zipfile.ZipFile(io.BytesIO(files[f"data-{YEAR}.xlsx"])) as z:
        for info in z.infolist():
            assert info.date_time == (day.year, day.month, day.day, 0, 0, 0), info.filename
        core = z.read("docProps/core.xml").decode()
    assert core.count(f"{day.isoformat()}T00:00:00Z") == 2


def test_same_bytes_twice(year_catalogue, datasets, edition, files, monkeypatch) -> None:
    import datetime as dt

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2031, 1, 2, 3, 4, 5, tzinfo=tz)

    monkeypatch.setattr("openpyxl.writer.excel.datetime.datetime", Later)
    assert annex.build_annex(year_catalogue, datasets, YEAR, edition) == files


def test_datapackage_describes_the_csvs(files) -> None:
    pkg = json.loads(files["datapackage.json"])
    assert pkg["profile"] == "tabular-data-package" and pkg["name"].islower()
    assert [r["name"] for r in pkg["resources"]] == list(CSVS)
    for res in pkg["resources"]:
        data = files[res["path"]]
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert res["bytes"] == len(data)
        header = data.decode("utf-8").split("\r\n")[0].split(",")
        assert [f["name"] for f in res["schema"]["fields"]] == header
        for f in res["schema"]["fields"]:
            assert f["type"] in ("string", "integer", "number", "date") and " / " in f["title"]
    fk = pkg["resources"][1]["schema"]["foreignKeys"][0]
    assert fk["reference"] == {"resource": "figures", "fields": ["year", "key"]}
    assert "[c]" in pkg["description"] and "[r]" in pkg["description"]


def test_datapackage_valid_by_frictionless(files, tmp_path: Path) -> None:
    import frictionless  # pinned in requirements-dev.lock

    annex.write_annex(files, tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # the validation is real: a source row pointing at no figure breaks the foreign key
    path = tmp_path / _name("sources")
    path.write_bytes(path.read_bytes().replace(b"\r\n2025,CASES.total,", b"\r\n2025,NOPE,", 1))
    pkg = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    for res in pkg["resources"]:
        res.pop("hash"), res.pop("bytes")
    (tmp_path / "datapackage.json").write_text(json.dumps(pkg), "utf-8")
    assert not frictionless.validate(tmp_path / "datapackage.json").valid


def test_write_annex_atomic_names(files, tmp_path: Path) -> None:
    paths = annex.write_annex(files, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)
    for p in paths:
        assert p.read_bytes() == files[p.name]


def test_plan_one_row_per_measure_and_year(files, catalogue, datasets) -> None:
    rows = _csv(files[_name("plan")])
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


def test_plan_rows_agree_with_the_chapter_counts(files, catalogue, datasets) -> None:
    """The report year's rows give the counts the plan chapter states (4 done, 3 delayed...)."""
    from collections import Counter

    from report.publish.context import plan_follow_up

    rows = [r for r in _csv(files[_name("plan")]) if r["year"] == str(YEAR)]
    counted = Counter(r["status"] for r in rows)
    follow_up = plan_follow_up(catalogue, datasets[YEAR], None, "ar")
    assert counted == Counter({k: v for k, v in follow_up.n.items() if v})


def test_plan_resource_keys_and_statuses(files) -> None:
    pkg = json.loads(files["datapackage.json"])
    plan = next(r for r in pkg["resources"] if r["name"] == "plan")
    assert plan["path"] == _name("plan")
    assert plan["schema"]["primaryKey"] == ["year", "measure"]
    fields = {f["name"]: f for f in plan["schema"]["fields"]}
    statuses = set(fields["status"]["constraints"]["enum"])
    assert {r["status"] for r in _csv(files[plan["path"]])} <= statuses
    assert fields["value"]["type"] == "number" and fields["unit"]["constraints"]["enum"] == [
        "count", "percent"]
