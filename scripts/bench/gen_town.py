"""Generates the benchmark town (issue 7) as a jiedui script and as the same rows in plain SQL
INSERTs, plus a survey CSV: FAMILIES families of two children, HELPERS helpers (capacity 10),
one pair per child, VISITS_PER_PAIR visits a pair. Deterministic. Fake ID-card numbers only."""
import os
import sys

out = sys.argv[1]
families = int(os.environ.get("FAMILIES", 20000))
helpers = int(os.environ.get("HELPERS", 4000))
visits_per_pair = int(os.environ.get("VISITS_PER_PAIR", 6))
survey_rows = int(os.environ.get("SURVEY_ROWS", 40000))
villages, units = 50, 40
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"


def idno(n, region_base=519900):
    body = "%06d%04d%02d%02d%03d" % (region_base + (n // 1000) % 100, 2010 + n % 12, 1 + n % 12, 1 + n % 28, n % 1000)
    return body + C[sum(int(a) * b for a, b in zip(body, W)) % 11]


def fid(n): return "F%04d" % n
def cid(n): return "C%04d" % n
def hid(n): return "H%04d" % n
def pid(n): return "P%04d" % n
def vid(n): return "V%04d" % n


jd = open(os.path.join(out, "town.jd"), "w", encoding="utf-8")
sql = open(os.path.join(out, "town.sql"), "w", encoding="utf-8")
jd.write("set today 2024-12-31\n")
sql.write("BEGIN;\n")
for v in range(villages):
    jd.write(f"village add name=村{v}\n")
    sql.write(f"INSERT INTO village (name, kind, position) VALUES ('村{v}', '村', {v + 1});\n")
for u in range(units):
    jd.write(f"unit add name=单位{u} villages=村{u % villages},村{(u + 7) % villages}\n")
    sql.write(f"INSERT INTO unit (name, position) VALUES ('单位{u}', {u + 1});\n")
    sql.write(f"INSERT INTO unit_village (unit, village, position) VALUES ('单位{u}', '村{u % villages}', 1), ('单位{u}', '村{(u + 7) % villages}', 2);\n")
for h in range(1, helpers + 1):
    jd.write(f"helper add name=帮扶人{h} sex=女 unit=单位{h % units} phone=139{h:08d} capacity=10\n")
    sql.write(f"INSERT INTO helper (n, id, name, sex, unit, phone, capacity) VALUES ({h}, '{hid(h)}', '帮扶人{h}', '女', '单位{h % units}', '139{h:08d}', 10);\n")
child = 0
pair = 0
visit = 0
dates = ["2024-02-05", "2024-04-05", "2024-06-05", "2024-08-05", "2024-10-05", "2024-12-05"]
for f in range(1, families + 1):
    jd.write(f"family add village=村{f % villages} guardian=监护人{f} guardian_phone=138{f:08d}\n")
    sql.write(f"INSERT INTO family (n, id, village, guardian, guardian_phone, dibao) VALUES ({f}, '{fid(f)}', '村{f % villages}', '监护人{f}', '138{f:08d}', '否');\n")
    kids = []
    for k in range(2):
        child += 1
        kids.append(child)
        number = idno(child)
        sex = "男" if int(number[16]) % 2 else "女"
        born = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
        jd.write(f"child add name=儿童{child} idno={number} family={fid(f)} category=6\n")
        sql.write(f"INSERT INTO child (n, id, name, idno, sex, born, family, category, status) VALUES ({child}, '{cid(child)}', '儿童{child}', '{number}', '{sex}', '{born}', '{fid(f)}', '农村留守儿童', '在册');\n")
    helper = (f - 1) % helpers + 1
    jd.write(f"pair add family={fid(f)} helper={hid(helper)} since=2024-01-10\n")
    for c in kids:
        pair += 1
        sql.write(f"INSERT INTO pair (n, id, child, helper, since) VALUES ({pair}, '{pid(pair)}', '{cid(c)}', '{hid(helper)}', '2024-01-10');\n")
        for d in dates[:visits_per_pair]:
            visit += 1
            jd.write(f"visit add pair={pid(pair)} date={d}\n")
            sql.write(f"INSERT INTO visit (n, id, pair, date, kind) VALUES ({visit}, '{vid(visit)}', '{pid(pair)}', '{d}', '入户走访');\n")
sql.write("COMMIT;\n")
jd.close()
sql.close()
with open(os.path.join(out, "survey.csv"), "w", encoding="utf-8") as f:
    f.write("姓名,身份证号,儿童类别,村（社区）,监护人,监护人电话,就读学校\n")
    for n in range(survey_rows):
        f.write(f"新儿童{n},{idno(n, 529900)},6,村{n % villages},新监护人{n // 2},137{n // 2:08d},第{n % 9}小学\n")
print(f"{families} families, {child} children, {helpers} helpers, {pair} pairs, {visit} visits; survey {survey_rows} rows")
