"""Every export read back by an independent reader (openpyxl), and imports of sheets made by it:
the files a town files and the sheets villages send."""
import csv
import glob
import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import zipfile

import openpyxl
import pytest
from conftest import database

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("JIEDUI_BIN") or os.path.join(ROOT, ".build", "debug", "jiedui")

TOWN = """
set today 2024-12-31
set town 金宝镇
set filer 王丽
village add name=金宝村
village add name=石门村
unit add name=区统计局 villages=金宝村
unit add name=镇党政办 villages=石门村
family add village=金宝村 guardian=王大爷 guardian_relation=祖父母 guardian_phone=13800001111 father=外出务工 mother=外出务工
child add name=王小花 idno=511304201405010121 family=F0001 category=留守儿童
child add name=王小明 idno=511304201609120218 family=F0001 category=6
family add village=石门村 guardian=赵奶奶 guardian_relation=祖父母 father=死亡 mother=失踪
child add name=赵小红 idno=511304201002030320 family=F0002 category=孤儿
family add village=金宝村 guardian=孙阿姨 guardian_relation=母亲 dibao=是
child add name=孙小丽 idno=511304201906150528 family=F0003 category=其他低保家庭儿童
helper add name=李芳 sex=女 unit=区统计局 position=科员 phone=13900002222
helper add name=周敏 sex=女 unit=镇党政办 phone=13900004444
pair add family=F0001 helper=李芳 since=2024-01-10
pair add child=C0003 helper=周敏 since=2024-02-01
pair add child=C0004 unit=区统计局 since=2024-03-01 override="低保户包片"
visit add child=C0001 date=2024-02-05 kind=特殊关爱 occasion=春节 topics=防溺水,生命健康
visit add child=C0003 date=2024-05-05
visit add child=C0003 date=2024-08-05 kind=电话
training add date=2024-03-01 title=儿童关爱政策培训 attendees=李芳
need add child=C0001 date=2024-04-01 kind=教育缺位 measures=教育帮扶
need add child=C0003 date=2024-05-01 kind=经济困难
need resolve N0002 date=2024-06-01 measures=临时救助
alert add child=C0003 date=2024-05-03 situation=失踪 reported_to=公安 reported=2024-05-03
"""


# The town of each test's folder: a file in it, or a town on the server.
DATABASES = {}


def run(folder, *args, stdin=None, today="2024-12-31"):
    env = dict(os.environ, LANG="C.UTF-8", JIEDUI_TODAY=today)
    env.pop("LC_ALL", None)
    db = DATABASES.get(folder) or os.path.join(folder, "town.db")
    return subprocess.run([BINARY, "--db", db, "--format", "json", *args],
                          input=stdin, capture_output=True, text=True, env=env, cwd=folder)


