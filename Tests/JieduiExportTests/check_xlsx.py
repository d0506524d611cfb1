#!/usr/bin/env python3
"""Prints what openpyxl sees in an .xlsx file, as JSON.

A second, independent reader for the files JieduiExport writes: if openpyxl opens a workbook
cleanly and sees text cells where ID-card numbers are and number cells where counts are, other
spreadsheet programs are likely to agree. Needs openpyxl (`pip install openpyxl`).

Usage: check_xlsx.py FILE.xlsx [ROWS]   (ROWS: how many rows of cells to print, default 10)
"""
import json
import sys
import warnings

try:
    import openpyxl
except ImportError:
    sys.exit("check_xlsx.py needs openpyxl: pip install openpyxl")


def describe_sheet(sheet, row_limit):
    setup = sheet.page_setup
    widths = {
        letter: dimension.width
        for letter, dimension in sorted(sheet.column_dimensions.items())
        if dimension.width is not None
    }
    rows = []
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, row_limit)):
        rows.append([
            {"ref": cell.coordinate, "value": cell.value, "data_type": cell.data_type,
             "number_format": cell.number_format}
            for cell in row
            if cell.value is not None
        ])
    return {
        "name": sheet.title,
        "dimensions": sheet.dimensions,
        "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
        "freeze_panes": sheet.freeze_panes,
        "print_title_rows": sheet.print_title_rows,
        "orientation": setup.orientation,
        "paper_size": setup.paperSize,
        "fit_to_width": setup.fitToWidth,
        "fit_to_height": setup.fitToHeight,
        "fit_to_page": sheet.sheet_properties.pageSetUpPr.fitToPage
        if sheet.sheet_properties.pageSetUpPr is not None else None,
        "column_widths": widths,
        "rows": rows,
    }


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    row_limit = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = openpyxl.load_workbook(sys.argv[1])
        report = {
            "sheets": book.sheetnames,
            "details": [describe_sheet(sheet, row_limit) for sheet in book.worksheets],
        }
    report["warnings"] = [str(w.message) for w in caught]
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1, default=str)
    print()


if __name__ == "__main__":
    main()
