"""Reads a results folder's results.xlsx back with openpyxl and checks it against the folder's
CSV files (docs/outputs.md "results.xlsx"): a first sheet README that names every other sheet
and its CSV file; on each sheet the CSV's header, a row of units, then every CSV cell: a number
as a number (never text) equal to the CSV's, an undefined statistic (nan) as an empty cell, text
as the same text (Thai included); money cells in a THB format, probabilities as percentages;
the two header rows frozen; columns at least as wide as their names.

    /usr/bin/python3 tests/io/check_workbook.py FOLDER [FOLDER ...]

Exits 1 naming every difference. Numbers: libxlsxwriter writes a double with 16 significant
digits ("%.16G", xlsxwriter/utility.h), so a cell may differ from the CSV's shortest round-trip
text in the 17th digit: a relative error of at most 5e-16 (half a unit in the 16th digit); the
check allows 1e-15, which no other slip (a wrong row, a unit conversion) stays within."""
import csv
import math
import sys
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter


def csv_number_text(value):
    """How the CSV writer writes a number (src/io/csv_writer.cpp format_csv_number)."""
    if math.isnan(value):
        return "nan"
    if value == math.floor(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def is_number_text(text):
    try:
        value = float(text)
    except ValueError:
        return False
    return math.isfinite(value) and csv_number_text(value) == text


def readme_sheets(book, problems):
    readme = book["README"]
    rows = [[c.value for c in row] for row in readme.iter_rows()]
    try:
        start = next(i for i, r in enumerate(rows) if r[0] == "Sheet")
    except StopIteration:
        problems.append("README: no `Sheet` table")
        return []
    listed = []
    for r in rows[start + 1:]:
        if r[0] is None:
            break
        listed.append((r[0], r[2]))
    if not rows[0][0] or not str(rows[0][0]).startswith("smesim "):
        problems.append(f"README: first cell is {rows[0][0]!r}, not the title")
    for label in ("Scenario", "Seed", "Replications", "Git revision"):
        if not any(r[0] == label and r[1] for r in rows[:start]):
            problems.append(f"README: no {label}")
    return listed


def check_cell(where, text, cell, unit, problems):
    value = cell.value
    if text == "" or text == "nan":
        if value not in (None, ""):
            problems.append(f"{where}: {value!r} where the CSV has {text!r}")
        return
    if text in ("inf", "-inf"):
        if value != text:
            problems.append(f"{where}: {value!r} where the CSV has {text}")
        return
    if isinstance(value, str):
        if value != text:
            problems.append(f"{where}: text {value!r}, the CSV {text!r}")
        elif is_number_text(text):
            problems.append(f"{where}: the number {text} is written as text")
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.append(f"{where}: {value!r} ({type(value).__name__}) where the CSV has {text!r}")
        return
    expected = float(text)
    if abs(float(value) - expected) > 1e-15 * abs(expected):
        problems.append(f"{where}: {value!r}, the CSV {text}")
    number_format = cell.number_format or ""
    if unit.startswith("THB") and "THB" not in number_format:
        problems.append(f"{where}: money in format {number_format!r}")
    if unit.startswith("%") and number_format != "0.0%":
        problems.append(f"{where}: a probability in format {number_format!r}")


def check_sheet(folder, book, sheet_name, csv_name, problems):
    if sheet_name not in book.sheetnames:
        problems.append(f"README lists sheet {sheet_name}, which is missing")
        return 0
    path = folder / csv_name
    if not path.is_file():
        problems.append(f"sheet {sheet_name}: no {csv_name} in {folder}")
        return 0
    with path.open(newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    sheet = book[sheet_name]
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]] if rows else []
    if header != table[0]:
        problems.append(f"{sheet_name}: header {header} is not {csv_name}'s {table[0]}")
        return 0
    units = [c.value or "" for c in rows[1]] if len(rows) > 1 else []
    units += [""] * (len(header) - len(units))
    if sheet.freeze_panes != "A3":
        problems.append(f"{sheet_name}: frozen at {sheet.freeze_panes}, not below the two header rows")
    if len(rows) - 2 != len(table) - 1:
        problems.append(f"{sheet_name}: {len(rows) - 2} data rows, {csv_name} has {len(table) - 1}")
    for c, name in enumerate(header):
        width = sheet.column_dimensions[get_column_letter(c + 1)].width
        if width is None or width < min(len(name), 58):
            problems.append(f"{sheet_name}: column {name} is {width} wide")
    for r, row in enumerate(table[1:]):
        cells = rows[r + 2] if r + 2 < len(rows) else []
        for c, text in enumerate(row):
            cell = cells[c] if c < len(cells) else None
            where = f"{sheet_name}!{get_column_letter(c + 1)}{r + 3} ({header[c]})"
            if cell is None:
                if text not in ("", "nan"):
                    problems.append(f"{where}: missing, the CSV has {text!r}")
                continue
            check_cell(where, text, cell, units[c], problems)
    return len(table) - 1


def check_folder(folder):
    problems = []
    path = folder / "results.xlsx"
    if not path.is_file():
        return [f"{folder}: no results.xlsx"], 0
    book = openpyxl.load_workbook(path)
    if book.sheetnames[0] != "README":
        problems.append(f"first sheet is {book.sheetnames[0]}, not README")
    listed = readme_sheets(book, problems)
    if sorted(name for name, _ in listed) != sorted(book.sheetnames[1:]):
        problems.append(f"README lists {[n for n, _ in listed]}, the workbook has {book.sheetnames[1:]}")
    cells = 0
    for sheet_name, csv_name in listed:
        cells += check_sheet(folder, book, sheet_name, csv_name, problems)
    return problems, cells


def main(folders):
    failed = False
    for folder in map(Path, folders):
        problems, rows = check_folder(folder)
        for p in problems[:50]:
            print(f"{folder}: {p}")
        if problems:
            print(f"{folder}: {len(problems)} difference(s)")
            failed = True
        else:
            print(f"{folder}: results.xlsx agrees with its {rows} CSV rows")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
