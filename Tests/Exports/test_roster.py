"""The 花名册 (export roster) and the quarterly report's breakdowns by age band and by 监护类型
(practice.md), read back by openpyxl and checked against what the shell itself says of the same
records (child show, family show, child count), never against figures written here."""
import csv
import datetime
import json
import os
import re
import shutil
import tempfile

import openpyxl
import pytest
from conftest import database
from test_exports import DATABASES, export, run

HEADINGS = ["序号", "村（社区）", "姓名", "性别", "民族", "出生日期", "公民身份证号码", "儿童类别", "户籍所在地", "现居住地",
            "身体情况", "就学情况", "是否寄宿", "父亲姓名", "父亲务工地点", "父亲电话", "母亲姓名", "母亲务工地点", "母亲电话",
            "监护人", "与儿童关系", "监护人电话", "监护类型", "委托监护确认书", "低保", "风险等级", "结对帮扶人", "帮扶人电话"]
CATEGORIES = ["孤儿", "事实无人抚养儿童", "低保家庭重残重病儿童", "其他低保家庭儿童", "其他困境儿童", "农村留守儿童"]
GUARDIANSHIP = ["无人监护", "父或母无监护能力", "受委托监护人监护能力不足", "一般", "较好"]


def idno(born, serial, female):
    """A valid fictional ID-card number (GB 11643-1999) of area 511304."""
    sex = serial * 2 + (0 if female else 1)
    body = f"511304{born.replace('-', '')}{sex:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


# Villages added in an order that is not the order of the children's ids; a child with a
# disability and an illness; one with a disability of no grade; children on both sides of a
# birthday boundary at the end of 2024 (6 and 5, 14 and 13); an exited child; a unit pair.
TOWN = f"""
set today 2024-12-31
set town 金宝镇
village add name=石门村
village add name=金宝村
unit add name=区统计局 villages=金宝村,石门村
family add village=金宝村 guardian=王大爷 guardian_relation=祖父母 guardian_phone=13800001111 father=外出务工 mother=外出务工 father_name=王建国 mother_name=李秀英 father_phone=13700001234 mother_phone=13600005678 father_workplace=广东省东莞市 mother_workplace=浙江省义乌市 guardianship_type=受委托监护人监护能力不足 entrusted=2023-05-06 address=金宝村2组 residence=县城租房
child add name=王小花 idno={idno("2018-12-31", 1, True)} family=F0001 category=留守儿童 ethnicity=汉族 hukou=金宝镇金宝村 schooling=幼儿园 boarding=否
child add name=王小明 idno={idno("2010-12-31", 2, False)} family=F0001 category=6 disability_kind=肢体 disability_grade=2 illness=哮喘 schooling=初中 boarding=是
family add village=石门村 guardian=赵奶奶 guardian_relation=祖父母 father=死亡 mother=失踪 address=石门村3组 dibao=是 guardianship_type=一般
child add name=赵小红 idno={idno("2019-01-01", 3, True)} family=F0002 category=孤儿 illness=先天性心脏病 risk=黄 risk_reason=病情需随访 ethnicity=土家族
child add name=赵小军 idno={idno("2011-01-01", 4, False)} family=F0002 category=孤儿 disability_kind=智力
family add village=金宝村 guardian=孙阿姨 guardian_relation=母亲 guardian_phone=13800003333 dibao=是
child add name=孙小丽 idno={idno("2015-06-15", 5, True)} family=F0003 category=其他低保家庭儿童
child add name=孙小刚 idno={idno("2013-03-03", 6, False)} family=F0003 category=其他低保家庭儿童 disability=左耳听力下降
family add village=石门村 guardian=钱叔叔 guardian_relation=其他亲属
child add name=钱小文 idno={idno("2009-07-07", 7, False)} family=F0004 category=其他困境儿童
helper add name=李芳 sex=女 unit=区统计局 position=科员 phone=13900002222
helper add name=周敏 sex=女 unit=区统计局 phone=13900004444
pair add family=F0001 helper=李芳 since=2024-01-10
pair add child=C0003 helper=周敏 since=2024-02-01
pair add child=C0004 helper=周敏 since=2024-02-01
pair add child=C0007 unit=区统计局 since=2024-03-01
child exit C0005 date=2024-11-01 reason=随母迁出本镇
"""