@pytest.fixture
def town(store):
    folder = tempfile.mkdtemp(prefix="jiedui-export-")
    DATABASES[folder] = database(store, folder)
    result = run(folder, "-f", "-", stdin=TOWN)
    assert result.returncode == 0, result.stderr
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def export(folder, command, today="2024-12-31"):
    result = run(folder, "-c", command, today=today)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout.strip().splitlines()[-1])
    with open(os.path.join(folder, info["path"]) if not os.path.isabs(info["path"]) else info["path"], "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == info["sha256"], "the printed SHA-256 is the file's"
    return info


def test_ledger_xlsx_reads_back_with_the_right_cells_and_page_setup(town):
    info = export(town, "export ledger to=台账.xlsx year=2024")
    assert info["rows"] == 4
    book = openpyxl.load_workbook(os.path.join(town, "台账.xlsx"))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "金宝镇困境儿童和农村留守儿童关爱结对帮扶台账（2024年）"
    merged = [str(r) for r in sheet.merged_cells.ranges]
    assert "A1:U1" in merged
    assert sheet["A2"].value == "填报单位（盖章）：金宝镇人民政府"
    assert any(str(c.value).startswith("填报时间：2024年12月31日") for c in sheet[2] if c.value)
    headings = [c.value for c in sheet[3]]
    assert headings[:6] == ["序号", "村（社区）", "儿童姓名", "性别", "出生日期", "身份证号"]
    assert headings[-1] == "备注" and len(headings) == 21
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4, max_row=7)]
    # Sorted by village (in the order added), then category number, then id.
    assert [r[2] for r in rows] == ["孙小丽", "王小花", "王小明", "赵小红"]
    idno_cell = sheet.cell(row=5, column=6)
    assert idno_cell.data_type == "s" and idno_cell.value == "511304********0121", "masked, and a text cell"
    assert sheet.cell(row=5, column=17).data_type == "n" and sheet.cell(row=5, column=17).value == 1
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    assert rows[0][10] == "（包片）区统计局" and "低保户包片" in rows[0][20]
    assert rows[1][18] == "教育缺位" and rows[1][19] == "教育帮扶"
    assert rows[3][10] == "周敏" and rows[3][16] == 2 and rows[3][17] == "2024-08-05"
    total = sheet.cell(row=8, column=1).value
    assert total.startswith("合计：4人（孤儿1人") and "农村留守儿童2人" in total
    assert "填表人（签名）：王丽" in sheet.cell(row=9, column=1).value
    # The heading rows and 序号–儿童姓名 stay in view; the heading row has filter buttons.
    assert sheet.freeze_panes == "D4"
    assert sheet.auto_filter.ref == "A3:U7"
    assert sheet.print_title_rows in ("1:3", "$1:$3")
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"
    assert sheet.page_setup.fitToWidth in (1, "1") and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["F"].width >= 19, "wide enough for an ID-card number and its padding"
    date = next(c for c in sheet[2] if c.value and str(c.value).startswith("填报时间"))
    assert date.alignment.horizontal == "right"
    # 其他低保家庭儿童 wraps in 儿童类别, a column capped narrower than it: its row gets two lines.
    assert rows[0][6] == "其他低保家庭儿童" and sheet.row_dimensions[4].height == 30
    # A row that fits on one line has no height written: 赵小红's (孤儿, nothing in 备注).
    assert rows[3][6] == "孤儿" and rows[3][20] in (None, "") and sheet.row_dimensions[7].height in (None, 15)
    # 备注 says what the ledger has no column for: a left-behind child's entrustment not signed.
    assert rows[1][20] == "未签委托监护确认书" and sheet.row_dimensions[5].height == 30


def test_ledger_on_a3_and_a_paper_that_is_not_there(town):
    export(town, "export ledger to=a3.xlsx paper=A3")
    sheet = openpyxl.load_workbook(os.path.join(town, "a3.xlsx")).worksheets[0]
    assert str(sheet.page_setup.paperSize) == "8" and sheet.page_setup.orientation == "landscape"
    refused = run(town, "-c", "export ledger to=b5.xlsx paper=B5")
    assert refused.returncode != 0 and "B5" in refused.stderr and "A3" in refused.stderr


def test_exports_are_byte_identical_for_the_same_database_and_day(town):
    first = export(town, "export ledger to=a.xlsx")
    second = export(town, "export ledger to=b.xlsx")
    assert first["sha256"] == second["sha256"]
    with open(os.path.join(town, "a.xlsx"), "rb") as a, open(os.path.join(town, "b.xlsx"), "rb") as b:
        assert a.read() == b.read()


def test_reveal_shows_numbers_and_is_audited(town):
    export(town, "export ledger to=r.xlsx reveal")
    sheet = openpyxl.load_workbook(os.path.join(town, "r.xlsx")).worksheets[0]
    assert sheet.cell(row=5, column=6).value == "511304201405010121"
    assert oct(os.stat(os.path.join(town, "r.xlsx")).st_mode & 0o777) == "0o600"
    log = run(town, "-c", "log limit 1").stdout
    assert "reveal" in log


