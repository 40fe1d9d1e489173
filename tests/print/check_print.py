#!/usr/bin/env python3
"""Checks the printed deliverables in real software (run by .ci/run, stage "print").

  check_print.py OUTDIR        OUTDIR: what `huizong build samples/ -o OUTDIR` wrote

For every NAME.docx: read back with zipfile + ElementTree (styles, fonts, margins, the
page-number field), converted to PDF with LibreOffice headless, then the PDF checked with
poppler (pdfinfo: A4 pages, landscape ones for wide tables; pdftotext: every heading and
numbered item present, a page number on every page). For every NAME.html: printed to PDF
by headless Chromium and checked the same way (page numbers, no tool note, the comparison
table on landscape pages with at least 10 rows a page). comparison.xlsx is converted to PDF by
LibreOffice too: at most 40 pages (pages per sheet, found by each sheet's page header, are
printed), landscape A4, and every page of 对比表 shows the unit names (the 单位 column is
repeated on each page across). Ends with "N passed, N failed".
"""
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
S = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
A4 = (595.3, 841.9)
WORKBOOK_PAGES_MAX = 40  # issue 17: the samples' workbook prints on at most 40 pages
results = {'passed': 0, 'failed': 0}


def check(ok, what):
    results['passed' if ok else 'failed'] += 1
    print(('ok   ' if ok else 'FAIL ') + what, flush=True)
    return ok


def squeeze(text):
    """Text without whitespace and the zero-width spaces that let references break."""
    return re.sub(r'[\s\u200b]+', '', text)


def letters(text):
    """Only letters and digits: pdftotext drops punctuation that hangs at a line's end."""
    return ''.join(c for c in text if unicodedata.category(c)[0] in 'LN')


def paragraphs(body):
    """(style, text) of every paragraph of a document body, tables included."""
    for p in body.iter(W + 'p'):
        style = p.find(f'{W}pPr/{W}pStyle')
        numbered = p.find(f'{W}pPr/{W}numPr') is not None
        text = ''.join(t.text or '' for t in p.iter(W + 't'))
        yield (style.get(W + 'val') if style is not None else 'Normal'), numbered, text


def interleaved(word, text, window=300):
    """`word` in order within `window` characters of `text`: a header wrapped in a narrow cell
    comes out of pdftotext line by line, between the lines of the cells beside it."""
    start = text.find(word[:1])
    while start >= 0:
        at = start
        for c in word[1:]:
            at = text.find(c, at + 1, start + window)
            if at < 0:
                break
        else:
            return True
        start = text.find(word[:1], start + 1)
    return False


def mm(twips):
    return int(twips) * 25.4 / 1440


