"""The demo town's exports as they print: rendered by LibreOffice (headless) to PDF, and read
back from the PDF with poppler's pdfinfo and pdftotext.

Each document is rendered once for the whole module. Without LibreOffice, poppler or a Song
(宋体-style) font the rendering tests are skipped, unless JIEDUI_REQUIRE_LIBREOFFICE=1 (as in CI),
when they fail instead. The print scale computed from the column widths needs none of them.
"""
import csv
import io
import math
import os
import re
import shutil
import subprocess
import tempfile

import openpyxl
import pytest
from conftest import REQUIRE_SERVER, SERVER, fresh_town

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("JIEDUI_BIN") or os.path.join(ROOT, ".build", "debug", "jiedui")
REQUIRE = os.environ.get("JIEDUI_REQUIRE_LIBREOFFICE") == "1"
TODAY = "2024-12-31"

# The sheets name 宋体, which Linux lacks: LibreOffice would draw its digits in DejaVu Sans, a
# seventh wider, and size every column by them. As on an office PC, where 宋体 is installed, a
# Song typeface stands in for it: AR PL UMing (Debian's fonts-arphic-uming).
SONG_FONT = "AR PL UMing CN"
FONTS_CONF = f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>宋体</family><prefer><family>{SONG_FONT}</family></prefer></alias>
  <alias binding="same"><family>SimSun</family><prefer><family>{SONG_FONT}</family></prefer></alias>
</fontconfig>
"""

# Paper sizes in points (short side, long side), by SpreadsheetML paperSize code.
PAPER = {9: ("A4", 595.28, 841.89), 8: ("A3", 841.89, 1190.55)}
# One unit of column width printed at 100%: a digit of 宋体 11pt, 8 px at 96 dpi (PageSetup.swift).
POINTS_PER_UNIT = 6.0


def unavailable(reason):
    if REQUIRE:
        pytest.fail(reason + " (JIEDUI_REQUIRE_LIBREOFFICE=1)")
    pytest.skip(reason)


def jiedui(folder, *args):
    env = dict(os.environ, LANG="C.UTF-8", JIEDUI_TODAY=TODAY)
    env.pop("LC_ALL", None)
    result = subprocess.run([BINARY, "--db", os.path.join(folder, "demo.db"), *args],
                            capture_output=True, text=True, env=env, cwd=folder)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def demo():
    """The demo town's exports: the ledger on A4 and on A3, the book of one village, the fourth
    quarter's report, the roster, and the ledger as CSV with the numbers in full."""
    folder = tempfile.mkdtemp(prefix="jiedui-print-")
    jiedui(folder, "--demo", "-c", "village list")
    villages = [line.split()[0] for line in jiedui(folder, "--format", "tsv", "-c", "village list show name").splitlines()[1:]]
    jiedui(folder, "-c", "export ledger to=ledger.xlsx")
    jiedui(folder, "-c", "export ledger to=ledger-a3.xlsx paper=A3")
    jiedui(folder, "-c", f"export book to=book.xlsx village={villages[1]}")
    jiedui(folder, "-c", "export quarter 2024Q4 to=quarter.xlsx")
    jiedui(folder, "-c", "export roster to=roster.xlsx")
    jiedui(folder, "-c", "export changes from=2024-01-01 to=2024-12-31 to=changes.xlsx")
    jiedui(folder, "-c", "export ledger to=ledger.csv reveal")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def renderings(demo):
    """The six workbooks as PDF, and the CSV as LibreOffice reads it (saved as XLSX); or why not."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        return {"missing": "LibreOffice is not installed (libreoffice-calc-nogui)"}
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        return {"missing": "poppler's pdfinfo and pdftotext are not installed (poppler-utils)"}
    profile = tempfile.mkdtemp(prefix="jiedui-office-")
    with open(os.path.join(profile, "fonts.conf"), "w", encoding="utf-8") as f:
        f.write(FONTS_CONF)
    env = dict(os.environ, HOME=profile, FONTCONFIG_FILE=os.path.join(profile, "fonts.conf"))
    common = [office, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}/user"]
    try:
        subprocess.run(common + ["--convert-to", "pdf", "--outdir", demo,
                                 *[os.path.join(demo, name) for name in ("ledger.xlsx", "ledger-a3.xlsx", "book.xlsx", "quarter.xlsx", "roster.xlsx", "changes.xlsx")]],
                       check=True, capture_output=True, env=env, timeout=600)
        # The CSV opened as UTF-8 with commas and quotes, as docs/language.md tells a clerk to.
        opened = os.path.join(demo, "opened")
        subprocess.run(common + ["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", opened,
                                 os.path.join(demo, "ledger.csv")],
                       check=True, capture_output=True, env=env, timeout=600)
        song = subprocess.run(["fc-list", SONG_FONT], capture_output=True, text=True, env=env).stdout.strip() != ""
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return {"folder": demo, "song_font": song}


@pytest.fixture
def rendered(renderings):
    """The renderings; without them a test fails (under JIEDUI_REQUIRE_LIBREOFFICE=1) or is
    skipped, in the test itself, so that pytest counts a failure and not a broken fixture."""
    return renderings


def ready(rendered):
    if "missing" in rendered:
        unavailable(rendered["missing"])


def pdf(rendered, name):
    return os.path.join(rendered["folder"], name + ".pdf")


def page_sizes(path):
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout).group(1))
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), path], capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)]


def text(path, page=None, raw=False):
    args = ["pdftotext"] + (["-raw"] if raw else []) + (["-f", str(page), "-l", str(page)] if page else []) + [path, "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def squeezed(value):
    return re.sub(r"\s+", "", str(value))


def words(path, page):
    """pdftotext's words on a page, with their boxes: (x0, y0, x1, y1, text)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), path, "-"], capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), html_unescaped(w)) for a, b, c, d, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def html_unescaped(word):
    return word.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def cell_texts(sheet):
    return [squeezed(c.value) for row in sheet.iter_rows() for c in row if c.value is not None and squeezed(c.value)]