def test_ledger_csv_has_bom_headings_and_formula_guard(town):
    run(town, "-c", 'family set F0003 guardian="=HYPERLINK(1)"')
    export(town, "export ledger to=台账.csv")
    data = open(os.path.join(town, "台账.csv"), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "序号" and len(rows) == 5
    assert any(cell == "'=HYPERLINK(1)" for row in rows for cell in row)


def test_revealed_csv_writes_long_numbers_as_text_and_import_reads_them_back(town):
    export(town, "export ledger to=r.csv reveal")
    text = open(os.path.join(town, "r.csv"), encoding="utf-8-sig", newline="").read()
    rows = list(csv.reader(io.StringIO(text)))
    ids = [row[5] for row in rows[1:]]
    # A tab inside the quotes keeps every digit in Excel and LibreOffice.
    assert "\t511304201405010121" in ids and all(i.startswith("\t") for i in ids)
    assert '"\t13800001111"' in text
    assert all(not row[16].startswith("\t") for row in rows[1:]), "counts stay numbers"


def test_an_errors_file_imports_back_exactly(town):
    """jiedui's own CSV, the .errors.csv, goes back in as it came out: numbers in full."""
    path = os.path.join(town, "survey.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("姓名,身份证号,儿童类别,村（社区）,监护人,监护人电话,心愿清单\n")
        f.write("甲,51130420121130041X,6,金宝村,甲家长,13800006666,+一盒积木\n")  # wrong check character
    assert run(town, "-c", f"import child {path}").returncode == 1
    errors = os.path.join(town, "survey.errors.csv")
    raw = open(errors, encoding="utf-8-sig").read()
    assert '"\t51130420121130041X"' in raw and '"\t13800006666"' in raw and "'+一盒积木" in raw
    fixed = raw.replace("51130420121130041X", "511304201211300411")
    with open(errors, "w", encoding="utf-8-sig", newline="") as f:
        f.write(fixed)
    result = run(town, "-c", f"import child {errors} ignore=错误原因")
    assert result.returncode == 0, result.stderr
    child = json.loads(run(town, "--reveal", "-c", "child list where name = 甲 show idno,wishes").stdout)[0]
    assert child == {"idno": "511304201211300411", "wishes": "+一盒积木"}
    family = json.loads(run(town, "--reveal", "-c", "family list where guardian = 甲家长 show guardian_phone").stdout)[0]
    assert family == {"guardian_phone": "13800006666"}


def test_quarter_report_adds_up_and_files_the_quarter(town):
    before = json.loads(run(town, "-c", "check").stdout.strip())
    assert any(f["ref"] == "2024Q2" for f in before if f["code"] == "quarter-report")
    export(town, "export quarter 2024Q2 to=q2.xlsx", today="2024-06-05")
    sheet = openpyxl.load_workbook(os.path.join(town, "q2.xlsx")).worksheets[0]
    assert sheet["A1"].value == "金宝镇困境儿童和农村留守儿童关爱结对帮扶成效统计表（2024年第2季度）"
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    start = next(i for i, r in enumerate(cells) if r[0] == "儿童类别")
    table = cells[start + 1:start + 8]
    assert [r[0] for r in table] == ["孤儿", "事实无人抚养儿童", "低保家庭重残重病儿童", "其他低保家庭儿童", "其他困境儿童", "农村留守儿童", "合计"]
    for r in table:
        assert r[1] == r[2] + r[3] + r[4], f"在册 = 已结对 + 包片 + 未结对 on {r[0]}"
    for col in range(1, 10):
        assert table[-1][col] == sum(r[col] for r in table[:-1]), "each 合计 is its column's sum"
    assert table[-1][1] == 4 and table[0][5] == 1  # 4 active; one visit to the orphan in Q2
    assert table[0][7] == 1 and table[0][9] == 1     # the orphan's need and alert, found in Q2
    # Captions and 合计 rows are bold; a quarter without trainings says so in words.
    caption = next(c for row in sheet.iter_rows() for c in row if c.value == "表一 分类结对帮扶情况")
    assert caption.font.b
    # 合计 of 表一, 表三, 表四 and 表五 (表二 has none without trainings).
    totals = [r for r in sheet.iter_rows() if r[0].value == "合计"]
    assert len(totals) == 4 and all(c.font.b for r in totals for c in r if c.value is not None)
    assert ["本季度无培训"] in [[v for v in r if v is not None] for r in cells]
    after = json.loads(run(town, "-c", "check").stdout.strip())
    assert not any(f["ref"] == "2024Q2" for f in after if f["code"] == "quarter-report")


def test_books_have_one_sheet_per_child(town):
    info = export(town, "export book to=台账本.xlsx")
    assert info["rows"] == 4
    book = openpyxl.load_workbook(os.path.join(town, "台账本.xlsx"))
    assert book.sheetnames == ["C0004 孙小丽", "C0001 王小花", "C0002 王小明", "C0003 赵小红"]
    sheet = book["C0003 赵小红"]
    text = [str(c.value) for r in sheet.iter_rows() for c in r if c.value is not None]
    assert "金宝镇困境儿童和农村留守儿童结对帮扶台账（赵小红）" in text
    assert "511304********0320" in text
    assert "2024-05-05" in text and "周敏" in text
    assert "失踪" in text
    # The family by its village and guardian; the signature line has its date.
    assert "石门村 赵奶奶（F0002）" in text
    assert any(t.endswith("日期：") and "儿童主任（签名）" in t for t in text)
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.oddFooter.center.text == "第 &P 页"


def test_a_book_holds_the_survey_forms_fields_and_the_calls_to_the_parents(town):
    for command in ["child set C0001 ethnicity=苗 schooling=小学 risk=黄 risk_reason=思念父母",
                    "family set F0001 father_name=王建国 father_phone=13700001234 father_workplace=广东省东莞市 entrusted=2023-12-20",
                    "visit add child=C0001 date=2024-12-20 kind=联系父母 found=父亲身体健康"]:
        result = run(town, "-c", command)
        assert result.returncode == 0, result.stderr
    export(town, "export book to=王小花.xlsx child=C0001")
    sheet = openpyxl.load_workbook(os.path.join(town, "王小花.xlsx")).worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    pairs = {r[i]: r[i + 1] for r in rows for i in (0, 4) if len(r) > i + 1 and r[i] is not None}
    assert pairs["民族"] == "苗族" and pairs["就学情况"] == "小学"
    assert pairs["风险等级"] == "黄" and pairs["风险说明"] == "思念父母"
    assert pairs["父亲姓名"] == "王建国" and pairs["父亲务工地点"] == "广东省东莞市"
    assert pairs["父亲电话"] == "137****1234", "masked like every phone"
    assert pairs["委托监护确认书"] == "2023-12-20"
    assert any(r[0] == "2024-12-20" and r[1] == "联系父母" for r in rows), "the call is among the visits"


def test_a_book_shows_why_a_report_was_late_and_takes_widths_from_unmerged_cells(town):
    note = "走访时发现孩子独自在家，已联系村委会和学校共同照看，并约定每周电话回访一次"
    run(town, "-c", f"alert add child=C0001 date=2024-06-01 situation=失踪 reported_to=公安 reported=2024-06-05 override=周末无法联系派出所")
    run(town, "-c", f"visit add child=C0001 date=2024-06-02 note={note}")
    export(town, "export book to=王小花.xlsx child=C0001")
    sheet = openpyxl.load_workbook(os.path.join(town, "王小花.xlsx")).worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    heading = next(r for r in rows if r[0] == "发现日期" and r[1] == "情形")
    assert heading[4] == "迟报原因"
    assert any(r[4] == "周末无法联系派出所" for r in rows)
    widths = [sheet.column_dimensions[c].width for c in "ABCDEFGH"]
    assert max(widths) <= 30, "capped, the long note wraps"
    assert widths[1] < 30, "the values merged across B:D do not widen B"
    row = next(r for r in sheet.iter_rows() if r[7].value == note)
    assert sheet.row_dimensions[row[0].row].height >= 30, "the wrapped note gets its lines"


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_import_children_from_a_survey_sheet_with_title_rows(town):
    path = os.path.join(town, "摸排.xlsx")
    write_xlsx(path, [
        ["金宝镇困境儿童摸排表"],
        ["填报单位：石门村"],
        ["姓名", "身份证号", "儿童类别", "村（社区）", "监护人", "监护人电话", "家庭"],
        ["钱小军", "511304201211300411", "6", "石门村", "钱伯伯", "13800005555", "甲"],
        ["钱小丽", "511304201506010024", "留守儿童", "石门村", "钱伯伯", "13800005555", "甲"],
    ])
    result = run(town, "-c", f"import child {path}")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip()) == {"read": 2, "added": 2, "updated": 0, "rejected": 0}
    kids = json.loads(run(town, "-c", "child list where village = 石门村 show id,name,family").stdout)
    families = {k["family"] for k in kids if k["name"].startswith("钱")}
    assert len(families) == 1, "rows with the same 家庭 make one family"


def test_a_household_merged_over_its_childrens_rows_is_one_family(town):
    # The usual 摸排表: the guardian, phone and address merged down over a household's children.
    path = os.path.join(town, "合并.xlsx")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["金宝镇困境儿童摸排表"])
    sheet.merge_cells("A1:F1")
    sheet.append(["姓名", "身份证号", "儿童类别", "村（社区）", "监护人", "监护人电话"])
    sheet.append(["钱小军", "511304201211300411", "6", "石门村", "钱伯伯", "13800005555"])
    sheet.append(["钱小丽", "511304201506010024", "6", None, None, None])
    sheet.append(["钱小宝", "51130420170304003" + "8", "6", None, None, None])
    for column in "DEF":
        sheet.merge_cells(f"{column}3:{column}4")
    book.save(path)
    result = run(town, "-c", f"import child {path} keep-going")
    assert result.returncode == 0 and json.loads(result.stdout.strip().splitlines()[-1])["added"] == 2, result.stderr
    kids = json.loads(run(town, "-c", "child list where name ~ 钱 show name,family,village").stdout)
    assert len(kids) == 2 and len({k["family"] for k in kids}) == 1 and {k["village"] for k in kids} == {"石门村"}, kids
    family = json.loads(run(town, "-c", f"family list where id = {kids[0]['family']} show guardian,guardian_phone", "--reveal").stdout)
    assert family == [{"guardian": "钱伯伯", "guardian_phone": "13800005555"}], family
    # The row below the merge has no household: it is refused for its village, not joined.
    assert "合并.xlsx:5:" in result.stderr and "村（社区）" in result.stderr