def read_docx(path):
    """Checks the package like Word would read it; returns the paragraphs."""
    z = zipfile.ZipFile(path)
    doc = ET.fromstring(z.read('word/document.xml'))
    styles = ET.fromstring(z.read('word/styles.xml'))
    settings = ET.fromstring(z.read('word/settings.xml'))
    rels = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read('word/_rels/document.xml.rels'))}
    body = doc.find(W + 'body')
    sect = body[-1]
    name = path.name
    check(sect.tag == W + 'sectPr', f'{name}: page setup at the end of the body')
    size, mar = sect.find(W + 'pgSz'), sect.find(W + 'pgMar')
    dims = sorted((mm(size.get(W + 'w')), mm(size.get(W + 'h'))))
    check(abs(dims[0] - 210) <= 1 and abs(dims[1] - 297) <= 1, f'{name}: A4 ({dims[0]:.1f} x {dims[1]:.1f} mm)')
    want = {'top': 37, 'bottom': 35, 'left': 28, 'right': 26}
    got = {k: mm(mar.get(W + k)) for k in want}
    check(all(abs(got[k] - want[k]) <= 1 for k in want), f'{name}: margins {got}')
    by_id = {s.get(W + 'styleId'): s for s in styles.iter(W + 'style')}

    def font(style_id):
        f = by_id[style_id].find(f'{W}rPr/{W}rFonts')
        return f.get(W + 'eastAsia') if f is not None else None

    def size_pt(style_id):
        s = by_id[style_id].find(f'{W}rPr/{W}sz')
        return int(s.get(W + 'val')) / 2 if s is not None else None

    default_font = styles.find(f'{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts').get(W + 'eastAsia')
    check(default_font == '仿宋_GB2312', f'{name}: body font {default_font}')
    check(font('Title') == '方正小标宋简体' and size_pt('Title') == 22, f'{name}: title {font("Title")} {size_pt("Title")} pt')
    check((font('Heading1'), font('Heading2'), font('Heading3')) == ('黑体', '楷体_GB2312', '仿宋_GB2312'),
          f'{name}: heading fonts {font("Heading1")}, {font("Heading2")}, {font("Heading3")}')
    check(font('Footer') == '宋体' and size_pt('Footer') == 14, f'{name}: page number {font("Footer")} {size_pt("Footer")} pt')
    check(settings.find(W + 'evenAndOddHeaders') is not None, f'{name}: odd and even pages differ')
    sides = {}
    for ref in sect.findall(W + 'footerReference'):
        footer = ET.fromstring(z.read('word/' + rels[ref.get(R + 'id')]))
        instr = ''.join(t.text or '' for t in footer.iter(W + 'instrText'))
        jc = footer.find(f'{W}p/{W}pPr/{W}jc')
        sides[ref.get(W + 'type')] = (instr.strip(), jc.get(W + 'val') if jc is not None else None)
    check(sides.get('default') == ('PAGE', 'right') and sides.get('even') == ('PAGE', 'left'),
          f'{name}: PAGE field right on odd pages, left on even ones ({sides})')
    return list(paragraphs(body))


def pdf_pages(pdf):
    """(width, height) in points of every page."""
    out = subprocess.run(['pdfinfo', '-f', '1', '-l', '9999', str(pdf)], capture_output=True, text=True, check=True)
    return [(float(m[1]), float(m[2])) for m in re.finditer(r'Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)', out.stdout)]


def pdf_text(pdf):
    # -raw: the text in the order it was drawn. Without it, pdftotext orders text blocks by
    # position, and a numbered item whose 12 pt source reference wraps at a page's foot came
    # out tail first (…txt:606） before 坚持“应进必进”。（001_…).
    return subprocess.run(['pdftotext', '-raw', '-enc', 'UTF-8', str(pdf), '-'], capture_output=True, text=True,
                          check=True).stdout


def is_a4(size, landscape=False):
    w, h = size
    want = (A4[1], A4[0]) if landscape else A4
    return abs(w - want[0]) < 3 and abs(h - want[1]) < 3


def check_page_numbers(name, text, pages):
    numbers = {int(n) for n in re.findall(r'—\s*(\d+)\s*—', text)}
    check(numbers >= set(range(1, pages + 1)), f'{name}: a page number "— N —" on each of {pages} pages')


def check_docx_pdf(docx, pdf, paras):
    name = pdf.name
    sizes = pdf_pages(pdf)
    check(len(sizes) > 0, f'{name}: {len(sizes)} pages')
    wide = docx.stem == 'comparison'
    check(all(is_a4(s) or (wide and is_a4(s, True)) for s in sizes), f'{name}: every page A4')
    if wide:
        check(any(is_a4(s, True) for s in sizes), f'{name}: the wide table on landscape pages')
    text = pdf_text(pdf)
    check_page_numbers(name, text, len(sizes))
    flat = letters(re.sub(r'—\s*\d+\s*—', '', text))
    wanted = [(s, t) for s, numbered, t in paras if t.strip() and (s in ('Title', 'TableHeading') or s.startswith('Heading') or numbered)]
    missing = [t for s, t in wanted if not (letters(t) in flat or (s == 'TableHeading' and interleaved(letters(t), flat)))]
    check(wanted and not missing, f'{name}: all {len(wanted)} headings and items in the PDF text'
          + (f' (missing: {missing[:3]})' if missing else ''))
    # The pages the text needs at 22 lines of 28 characters, give or take short items.
    chars = sum(len(squeeze(t)) for s, _, t in paras if not s.startswith('Table'))
    floor = chars // (22 * 28 * 2)
    check(len(sizes) >= max(1, floor), f'{name}: {len(sizes)} pages for {chars} characters')