def measured_scale(sheet, path):
    """The scale LibreOffice printed the sheet's first page at, from where two rows' text lands.

    Row heights are points, whatever the font: the distance between the centres of two rows'
    single-line text is the heights between them times the scale. Anchors are texts that occur
    once in the sheet and once on the page; the two farthest apart are used."""
    default = sheet.sheet_format.defaultRowHeight or 15
    height = {r: sheet.row_dimensions[r].height or default for r in range(1, sheet.max_row + 1)}
    rows_of = {}
    for row in sheet.iter_rows():
        for c in row:
            if c.value is not None:
                rows_of.setdefault(squeezed(c.value), []).append(c.row)
    centres = {}
    page_words = words(path, 1)
    counts = {}
    for *_, w in page_words:
        counts[w] = counts.get(w, 0) + 1
    for x0, y0, x1, y1, w in page_words:
        if counts[w] == 1 and len(rows_of.get(w, [])) == 1:
            centres[rows_of[w][0]] = (y0 + y1) / 2
    assert len(centres) >= 2, "two rows to measure the scale by"
    first, last = min(centres), max(centres)
    span = height[first] / 2 + sum(height[r] for r in range(first + 1, last)) + height[last] / 2
    return (centres[last] - centres[first]) / span


def width_scale(path):
    """The scale at which a sheet prints fitted to one page wide, from its column widths and page
    setup alone: the model of PageSetup.swift, computed here independently of it."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    widths = [d.width for _, d in sorted(sheet.column_dimensions.items(), key=lambda kv: openpyxl.utils.column_index_from_string(kv[0]))]
    setup = sheet.page_setup
    name, short, long = PAPER[int(setup.paperSize)]
    across = long if setup.orientation == "landscape" else short
    printable = across - (sheet.page_margins.left + sheet.page_margins.right) * 72
    assert setup.fitToWidth in (1, "1") and sheet.sheet_properties.pageSetUpPr.fitToPage
    return min(100, math.floor(printable / (sum(widths) * POINTS_PER_UNIT) * 100))


# Without LibreOffice

def test_the_ledger_prints_at_sixty_percent_by_its_column_widths(demo):
    a4 = width_scale(os.path.join(demo, "ledger.xlsx"))
    a3 = width_scale(os.path.join(demo, "ledger-a3.xlsx"))
    assert a4 >= 60, f"the A4 ledger prints at {a4}%"
    assert a3 > a4 and a3 >= 85
    assert width_scale(os.path.join(demo, "quarter.xlsx")) >= 60
    assert width_scale(os.path.join(demo, "book.xlsx")) >= 60
    assert width_scale(os.path.join(demo, "roster.xlsx")) >= 60


# Rendered by LibreOffice

def test_every_page_is_on_the_paper_asked_for(rendered):
    ready(rendered)
    for name, paper, landscape in [("ledger", "A4", True), ("ledger-a3", "A3", True), ("quarter", "A4", True), ("book", "A4", False),
                                     ("roster", "A4", True)]:
        sizes = page_sizes(pdf(rendered, name))
        assert sizes, name
        short, long = {"A4": (595.28, 841.89), "A3": (841.89, 1190.55)}[paper]
        expected = (long, short) if landscape else (short, long)
        for number, (w, h) in enumerate(sizes, 1):
            assert abs(w - expected[0]) < 1.5 and abs(h - expected[1]) < 1.5, f"{name} page {number} is {w} x {h}"


@pytest.mark.parametrize("name,heading", [("ledger", "身份证号"), ("roster", "公民身份证号码")])
def test_the_title_and_headings_are_on_every_ledger_page(rendered, name, heading):
    ready(rendered)
    sheet = openpyxl.load_workbook(os.path.join(rendered["folder"], name + ".xlsx")).worksheets[0]
    title = squeezed(sheet["A1"].value)
    pages = len(page_sizes(pdf(rendered, name)))
    assert pages >= 2, f"the demo {name} no longer fits on one page"
    for page in range(1, pages + 1):
        on_page = squeezed(text(pdf(rendered, name), page, raw=True))
        assert title in on_page, f"page {page}"
        assert heading in on_page and f"第{page}页，共{pages}页" in on_page


def overlapping_words(path):
    """Words drawn over one another: the lines of a wrapped text that its row is too low for,
    which LibreOffice draws across the rows above and below. (A word's box is taller than a line
    is high, so the lines of one cell overlap by a fifth; text over text overlaps by far more.)"""
    found = []
    for page in range(1, len(page_sizes(path)) + 1):
        boxes = sorted(words(path, page))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if b[0] >= a[2]:
                    break
                across = min(a[2], b[2]) - max(a[0], b[0])
                down = min(a[3], b[3]) - max(a[1], b[1])
                if across > 0.5 and down > 0.4 * min(a[3] - a[1], b[3] - b[1]):
                    found.append((page, a[4], b[4]))
    return found


@pytest.mark.parametrize("name", ["ledger", "ledger-a3", "quarter", "book", "roster", "changes"])
def test_no_cell_text_is_cut(rendered, name):
    """A cell's text is cut when its row is too low or its column too narrow. LibreOffice then
    either leaves the part cut off out of the PDF, or draws it over the neighbouring rows.

    It draws each cell's lines one after another, so every cell's text, spaces and line breaks
    aside, is in the PDF's text at least as often as in the sheet; and no two words overlap."""
    ready(rendered)
    book = openpyxl.load_workbook(os.path.join(rendered["folder"], name + ".xlsx"))
    printed = squeezed(text(pdf(rendered, name), raw=True))
    expected = {}
    for sheet in book.worksheets:
        for cell in cell_texts(sheet):
            expected[cell] = expected.get(cell, 0) + 1
    missing = [t for t, n in expected.items() if printed.count(t) < n]
    assert not missing, f"cut or missing in {name}: {missing[:10]}"
    overlaps = overlapping_words(pdf(rendered, name))
    assert not overlaps, f"text drawn over text in {name}: {overlaps[:5]}"