def test_a_cell_whose_formula_failed_is_refused(town):
    path = os.path.join(town, "公式.xlsx")
    write_xlsx(path, [
        ["姓名", "身份证号", "儿童类别", "村（社区）", "监护人", "就读学校"],
        ["钱小军", "511304201211300411", "6", "石门村", "钱伯伯", "=VLOOKUP(A2,Z1:Z2,2,FALSE)"],
    ])
    # openpyxl writes the formula with no cached value; the value a spreadsheet program saves
    # for a lookup that failed is the error #N/A.
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = parts[name].decode().replace("<f>VLOOKUP(A2,Z1:Z2,2,FALSE)</f>", "<f>VLOOKUP(A2,Z1:Z2,2,FALSE)</f><v>#N/A</v>").encode()
    parts[name] = parts[name].replace(b'<c r="F2"', b'<c r="F2" t="e"', 1)
    with zipfile.ZipFile(path, "w") as z:
        for part, data in parts.items():
            z.writestr(part, data)
    assert b't="e"' in parts[name] and b"#N/A" in parts[name]
    result = run(town, "-c", f"import child {path}")
    assert result.returncode == 1 and "公式.xlsx:2:" in result.stderr and "#N/A" in result.stderr, result.stderr
    assert json.loads(run(town, "-c", "child count").stdout) == 4