@pytest.fixture
def roster_town(store):
    folder = tempfile.mkdtemp(prefix="jiedui-roster-")
    DATABASES[folder] = database(store, folder)
    result = run(folder, "-f", "-", stdin=TOWN)
    assert result.returncode == 0, result.stderr
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def shell(folder, command, *options):
    result = run(folder, *options, "-c", command)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip() or "null")


def health(child):
    """身体情况 as practice.md builds it from the child's fields (both, when both are recorded)."""
    parts = []
    if child["disability_kind"]:
        parts.append(f"残疾 {child['disability_kind']}" + (f"{child['disability_grade']}级" if child["disability_grade"] else ""))
    elif child["disability"]:
        parts.append(f"残疾 {child['disability']}")
    if child["illness"]:
        parts.append(f"患病 {child['illness']}")
    return "；".join(parts) or "健康"


def roster_rows(folder, name):
    sheet = openpyxl.load_workbook(os.path.join(folder, name)).worksheets[0]
    return sheet, [[c.value for c in r] for r in sheet.iter_rows(min_row=4) if isinstance(r[0].value, int)]


def test_the_roster_has_every_active_child_in_the_form_s_columns_and_order(roster_town):
    info = export(roster_town, "export roster to=花名册.xlsx")
    sheet, rows = roster_rows(roster_town, "花名册.xlsx")
    assert sheet["A1"].value == "金宝镇困境儿童和农村留守儿童花名册"
    assert sheet["A2"].value == "填报单位（盖章）：金宝镇人民政府"
    assert [c.value for c in sheet[3]] == HEADINGS
    active = shell(roster_town, "child count where status = 在册")
    assert info["rows"] == len(rows) == active and active > 0
    # One row each active child, none for the exited one; by village in the town's order, then id.
    children = shell(roster_town, "child list where status = 在册 show id,name,village")
    villages = [v["name"] for v in shell(roster_town, "village list show name")]
    expected = sorted(children, key=lambda c: (villages.index(c["village"]), c["id"]))
    assert [r[2] for r in rows] == [c["name"] for c in expected]
    assert [r[1] for r in rows] == [c["village"] for c in expected]
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    exited = [c["name"] for c in shell(roster_town, "child list where status = 退出 show name")]
    assert exited and not set(exited) & {r[2] for r in rows}
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"
    assert sheet.print_title_rows in ("1:3", "$1:$3") and sheet.freeze_panes == "D4"
    total = sheet.cell(row=4 + len(rows), column=1).value
    assert total.startswith(f"合计：{active}人（")


def test_each_roster_row_says_what_child_show_and_family_show_say(roster_town):
    export(roster_town, "export roster to=花名册.xlsx reveal")
    _, rows = roster_rows(roster_town, "花名册.xlsx")
    ids = {c["name"]: c["id"] for c in shell(roster_town, "child list where status = 在册 show id,name")}
    seen_both = False
    for row in rows:
        values = dict(zip(HEADINGS, row))
        child = shell(roster_town, f"child show {ids[values['姓名']]}", "--reveal")
        family = shell(roster_town, f"family show {child['family']}", "--reveal")
        for heading, key in [("性别", "sex"), ("民族", "ethnicity"), ("出生日期", "born"), ("公民身份证号码", "idno"),
                             ("儿童类别", "category"), ("户籍所在地", "hukou"), ("就学情况", "schooling"), ("是否寄宿", "boarding"),
                             ("风险等级", "risk")]:
            assert (values[heading] or None) == child[key], (heading, values)
        for heading, key in [("村（社区）", "village"), ("父亲姓名", "father_name"), ("父亲务工地点", "father_workplace"),
                             ("父亲电话", "father_phone"), ("母亲姓名", "mother_name"), ("母亲务工地点", "mother_workplace"),
                             ("母亲电话", "mother_phone"), ("监护人", "guardian"), ("与儿童关系", "guardian_relation"),
                             ("监护人电话", "guardian_phone"), ("监护类型", "guardianship_type"), ("低保", "dibao")]:
            assert (values[heading] or None) == family[key], (heading, values)
        assert values["现居住地"] == (family["residence"] or family["address"] or None)
        assert values["委托监护确认书"] == (family["entrusted"] or "未签")
        assert values["身体情况"] == health(child)
        seen_both |= bool(child["disability_kind"] and child["illness"])
        if child["helper"]:
            helper = shell(roster_town, f"helper list where name = {child['helper']} show phone", "--reveal")
            assert values["结对帮扶人"] == child["helper"] and values["帮扶人电话"] == helper[0]["phone"]
        elif child["unit_pair"]:
            assert values["结对帮扶人"] == f"（包片）{child['unit_pair']}" and values["帮扶人电话"] is None
        else:
            assert values["结对帮扶人"] is None
    assert seen_both, "a child with both a disability and an illness"
    assert {dict(zip(HEADINGS, r))["身体情况"] for r in rows} >= {"健康", "残疾 肢体2级；患病 哮喘"}