def test_each_child_s_pages_are_numbered_from_one(rendered):
    ready(rendered)
    path = pdf(rendered, "book")
    book = openpyxl.load_workbook(os.path.join(rendered["folder"], "book.xlsx"))
    titles = [squeezed(sheet["A1"].value) for sheet in book.worksheets]
    assert len(titles) >= 2
    pages = len(page_sizes(path))
    numbers = {}
    for page in range(1, pages + 1):
        on_page = squeezed(text(path, page))
        child = next(t for t in titles if t in on_page)
        numbers.setdefault(child, []).append(int(re.search(r"第(\d+)页", on_page).group(1)))
        assert "共" not in re.search(r"第\d+页.{0,3}", on_page).group(0), "no workbook-wide page count"
    assert list(numbers) == titles
    for child, seen in numbers.items():
        assert seen == list(range(1, len(seen) + 1)), child


def test_the_ledger_prints_at_sixty_percent_or_more(rendered):
    ready(rendered)
    if not rendered["song_font"]:
        unavailable(f"no Song font to stand in for 宋体 ({SONG_FONT}, fonts-arphic-uming)")
    folder = rendered["folder"]
    scales = {}
    for name in ("ledger", "ledger-a3", "quarter", "book", "roster"):
        sheet = openpyxl.load_workbook(os.path.join(folder, name + ".xlsx")).worksheets[0]
        scales[name] = measured_scale(sheet, pdf(rendered, name))
    assert scales["ledger"] >= 0.60, scales
    assert scales["ledger-a3"] > scales["ledger"] + 0.15, scales
    assert scales["quarter"] >= 0.60 and scales["book"] >= 0.60 and scales["roster"] >= 0.60, scales
    # Nothing but the columns sets the scale: LibreOffice prints at what their widths allow.
    assert abs(scales["ledger"] * 100 - width_scale(os.path.join(folder, "ledger.xlsx"))) < 12, scales