def read_workbook(path):
    """Per sheet, in tab order: (name, page header, pages wide it is fitted to, column A texts)."""
    z = zipfile.ZipFile(path)
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        shared = [''.join(t.text or '' for t in si.iter(S + 't')) for si in ET.fromstring(z.read('xl/sharedStrings.xml'))]
    book = ET.fromstring(z.read('xl/workbook.xml'))
    sheets = []
    for n, sheet in enumerate(book.find(S + 'sheets'), start=1):
        ws = ET.fromstring(z.read(f'xl/worksheets/sheet{n}.xml'))
        header = ws.find(f'{S}headerFooter/{S}oddHeader')
        title = re.sub(r'&[A-Z]', '', header.text if header is not None else '').replace('&&', '&')
        setup = ws.find(S + 'pageSetup')
        wide = int(setup.get('fitToWidth', '1')) if setup is not None else 1
        first_column = []
        for c in ws.iter(S + 'c'):
            if re.fullmatch(r'A\d+', c.get('r')):
                v = c.find(S + 'v')
                if c.get('t') == 's':
                    first_column.append(shared[int(v.text)])
                elif c.get('t') == 'inlineStr':
                    first_column.append(''.join(t.text or '' for t in c.iter(S + 't')))
        sheets.append((sheet.get('name'), title, wide, first_column))
    return sheets


def check_workbook_pdf(xlsx, pdf):
    name = xlsx.name
    sheets = read_workbook(xlsx)
    sizes = pdf_pages(pdf)
    check(0 < len(sizes) <= WORKBOOK_PAGES_MAX, f'{name}: {len(sizes)} pages (at most {WORKBOOK_PAGES_MAX})')
    check(all(is_a4(s, True) for s in sizes), f'{name}: every page landscape A4')
    layout = subprocess.run(['pdftotext', '-layout', '-enc', 'UTF-8', str(pdf), '-'], capture_output=True, text=True,
                            check=True).stdout.split('\f')[:len(sizes)]
    pages = pdf_text(pdf).split('\f')[:len(sizes)]
    # A page belongs to the sheet whose page header is its first line.
    owner = []
    for page in layout:
        first = next((line.strip() for line in page.splitlines() if line.strip()), '')
        owner.append(next((sheet for sheet, title, _, _ in sheets if title == first), None))
    per_sheet = {sheet: owner.count(sheet) for sheet, _, _, _ in sheets}
    check(None not in owner, f'{name}: pages per sheet {per_sheet}')
    unit_sheet, _, wide, column = sheets[0]
    units = {letters(u) for u in column[1:] if letters(u)}
    unit_pages = [letters(p) for p, o in zip(pages, owner) if o == unit_sheet]
    bare = [i + 1 for i, p in enumerate(unit_pages) if letters(column[0]) not in p or not any(u in p for u in units)]
    check(unit_pages and not bare, f'{name}: each of the {len(unit_pages)} pages of {unit_sheet} shows '
          f'{column[0]} and unit names' + (f' (not pages {bare})' if bare else ''))
    # Printed a pages wide, every unit's row is on that many pages (a long name wrapped in its
    # cell may come apart in the PDF text, hence 90 %).
    on_all = sum(1 for u in units if sum(u in p for p in unit_pages) >= wide)
    check(on_all >= 0.9 * len(units), f'{name}: {on_all} of {len(units)} units on each of the {wide} pages across')


def chromium_pdf(html, pdf, profile):
    subprocess.run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                    '--disable-background-networking', '--disable-component-update', '--disable-sync',
                    f'--user-data-dir={profile}', '--no-pdf-header-footer', f'--print-to-pdf={pdf}',
                    html.resolve().as_uri()], capture_output=True, timeout=300, check=True)


