"""Hostile uploads (issue 15 item 3): too large, too many rows, zip bombs, macros, legacy and
non-spreadsheet files, undecodable text, formula cells, overlong cells — each a clear 422 (or a
row's error), never a 500, nothing written."""

import io
import zipfile

import pytest

from core.imports import reading
from tests.core.imports.files import csv_file, upload, xlsx_file

HEADER = ["external_id", "name"]


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def with_macros() -> bytes:
    """A real workbook with a ``vbaProject.bin`` part added (what an .xlsm carries)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_file([HEADER, ["1", "x"]])))
    return zip_of({**{n: source.read(n) for n in source.namelist()}, "xl/vbaProject.bin": b"\x00" * 64})


HOSTILE = {
    "over the size bound": (b"external_id,name\n" + b"1," + b"x" * reading.MAX_BYTES, "larger than"),
    "too many rows": (csv_file([HEADER, *([str(i), "x"] for i in range(reading.MAX_ROWS + 1))]), "more than"),
    "zip bomb": (zip_of({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\x00" * 80_000_000}),
                 "expands"),
    "macros": (with_macros(), "macros"),
    "zip that is no workbook": (zip_of({"readme.txt": b"hello"}), "not an XLSX"),
    "legacy xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "legacy .xls"),
    "an image": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100, "neither a readable XLSX"),
    "neither UTF-8 nor GB18030": (b"external_id,name\n1,\x80\xff\x80\n", "neither UTF-8 nor GB18030"),
    "a NUL byte far into the text": (b"external_id,name\n" + b"1,x\n" * 3000 + b"2,\x00\n", "neither a readable XLSX"),
    "empty": (b"  \n", "empty"),
}


@pytest.mark.parametrize("case", HOSTILE)
async def test_hostile_file_is_a_clear_422(tenant_a, case):
    content, reason = HOSTILE[case]
    response = await upload(tenant_a, "customers", content, name="list.xlsx" if content[:2] == b"PK" else "list.csv")
    assert response.status_code in (413, 422), response.text
    if response.status_code == 422:
        error = response.json()["errors"][0]
        assert error["field"] == "file" and reason in error["message"], error
    assert (await tenant_a.get("/api/v1/imports")).json()["items"] == []
    assert (await tenant_a.get("/api/v1/customers")).json()["items"] == []


async def test_macro_enabled_file_name_is_refused(tenant_a):
    response = await upload(tenant_a, "customers", xlsx_file([HEADER, ["1", "x"]]), name="list.xlsm")
    assert response.status_code == 422 and "macro" in response.json()["errors"][0]["message"]


async def test_formula_and_overlong_cells_fail_their_rows_only(tenant_a):
    rows = [HEADER, ["F1", "=HYPERLINK(\"http://evil.test\",\"点我\")"], ["L1", "x" * (reading.MAX_CELL + 1)],
            ["OK", "好客户"]]
    job = (await upload(tenant_a, "customers", xlsx_file(rows), name="list.xlsx")).json()
    assert [r["outcome"] for r in job["results"]] == ["failed", "failed", "created"]
    assert job["results"][0]["errors"][0] == {"column": "name", "message": "formula cells are not read; paste the values"}
    assert job["results"][1]["errors"][0]["message"] == f"longer than {reading.MAX_CELL} characters"
    assert [c["name"] for c in (await tenant_a.get("/api/v1/customers")).json()["items"]] == ["好客户"]


async def test_unknown_kind_names_the_field(tenant_a):
    response = await upload(tenant_a, "robots", csv_file([HEADER, ["1", "x"]]))
    assert response.status_code in (400, 422)
    assert "kind" in response.text


async def test_cells_are_held_to_the_api_bounds(tenant_a):
    await tenant_a.enable("lighting")
    await upload(tenant_a, "customers", csv_file([HEADER, ["C1", "x"]]))
    rows = [["external_id", "customer_external_id", "type", "model", "serial"],
            ["A1", "C1", "lighting.cfl", "型" * 201, ""], ["A2", "C1", "lighting.cfl", "", "S" * 201],
            ["A3", "C1", "lighting.cfl", "ok", ""]]
    job = (await upload(tenant_a, "assets", csv_file(rows))).json()
    assert [r["outcome"] for r in job["results"]] == ["failed", "failed", "created"]
    assert job["results"][0]["errors"] == [{"column": "model", "message": "must be at most 200 characters"}]
    assert job["results"][1]["errors"][0]["column"] == "serial"