def test_libreoffice_keeps_the_csv_s_numbers_as_text(rendered):
    ready(rendered)
    folder = rendered["folder"]
    with open(os.path.join(folder, "ledger.csv"), encoding="utf-8-sig", newline="") as f:
        exported = list(csv.reader(f))
    opened = openpyxl.load_workbook(os.path.join(folder, "opened", "ledger.xlsx")).worksheets[0]
    headings = exported[0]
    assert [c.value for c in opened[1]] == headings, "read as UTF-8"
    checked = 0
    for row, line in zip(opened.iter_rows(min_row=2), exported[1:]):
        for heading in ("身份证号", "监护人电话", "帮扶人电话"):
            i = headings.index(heading)
            if not line[i]:
                continue
            assert line[i].startswith("\t"), "a long digit string is written after a tab"
            cell = row[i]
            assert cell.data_type == "s", f"{heading} {cell.value!r} became a number"
            assert cell.value.strip() == line[i].strip(), "every digit kept"
            checked += 1
    assert checked > 100


def test_a_server_exports_the_very_files_that_print(demo):
    """The demo town moved to a server (migrate) exports the same bytes as the file: what
    prints from the file prints from the server."""
    if not SERVER:
        if REQUIRE_SERVER:
            pytest.fail("JIEDUI_REQUIRE_PG=1 but JIEDUI_TEST_PG names no server")
        pytest.skip("JIEDUI_TEST_PG names no server")
    town = fresh_town()
    jiedui(demo, "-c", f'migrate to="{town}"')
    folder = tempfile.mkdtemp(prefix="jiedui-print-server-")
    villages = [line.split()[0] for line in jiedui(demo, "--format", "tsv", "-c", "village list show name").splitlines()[1:]]
    env = dict(os.environ, LANG="C.UTF-8", JIEDUI_TODAY=TODAY)
    env.pop("LC_ALL", None)
    for command, name in [("export ledger to={}", "ledger.xlsx"), ("export ledger to={} paper=A3", "ledger-a3.xlsx"),
                          (f"export book to={{}} village={villages[1]}", "book.xlsx"), ("export quarter 2024Q4 to={}", "quarter.xlsx"), ("export roster to={}", "roster.xlsx"),
                          ("export ledger to={} reveal", "ledger.csv")]:
        result = subprocess.run([BINARY, "--db", town, "-c", command.format(os.path.join(folder, name))],
                                capture_output=True, text=True, env=env, cwd=folder)
        assert result.returncode == 0, result.stderr
        with open(os.path.join(folder, name), "rb") as a, open(os.path.join(demo, name), "rb") as b:
            assert a.read() == b.read(), f"{name} differs on the server"
    shutil.rmtree(folder, ignore_errors=True)