def test_the_roster_is_masked_unless_revealed_and_numbers_are_text(roster_town):
    export(roster_town, "export roster to=masked.xlsx")
    export(roster_town, "export roster to=full.xlsx reveal")
    sheet, masked = roster_rows(roster_town, "masked.xlsx")
    _, full = roster_rows(roster_town, "full.xlsx")
    idno, phones = HEADINGS.index("公民身份证号码"), [i for i, h in enumerate(HEADINGS) if h.endswith("电话")]
    checked = 0
    for m, f in zip(masked, full):
        assert re.fullmatch(r"\d{17}[\dX]", f[idno]) and m[idno] == f[idno][:6] + "*" * 8 + f[idno][14:]
        for i in phones:
            if f[i]:
                assert re.fullmatch(r"1\d{10}", f[i]) and m[i] == f[i][:3] + "****" + f[i][7:]
                checked += 1
        assert [v for i, v in enumerate(m) if i != idno and i not in phones] == [v for i, v in enumerate(f) if i != idno and i not in phones]
    assert checked >= 5
    assert sheet.cell(row=4, column=idno + 1).data_type == "s"
    log = shell(roster_town, "log limit 1")
    assert log[0]["command"].startswith("export roster") and "reveal" in log[0]["refs"]


def test_the_roster_as_csv_holds_the_sheet_s_rows(roster_town):
    export(roster_town, "export roster to=full.xlsx reveal")
    info = export(roster_town, "export roster to=花名册.csv reveal")
    _, rows = roster_rows(roster_town, "full.xlsx")
    with open(os.path.join(roster_town, "花名册.csv"), encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert lines[0] == HEADINGS and info["rows"] == len(lines) - 1 == len(rows)
    idno = HEADINGS.index("公民身份证号码")
    for line, row in zip(lines[1:], rows):
        assert line[idno].startswith("\t"), "kept as text by spreadsheet programs"
        assert [v.strip() for v in line] == [str(v) if v is not None else "" for v in row]
    again = export(roster_town, "export roster to=again.csv reveal")
    assert again["sha256"] == info["sha256"]


def age_on(born, day):
    b, d = datetime.date.fromisoformat(born), datetime.date.fromisoformat(day)
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def table(cells, caption):
    """The rows of the table under `caption`: its heading row, then its rows to 合计 inclusive."""
    start = next(i for i, r in enumerate(cells) if r[0] == caption)
    end = next(i for i in range(start + 2, len(cells)) if cells[i][0] == "合计")
    return cells[start + 1], cells[start + 2:end + 1]


@pytest.mark.parametrize("quarter,last", [("2024Q4", "2024-12-31"), ("2024Q1", "2024-03-31")])
def test_the_quarterly_report_breaks_the_active_children_down_by_age_and_guardianship(roster_town, quarter, last):
    info = export(roster_town, f"export quarter {quarter} to=q.xlsx")
    sheet = openpyxl.load_workbook(os.path.join(roster_town, "q.xlsx")).worksheets[0]
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    # The children active on the quarter's last day, computed here from child show.
    children = [shell(roster_town, f"child show {c['id']}") for c in shell(roster_town, "child list show id")]
    active = [c for c in children if c["born"] <= last and (c["exit_date"] is None or c["exit_date"] > last)]
    if last == "2024-12-31":
        assert len(active) == shell(roster_town, "child count where status = 在册")
    else:
        assert any(c["status"] == "退出" for c in active), "the exited child was still active then"
    bands = {"0-5周岁": range(0, 6), "6-13周岁": range(6, 14), "14-17周岁": range(14, 18)}
    families = {c["family"]: shell(roster_town, f"family show {c['family']}") for c in active}
    for caption, label, rows_expected, of in [
        ("表四 在册儿童年龄段分布", "年龄段", list(bands), lambda c: next(b for b, r in bands.items() if age_on(c["born"], last) in r)),
        ("表五 在册儿童监护类型", "监护类型", GUARDIANSHIP + ["未填"], lambda c: families[c["family"]]["guardianship_type"] or "未填"),
    ]:
        heading, rows = table(cells, caption)
        assert heading == [label] + CATEGORIES + ["合计"] + [None] * (len(heading) - 8)
        assert [r[0] for r in rows] == rows_expected + ["合计"]
        for r in rows:
            assert r[7] == sum(r[1:7]), f"{caption} {r[0]}: 合计 is the sum of its row"
        for col in range(1, 8):
            assert rows[-1][col] == sum(r[col] for r in rows[:-1]), f"{caption}: 合计 is the sum of column {col}"
        assert rows[-1][7] == len(active)
        for r in rows[:-1]:
            for col, category in enumerate(CATEGORIES, 1):
                assert r[col] == sum(1 for c in active if c["category"] == category and of(c) == r[0]), (caption, r[0], category)
        caption_cell = next(c for row in sheet.iter_rows() for c in row if c.value == caption)
        assert caption_cell.font.b
    # Table 1's 在册人数 agrees, category by category.
    _, table1 = table(cells, "表一 分类结对帮扶情况")
    _, ages = table(cells, "表四 在册儿童年龄段分布")
    assert [r[1] for r in table1] == ages[-1][1:7] + [ages[-1][7]]
    totals = [r for r in sheet.iter_rows() if r[0].value == "合计"]
    assert len(totals) == 4 and all(c.font.b for r in totals for c in r if c.value is not None)
    assert info["rows"] == sum(1 for r in cells if r[0] in set(bands) | set(GUARDIANSHIP) | {"未填"}) + 2 + 7 + 6


def test_the_birthday_boundary_decides_the_band(roster_town):
    """Born 31 December 2018 is 6 on 31 December 2024, born 1 January 2019 is still 5; likewise
    14 and 13: the town above holds such children, whose bands the report must tell apart."""
    export(roster_town, "export quarter 2024Q4 to=q.xlsx")
    cells = [[c.value for c in r] for r in openpyxl.load_workbook(os.path.join(roster_town, "q.xlsx")).worksheets[0].iter_rows()]
    _, rows = table(cells, "表四 在册儿童年龄段分布")
    by_band = {r[0]: r for r in rows}
    children = {c["name"]: c for c in shell(roster_town, "child list where status = 在册 show name,born,category")}
    assert children["王小花"]["born"] == "2018-12-31" and children["赵小红"]["born"] == "2019-01-01"
    assert by_band["6-13周岁"][CATEGORIES.index("农村留守儿童") + 1] >= 1   # 王小花, 6 that day
    assert by_band["0-5周岁"][CATEGORIES.index("孤儿") + 1] >= 1             # 赵小红, 5 that day
    assert by_band["14-17周岁"][CATEGORIES.index("农村留守儿童") + 1] >= 1  # 王小明, born 2010-12-31
    assert by_band["6-13周岁"][CATEGORIES.index("孤儿") + 1] >= 1            # 赵小军, born 2011-01-01
    # A day earlier, the quarter before, the two born on 31 December were a year younger.
    export(roster_town, "export quarter 2024Q3 to=q3.xlsx")
    cells = [[c.value for c in r] for r in openpyxl.load_workbook(os.path.join(roster_town, "q3.xlsx")).worksheets[0].iter_rows()]
    _, rows = table(cells, "表四 在册儿童年龄段分布")
    by_band = {r[0]: r for r in rows}
    assert by_band["0-5周岁"][CATEGORIES.index("农村留守儿童") + 1] >= 1
    assert by_band["14-17周岁"][CATEGORIES.index("农村留守儿童") + 1] == 0
