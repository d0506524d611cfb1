"""Generates the benchmark town (issue 7) as a jiedui script and as the same changes in plain SQL
(one statement per row a command writes), plus a survey CSV: FAMILIES families of two children,
HELPERS helpers (capacity 10), one pair per child, VISITS_PER_PAIR visits a pair.

The town follows the work plan the way a real one mostly does: each pair's first visit is the
春节 special-care visit, within five working days of the pairing, every unit trains its helpers in
March, and nine children in ten are reviewed by the end of March; and practice.md's too: every
family has signed its entrustment, and each pair's helper called the parents in December. So
`check` finds what it would in such a town (the tenth child not reviewed, the quarterly reports),
not a finding for every record. Deterministic; fake ID-card
numbers only. The survey's rows come two to a family (same village, guardian and phone).

town.sql writes the same rows jiedui does, its audit log included: one entry per command, with
the command's text masked as jiedui stores it and the SHA-256 chain computed here, so that the
sqlite3 side inserts what jiedui inserts (and only spares the computing)."""
import hashlib
import json
import os
import re
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
audit = {"seq": 0, "hash": ""}
PERSONAL = re.compile(r"(?<![0-9])(1[0-9]{2})[0-9]{4}([0-9]{4})(?![0-9])|(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9X])(?![0-9X])")


def mask(text):
    return PERSONAL.sub(lambda m: f"{m[1]}****{m[2]}" if m[1] else f"{m[3]}********{m[4]}", text)


def command(line, *refs, old="", new=""):
    """A line of the script, and the audit entry jiedui writes for it (time and user fixed):
    the programme's day, the command's noun and verb, the values replaced and written."""
    jd.write(line + "\n")
    audit["seq"] += 1
    noun, verb = (line.split(" ") + [""])[:2]
    entry = [str(audit["seq"]), "2024-12-31T08:00:00Z", "bench", mask(line), ",".join(refs), old, "2024-12-31", noun, verb, new]
    audit["hash"] = hashlib.sha256((audit["hash"] + "\n" + "\x1f".join(entry)).encode()).hexdigest()
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in entry[1:])
    sql.write(f"INSERT INTO audit (seq, time, user, command, refs, old, day, noun, verb, new, hash) VALUES ({audit['seq']}, {quoted}, '{audit['hash']}');\n")


def values(records):
    """Values keyed by ref as the audit log keeps them: sorted keys, text or null."""
    def value(v): return "null" if v is None else json.dumps(v, ensure_ascii=False)
    return "{" + ",".join(f'"{ref}":{{' + ",".join(f'"{k}":{value(v)}' for k, v in sorted(fields.items())) + "}"
                          for ref, fields in sorted(records.items())) + "}"

for v in range(villages):
    command(f"village add name=村{v}", f"村{v}")
    sql.write(f"INSERT INTO village (name, kind, position) VALUES ('村{v}', '村', {v + 1});\n")
for u in range(units):
    command(f"unit add name=单位{u} villages=村{u % villages},村{(u + 7) % villages}", f"单位{u}")
    sql.write(f"INSERT INTO unit (name, position) VALUES ('单位{u}', {u + 1});\n")
    sql.write(f"INSERT INTO unit_village (unit, village, position) VALUES ('单位{u}', '村{u % villages}', 1), ('单位{u}', '村{(u + 7) % villages}', 2);\n")
for h in range(1, helpers + 1):
    command(f"helper add name=帮扶人{h} sex=女 unit=单位{h % units} phone=139{h:08d} capacity=10", hid(h))
    sql.write(f"INSERT INTO helper (n, id, name, sex, unit, phone, capacity) VALUES ({h}, '{hid(h)}', '帮扶人{h}', '女', '单位{h % units}', '139{h:08d}', 10);\n")
# 方案 四(三)三: each unit trains its helpers once a year (a unit with none has no training, and
# the trainings are numbered as they are added).
trainings = 0
for u in range(units):
    members = [h for h in range(1, helpers + 1) if h % units == u]
    if not members:
        continue
    trainings += 1
    tid = f"T{trainings:04d}"
    command(f"training add date=2024-03-01 title=结对帮扶培训{u} attendees={','.join(hid(h) for h in members)}", tid)
    sql.write(f"INSERT INTO training (n, id, date, title) VALUES ({trainings}, '{tid}', '2024-03-01', '结对帮扶培训{u}');\n")
    sql.write("INSERT INTO training_attendee (training, helper, position) VALUES "
              + ", ".join(f"('{tid}', '{hid(h)}', {i + 1})" for i, h in enumerate(members)) + ";\n")
