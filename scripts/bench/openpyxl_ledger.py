"""The other side of the ledger benchmark: openpyxl in write-only mode writing the same cells
(title, heading row, ROWS rows of 21 text and number cells, total and signature rows)."""
import sys

from openpyxl import Workbook

path, rows = sys.argv[1], int(sys.argv[2])
book = Workbook(write_only=True)
sheet = book.create_sheet("结对帮扶台账")
sheet.append(["某镇困境儿童和农村留守儿童关爱结对帮扶台账（2024年）"])
sheet.append(["填报单位（盖章）：某镇人民政府"] + [None] * 13 + ["填报时间：2024年12月31日"])
sheet.append(["序号", "村（社区）", "儿童姓名", "性别", "出生日期", "身份证号", "儿童类别", "监护人", "与儿童关系", "监护人电话",
              "结对帮扶人", "帮扶人性别", "工作单位", "职务", "帮扶人电话", "结对时间", "本年走访次数", "最近走访日期",
              "存在困难", "帮扶措施", "备注"])
for n in range(1, rows + 1):
    sheet.append([n, f"村{n % 50}", f"儿童{n}", "女", "2014-05-01", "519900********0121", "农村留守儿童", f"监护人{n // 2}",
                  "", "138****0001", f"帮扶人{n % 4000}", "女", f"单位{n % 40}", "", "139****0001", "2024-01-10", 6,
                  "2024-12-05", "", "", ""])
sheet.append([f"合计：{rows}人"])
sheet.append(["单位负责人（签名）：        复核人（签名）：        填表人（签名）："])
book.save(path)