def test_bad_rows_stop_the_import_and_are_written_out(town):
    path = os.path.join(town, "bad.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("姓名,身份证号,儿童类别,村（社区）,监护人\n")
        f.write("甲,511304201211300411,6,金宝村,某\n")
        f.write("乙,511304201211300412,6,金宝村,某\n")     # wrong check character
        f.write("丙,511304201405010121,6,金宝村,某\n")     # already registered
    result = run(town, "-c", f"import child {path}")
    assert result.returncode == 1
    assert "bad.csv:3:" in result.stderr and "身份证号" in result.stderr
    assert "C0001" in result.stderr
    assert json.loads(run(town, "-c", "child count").stdout) == 4, "all or nothing"
    errors = list(csv.reader(io.StringIO(open(os.path.join(town, "bad.errors.csv"), encoding="utf-8-sig").read())))
    assert errors[0][-1] == "错误原因" and len(errors) == 3
    kept = run(town, "-c", f"import child {path} keep-going")
    assert json.loads(kept.stdout.strip().splitlines()[-1])["added"] >= 1
    assert json.loads(run(town, "-c", "child count").stdout) == 5


def test_a_rejected_row_leaves_no_family_behind(town):
    # Each row makes a new family (a different guardian); the middle row's child is bad, so
    # its family must not be added either, and the next row's family takes the next id.
    path = os.path.join(town, "families.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("姓名,身份证号,儿童类别,村（社区）,监护人,监护人电话\n")
        f.write("甲,511304201211300411,6,金宝村,甲家长,13800006666\n")
        f.write("乙,511304201211300412,6,金宝村,乙家长,13800007777\n")  # wrong check character
        f.write("丙,511304201506010024,6,石门村,丙家长,13800008888\n")
    before = json.loads(run(town, "-c", "family count").stdout)
    refused = run(town, "-c", f"import child {path}")
    assert refused.returncode == 1
    assert json.loads(run(town, "-c", "family count").stdout) == before, "all or nothing"
    kept = run(town, "-c", f"import child {path} keep-going")
    assert json.loads(kept.stdout.strip().splitlines()[-1]) == {"read": 3, "added": 2, "updated": 0, "rejected": 1}
    families = json.loads(run(town, "-c", "family list show id,guardian").stdout)
    guardians = {f["guardian"]: f["id"] for f in families}
    assert "乙家长" not in guardians
    assert guardians["甲家长"] == f"F{before + 1:04d}" and guardians["丙家长"] == f"F{before + 2:04d}"
    kids = json.loads(run(town, "-c", "child list where name in (甲, 丙) show name,family").stdout)
    assert {k["name"]: k["family"] for k in kids} == {"甲": guardians["甲家长"], "丙": guardians["丙家长"]}


def test_gb18030_csv_and_update(town):
    path = os.path.join(town, "gb.csv")
    with open(path, "wb") as f:
        f.write("姓名,身份证号,就读学校\n王小花,511304201405010121,金宝小学\n".encode("gb18030"))
    refused = run(town, "-c", f"import child {path}")
    assert refused.returncode == 1
    result = run(town, "-c", f"import child {path} update")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip()) == {"read": 1, "added": 0, "updated": 1, "rejected": 0}
    shown = json.loads(run(town, "-c", "child show C0001").stdout)
    assert shown["school"] == "金宝小学"


def test_unknown_headings_and_numbers_that_lost_digits(town):
    path = os.path.join(town, "odd.xlsx")
    write_xlsx(path, [["姓名", "身份证号", "儿童类别", "村（社区）", "鞋码"], ["丁", "511304201211300411", "6", "金宝村", "32"]])
    result = run(town, "-c", f"import child {path}")
    assert result.returncode == 1 and "鞋码" in result.stderr
    assert run(town, "-c", f"import child {path} ignore=鞋码").returncode == 0
    lost = os.path.join(town, "lost.xlsx")
    write_xlsx(lost, [["姓名", "身份证号", "儿童类别", "村（社区）"], ["戊", 511304201609120000, "6", "金宝村"]])
    result = run(town, "-c", f"import child {lost}")
    assert result.returncode == 1 and ("lost" in result.stderr or "丢失" in result.stderr)
    # Alone in its sheet, a number whose three zeros happen to give a valid check character is
    # refused all the same: a number cell cannot hold 18 digits. The message shows 6 of them.
    weights, checks = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], "10X98765432"
    lucky = next(n for n in (f"51130420160912{d}00" for d in range(1, 10))
                 if checks[sum(int(a) * w for a, w in zip(n, weights)) % 11] == "0") + "0"
    alone = os.path.join(town, "alone.xlsx")
    write_xlsx(alone, [["姓名", "身份证号", "儿童类别", "村（社区）"], ["己", int(lucky), "6", "金宝村"]])
    result = run(town, "-c", f"import child {alone}")
    assert result.returncode == 1 and ("lost" in result.stderr or "丢失" in result.stderr), result.stderr
    assert lucky[:15] not in result.stderr.replace(".", "") and lucky[6:15] not in result.stderr