def check_html_pdf(html, pdf):
    name = pdf.name
    sizes = pdf_pages(pdf)
    text = pdf_text(pdf)
    check(len(sizes) > 0 and all(is_a4(s) or is_a4(s, True) for s in sizes), f'{name}: {len(sizes)} A4 pages')
    check_page_numbers(name, text, len(sizes))
    check('huizong' not in text, f'{name}: no tool note in print')
    if html.stem == 'comparison':
        check_comparison_rows(html, sizes, text)


def check_comparison_rows(html, sizes, text):
    """comparison.html prints its tables on landscape pages, at least 10 rows a page: on
    average over both tables, and on every full page of 各单位对比 (counted in the PDF text by
    each row's first source file:line, which only that row holds)."""
    name = html.name + '.pdf'
    page = html.read_text(encoding='utf-8')
    bodies = re.findall(r'<tbody>(.*?)</tbody>', page, re.S)
    rows = sum(b.count('<tr>') for b in bodies)
    landscape = sum(1 for s in sizes if is_a4(s, True))
    check(landscape == len(sizes), f'{name}: {landscape} of {len(sizes)} pages landscape')
    per_page = rows / max(landscape, 1)
    check(per_page >= 10, f'{name}: {rows} table rows on {landscape} landscape pages ({per_page:.1f} a page)')
    first_sources = []
    for row in re.findall(r'<tr>(.*?)</tr>', bodies[0], re.S) if bodies else []:
        cells = re.findall(r'<td[^>]*>(.*?)</td>', row, re.S)
        if cells:
            first_sources.append(re.split('[；;]', re.sub(r'<[^>]+>', '', cells[-1]))[0].strip())
    pages = text.split('\f')[:len(sizes)]
    keys = [re.compile(re.escape(src) + r'(?!\d)') for src in set(first_sources) if src]
    counts = [sum(len(k.findall(p)) for k in keys) for p in pages]
    table_pages = [c for c in counts if c > 0]
    found = sum(table_pages)
    check(found == len(first_sources), f'{name}: every row of 各单位对比 on a page ({found} of {len(first_sources)})')
    full = table_pages[:-1]  # the table's last page holds what is left
    check(full and min(full) >= 10, f'{name}: 各单位对比 rows a page: {table_pages}')


def main():
    out = Path(sys.argv[1])
    docs = sorted(out.glob('*.docx'))
    check(len(docs) >= 4, f'{len(docs)} .docx outputs in {out}')
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        paras = {d: read_docx(d) for d in docs}
        # The workbook under another name, so that its PDF does not overwrite comparison.docx's;
        # one LibreOffice run converts them all.
        workbook = tmp / 'workbook.xlsx'
        workbook.write_bytes((out / 'comparison.xlsx').read_bytes())
        subprocess.run(['soffice', '--headless', f'-env:UserInstallation={(tmp / "lo").as_uri()}',
                        '--convert-to', 'pdf', '--outdir', str(tmp / 'docx')] + [str(d) for d in docs] + [str(workbook)],
                       capture_output=True, timeout=900, check=True)
        if check((tmp / 'docx' / 'workbook.pdf').is_file(), 'comparison.xlsx: LibreOffice converted it to PDF'):
            check_workbook_pdf(out / 'comparison.xlsx', tmp / 'docx' / 'workbook.pdf')
        for d in docs:
            pdf = tmp / 'docx' / (d.stem + '.pdf')
            if check(pdf.is_file(), f'{d.name}: LibreOffice converted it to PDF'):
                check_docx_pdf(d, pdf, paras[d])
        for html in sorted(out.glob('*.html')):
            pdf = tmp / (html.stem + '.html.pdf')
            chromium_pdf(html, pdf, tmp / 'chromium')
            if check(pdf.is_file(), f'{html.name}: Chromium printed it to PDF'):
                check_html_pdf(html, pdf)
    print(f"print: {results['passed']} passed, {results['failed']} failed")
    return 1 if results['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