child = 0
pair = 0
visit = 0
dates = ["2024-02-05", "2024-04-05", "2024-06-05", "2024-08-05", "2024-10-05", "2024-12-05"]
# A Wednesday: the first visit, on Monday 5 February, is the fourth working day after it.
since = "2024-01-31"
called = "2024-12-10"
for f in range(1, families + 1):
    command(f"family add village=村{f % villages} guardian=监护人{f} guardian_phone=138{f:08d} entrusted=2023-12-20", fid(f))
    sql.write(f"INSERT INTO family (n, id, village, guardian, guardian_phone, dibao, entrusted) VALUES ({f}, '{fid(f)}', '村{f % villages}', '监护人{f}', '138{f:08d}', '否', '2023-12-20');\n")
    kids = []
    for k in range(2):
        child += 1
        kids.append(child)
        number = idno(child)
        sex = "男" if int(number[16]) % 2 else "女"
        born = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
        command(f"child add name=儿童{child} idno={number} family={fid(f)} category=6", cid(child),
                new=values({cid(child): {"category": "农村留守儿童", "name": f"儿童{child}", "risk": "绿"}}))
        sql.write(f"INSERT INTO child (n, id, name, idno, sex, born, family, category, status) VALUES ({child}, '{cid(child)}', '儿童{child}', '{number}', '{sex}', '{born}', '{fid(f)}', '农村留守儿童', '在册');\n")
        if child % 10:
            command(f"child review {cid(child)} date=2024-03-15", cid(child), old='{"%s":{"reviewed":null}}' % cid(child),
                    new=values({cid(child): {"reviewed": "2024-03-15"}}))
            sql.write(f"UPDATE child SET reviewed = '2024-03-15' WHERE id = '{cid(child)}';\n")
    helper = (f - 1) % helpers + 1
    command(f"pair add family={fid(f)} helper={hid(helper)} since={since}", *[pid(pair + i + 1) for i in range(len(kids))], *[cid(c) for c in kids],
            new=values({pid(pair + i + 1): {"child": cid(c), "helper": hid(helper), "since": since, "unit": None} for i, c in enumerate(kids)}))
    for c in kids:
        pair += 1
        sql.write(f"INSERT INTO pair (n, id, child, helper, since) VALUES ({pair}, '{pid(pair)}', '{cid(c)}', '{hid(helper)}', '{since}');\n")
        for i, d in enumerate(dates[:visits_per_pair]):
            visit += 1
            if i == 0:
                command(f"visit add pair={pid(pair)} date={d} kind=特殊关爱 occasion=春节", vid(visit), pid(pair))
                sql.write(f"INSERT INTO visit (n, id, pair, date, kind, occasion) VALUES ({visit}, '{vid(visit)}', '{pid(pair)}', '{d}', '特殊关爱', '春节');\n")
            else:
                command(f"visit add pair={pid(pair)} date={d}", vid(visit), pid(pair))
                sql.write(f"INSERT INTO visit (n, id, pair, date, kind) VALUES ({visit}, '{vid(visit)}', '{pid(pair)}', '{d}', '入户走访');\n")
        visit += 1
        command(f"visit add pair={pid(pair)} date={called} kind=联系父母", vid(visit), pid(pair))
        sql.write(f"INSERT INTO visit (n, id, pair, date, kind) VALUES ({visit}, '{vid(visit)}', '{pid(pair)}', '{called}', '联系父母');\n")
# The last id of each kind, as jiedui keeps it for the next.
sql.write("INSERT INTO id_counter (noun, last) VALUES " + ", ".join(
    f"('{noun}', {last})" for noun, last in sorted({"child": child, "family": families, "helper": helpers, "pair": pair,
                                                   "training": trainings, "visit": visit}.items()) if last) + ";\n")
sql.write("COMMIT;\n")
jd.close()
sql.close()
# The survey; and the rows importing it into the town adds, as CSV files sqlite3 .imports and
# moves into the same tables in one transaction: the database's own cost for those rows.
with open(os.path.join(out, "survey.csv"), "w", encoding="utf-8") as f, \
        open(os.path.join(out, "survey-families.csv"), "w", encoding="utf-8") as fam, \
        open(os.path.join(out, "survey-children.csv"), "w", encoding="utf-8") as kid:
    f.write("姓名,身份证号,儿童类别,村（社区）,监护人,监护人电话,就读学校\n")
    fam.write("n,id,village,guardian,guardian_phone\n")
    kid.write("n,id,name,idno,sex,born,family,school\n")
    for n in range(survey_rows):
        number = idno(n, 529900)
        f.write(f"新儿童{n},{number},6,村{(n // 2) % villages},新监护人{n // 2},137{n // 2:08d},第{n % 9}小学\n")
        family = families + n // 2 + 1
        if n % 2 == 0:
            fam.write(f"{family},{fid(family)},村{(n // 2) % villages},新监护人{n // 2},137{n // 2:08d}\n")
        sex = "男" if int(number[16]) % 2 else "女"
        kid.write(f"{child + n + 1},{cid(child + n + 1)},新儿童{n},{number},{sex},{number[6:10]}-{number[10:12]}-{number[12:14]},{fid(family)},第{n % 9}小学\n")
with open(os.path.join(out, "survey.sql"), "w", encoding="utf-8") as g:
    g.write(""".bail on
PRAGMA foreign_keys = ON;
BEGIN;
.import --csv survey-families.csv new_family
.import --csv survey-children.csv new_child
INSERT INTO family (n, id, village, guardian, guardian_phone, dibao)
  SELECT CAST(n AS INTEGER), id, village, guardian, guardian_phone, '否' FROM new_family;
INSERT INTO child (n, id, name, idno, sex, born, family, category, school, status)
  SELECT CAST(n AS INTEGER), id, name, idno, sex, born, family, '农村留守儿童', school, '在册' FROM new_child;
DROP TABLE new_family;
DROP TABLE new_child;
COMMIT;
""")
print(f"{families} families, {child} children, {helpers} helpers, {pair} pairs, {visit} visits; survey {survey_rows} rows")