def test_a_row_number_column_is_ignored_by_itself(town):
    """Nearly every 摸排表 numbers its rows (序号 or 编号): such a column is not an unknown heading."""
    for heading in ["序号", "编号"]:
        path = os.path.join(town, f"numbered-{heading}.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"{heading},姓名,身份证号,儿童类别,村（社区）,监护人\n")
            f.write(f"1,孙小{heading},{'511304201211300411' if heading == '序号' else '511304201506010024'},6,金宝村,孙伯伯\n")
        result = run(town, "-c", f"import child {path}")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout.strip())["added"] == 1
    names = {k["name"] for k in json.loads(run(town, "-c", "child list where name ~ 孙小 show name").stdout)}
    assert {"孙小序号", "孙小编号"} <= names
    # Any other unknown heading is still refused, and names itself.
    path = os.path.join(town, "shoes.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("序号,姓名,身份证号,儿童类别,村（社区）,鞋码\n1,周小,511304201609120015,6,金宝村,32\n")
    result = run(town, "-c", f"import child {path}")
    assert result.returncode == 1 and "鞋码" in result.stderr and "序号" not in result.stderr


def test_export_district_has_a_summary_and_a_sheet_per_town(tmp_path):
    """export district (district.md): a first sheet 汇总 with one row a town and a 合计 row that
    adds them up, then one sheet a town, named by its schema, with the year's tables."""
    from conftest import REQUIRE_SERVER, SERVER
    if not SERVER:
        if REQUIRE_SERVER:
            pytest.fail("JIEDUI_REQUIRE_PG=1 but JIEDUI_TEST_PG names no server")
        pytest.skip("JIEDUI_TEST_PG names no server")
    # A database of its own, so that the district holds exactly these towns.
    name = "jiedui_export_" + os.urandom(4).hex()
    psql = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))[-1] if glob.glob("/usr/lib/postgresql/*/bin/psql") else "psql"
    subprocess.run([psql, SERVER, "-q", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    base = SERVER.replace("/" + SERVER.split("/")[3].split("?")[0], "/" + name, 1)
    sep = "&" if "?" in base else "?"
    env = dict(os.environ, LANG="C.UTF-8", JIEDUI_TODAY="2024-12-31")
    env.pop("LC_ALL", None)
    for town in ["jinbao", "shimen"]:
        result = subprocess.run([BINARY, "--db", f"{base}{sep}town={town}", "-f", "-"], input=TOWN, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
    path = str(tmp_path / "区县汇总.xlsx")
    result = subprocess.run([BINARY, "--db", f"{base}{sep}town=jinbao", "--format", "json", "-c", f"export district year=2024 to={path}"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["汇总", "jinbao", "shimen"]
    summary = [[c for c in row] for row in book["汇总"].iter_rows(values_only=True)]
    heading = summary.index(next(r for r in summary if r[0] == "镇"))
    towns = summary[heading + 1:heading + 3]
    total = summary[heading + 3]
    assert [t[0] for t in towns] == ["jinbao", "shimen"] and [t[1] for t in towns] == ["金宝镇", "金宝镇"]
    assert total[0] == "合计"
    assert list(total[2:]) == [a + b for a, b in zip(towns[0][2:], towns[1][2:])]
    # The town's active children and the year's visits, as the town itself counts them.
    assert towns[0][2] == 4 and towns[0][6] == 3
    sheet = [[c for c in row] for row in book["jinbao"].iter_rows(values_only=True)]
    assert "2024年" in sheet[0][0] and any(row[0] == "表二 本年培训" for row in sheet)


def test_a_number_in_a_setting_is_masked_in_every_filed_sheet(town):
    """The town's names and a training's title are free text: a phone typed into 填表人 or a
    title is masked in the files as on the screen, and shown only in a revealed export."""
    phone, contact = "13800004321", "13611112222"
    assert run(town, "-c", f'set filer "王丽 {phone}"').returncode == 0
    assert run(town, "-c", f'training add date=2024-11-01 title="联系人{contact}培训"').returncode == 0
    for kind, name in [("ledger", "l"), ("roster", "r"), ("quarter 2024Q4", "q")]:
        for ending in ["xlsx", "csv"]:
            path = os.path.join(town, f"{name}.{ending}")
            assert run(town, "-c", f"export {kind} to={path}").returncode == 0
            if ending == "xlsx":
                with zipfile.ZipFile(path) as z:
                    text = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
            else:
                with open(path, encoding="utf-8-sig") as f:
                    text = f.read()
            assert phone not in text and contact not in text, f"{kind} {ending} shows a phone"
            if kind.startswith("quarter"):
                assert "王丽 138****4321" in text and "联系人136****2222培训" in text, f"{kind} {ending} lacks the filer or training"
    revealed = os.path.join(town, "revealed.xlsx")
    assert run(town, "-c", f"export quarter 2024Q4 to={revealed} reveal").returncode == 0
    with zipfile.ZipFile(revealed) as z:
        assert any(phone in z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
