#!/usr/bin/env python3
"""Tables of contents as Word and WPS write them, on the dev compilations (issue 11).

Each compilation of samples/ is rewritten with a contents in every form Word/WPS produce
(page numbers after a tab, spaces or dot leaders of any kind, 第…页, numbered or not,
entries wrapping onto a second line, the compilation title and 目录 listed as entries,
no page numbers), as .txt and as a real .docx (a TOC field, heading styles, page breaks),
then parsed by huizong. Every variant must split exactly as the original: the same
report titles at the same body lines (split F1 1.000 against tests/data/gold), and each
.docx must give the same reports, section kinds and item counts as its text export.

    contents_variants.py HUIZONG SAMPLES_DIR GOLD_DIR WORK_DIR [--report]

--report prints the split F1 per variant kind instead of only failing.
Exit 0 when every variant holds, 1 otherwise (each difference printed).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from xml.sax.saxutils import escape

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n):
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


# ---- one contents entry in each form ---------------------------------------------------
# Each takes (number, title, page) and returns the entry's lines.
def leader(fill, count=12):
    return lambda n, t, p: [f"{t}{fill * count}{p}"]


ENTRY_FORMS = {
    "tab-numbered": lambda n, t, p: [f"{n}．{t}\t{p}"],
    "tab": lambda n, t, p: [f"{t}\t{p}"],
    "spaces": lambda n, t, p: [f"{t}        {p}"],
    "ellipsis": lambda n, t, p: [f"{t}………………{p}"],
    "ellipsis-spaced": lambda n, t, p: [f"{t} ……………… {p}"],
    "middle-dot": leader("·"),
    "full-width-dot": leader("．"),
    "ascii-dot": leader("."),
    "katakana-dot": leader("・"),
    "hyphen": leader("-"),
    "dot-numbered": lambda n, t, p: [f"{n}.{t}{'.' * 10}{p}"],
    "cn-numbered": lambda n, t, p: [f"{cn_number(n)}、{t}\t{p}"],
    "page-word": lambda n, t, p: [f"{t}……………第{p}页"],
    "page-word-tab": lambda n, t, p: [f"{n}．{t}\t第 {p} 页"],
    "no-pages": lambda n, t, p: [t],
    "no-pages-numbered": lambda n, t, p: [f"{n}．{t}"],
    # Word wraps a long entry: the title goes on, the leader and page end the second line.
    "wrapped": lambda n, t, p: [t[:18], f"{t[18:]}……………{p}"] if len(t) > 24 else [f"{t}……………{p}"],
    "wrapped-no-pages": lambda n, t, p: [t[:18], t[18:]] if len(t) > 24 else [t],
    "wrapped-tab": lambda n, t, p: [f"{n}．{t[:16]}", f"{t[16:]}\t{p}"] if len(t) > 22 else [f"{n}．{t}\t{p}"],
}

# Variant kind -> (entry form, contents heading or None, list the compilation title and 目录)
VARIANTS = {form: (form, "目录", False) for form in ENTRY_FORMS}
VARIANTS.update({
    "heading-spaced": ("tab", "目　　录", False),
    "no-heading": ("ellipsis", None, False),
    "no-heading-tab-numbered": ("tab-numbered", None, False),
    "self-listed": ("ellipsis", "目录", True),
    "self-listed-tab": ("tab-numbered", "目  录", True),
})
TEXT_ONLY = {"no-contents"}  # kinds Compilation.variant writes without an entry form


def weak_wording(title):
    """A report title in a weak wording (审计局工作情况): no year, no period, no title word —
    found in a .docx by its Heading 1 style and the page break before it."""
    t = re.sub(r"\d{4}\s*年度?", "", title)
    for period in ("上半年度", "上半年", "下半年", "半年", "年度"):
        t = t.replace(period, "")
    t = re.split(r"工作总结|总结|工作报告|的报告|报告|工作汇报", t)[0]
    t = re.sub(r"^篇\d+：", "", t).rstrip("的")
    if len(t.replace("关于", "")) < 2:  # a title naming no subject: 2023年度上半年工作总结
        t = "本单位"
    return t + ("情况" if t.endswith("工作") else "工作情况")


class Compilation:
    """A dev compilation: its front matter (title, count), contents entries and body."""

    def __init__(self, path, gold):
        with open(path, encoding="utf-8") as f:
            self.lines = f.read().split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.gold_titles = [r["title_line"] for r in gold["reports"]]
        self.gold_headings = sorted({s["heading_line"] for r in gold["reports"] for s in r["sections"]
                                     if s.get("heading_line")})
        front = gold["front_matter_lines"]
        self.body_from = max(front) + 1  # first body line (1-based)
        self.title = self.lines[0].strip()
        self.count = self.lines[1].strip()
        # Entries: the compilation's own contents where it has one (real TOC wording),
        # else each report's title as written in the body.
        old = [self.lines[k - 1] for k in front[3:]] if len(front) > 3 else []
        if old:
            self.entries = []
            for line in old:
                m = re.match(r"^\s*\d+[．.]\s*(.*?)\t(\d+)\s*$", line)
                self.entries.append((m.group(1), int(m.group(2))))
        else:
            self.entries = [(self.lines[k - 1].strip(), 2 + 3 * i) for i, k in enumerate(self.gold_titles)]

    def variant(self, kind):
        if kind == "no-contents":
            return [self.title, self.count], [], self.lines[self.body_from - 1:]
        form, heading, self_listed = VARIANTS[kind]
        write = ENTRY_FORMS[form]
        front = [self.title, self.count]
        toc = []
        if heading:
            front.append(heading)
        if self_listed:
            toc += write(1, self.title, 1)
            toc += write(2, "目录", 1)
        first = 3 if self_listed else 1
        for i, (title, page) in enumerate(self.entries):
            toc += write(first + i, title, page)
        return front, toc, self.lines[self.body_from - 1:]


# ---- .docx writer ------------------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""


def styles_xml(flavour):
    """Paragraph styles as Word (English or Chinese UI) and WPS name them."""
    def style(sid, name, based=None, outline=None):
        based_xml = f'<w:basedOn w:val="{based}"/>' if based else ""
        outline_xml = f'<w:pPr><w:outlineLvl w:val="{outline}"/></w:pPr>' if outline is not None else ""
        return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
                f'{based_xml}{outline_xml}</w:style>')
    body = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>',
        style("Heading1", "heading 1", "Normal", 0),
        style("Heading2", "heading 2", "Normal", 1),
        style("1", "heading 1", "Normal", 0),  # Word with a Chinese UI: id "1", shown as 标题 1
        style("a3", "标题 1", "Normal", 0),     # WPS
        style("ReportTitle", "Report Title", "Heading1"),  # a style based on a heading
        style("TOC1", "toc 1", "Normal"),
        style("10", "toc 1", "Normal"),
        style("TOCHeading", "TOC Heading", "Heading1", 9),  # Word keeps it out of the outline
        style("2", "heading 2", "Normal", 1),
        style("a4", "标题 2", "Normal"),       # WPS: level 2 by its name alone
        style("a5", "标题 1"),                 # a Chinese name and nothing else (level 1 by name)
        # Custom styles: outline levels set on the style, and styles based on them.
        style("CustomTitle", "Custom Title", "Normal", 0),
        style("ReportHead", "Report Head", "CustomTitle"),
        style("SectionHead", "Section Head", "Normal", 1),
        style("PartHead", "Part Head", "SectionHead"),
    ]
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
            + "".join(body) + "</w:styles>")


def run(text):
    """Runs for a line of text: tabs become w:tab."""
    parts = text.split("\t")
    out = []
    for i, part in enumerate(parts):
        if i:
            out.append("<w:r><w:tab/></w:r>")
        if part:
            out.append(f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return "".join(out)


def paragraph(text, style=None, extra_ppr="", before="", after=""):
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr += extra_ppr
    ppr_xml = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{ppr_xml}{before}{run(text)}{after}</w:p>"


def field(instr, result):
    """A complex field: begin, instruction, separate, result runs, end."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {escape(instr)} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f"{run(result)}"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


# How each docx flavour writes the contents and the report titles.
DOCX_FLAVOURS = {
    # Word (English UI): TOC complex field, w:hyperlink entries, PAGEREF page numbers,
    # a right tab with a dot leader; titles in Heading 1, a page break before each.
    "word-field": dict(toc_style="TOC1", title_style="Heading1", leader="dot", hyperlink=True,
                       sdt=False, page_ref="complex", page_break="run", section_style="Heading2"),
    # Word (Chinese UI): the contents control (w:sdt, Table of Contents) around the field,
    # styles "1" (标题 1) and "10" (toc 1), middle-dot leader; pageBreakBefore on titles.
    "word-sdt": dict(toc_style="10", title_style="1", leader="middleDot", hyperlink=True,
                     sdt=True, page_ref="complex", page_break="ppr", section_style="2"),
    # WPS: field without hyperlinks, page numbers as w:fldSimple PAGEREF, titles in a style
    # based on Heading 1, a section break (w:sectPr) ending each report.
    "wps": dict(toc_style="TOC1", title_style="ReportTitle", leader="dot", hyperlink=False,
                sdt=False, page_ref="simple", page_break="section", section_style="a4"),
    # No heading style: the outline level set on the title paragraph itself.
    "outline-level": dict(toc_style="TOC1", title_style=None, leader="hyphen", hyperlink=True,
                          sdt=False, page_ref="complex", page_break=None, section_style=None),
    # Custom styles with outline levels (w:outlineLvl on the style, a style based on it);
    # the page break as a paragraph of its own (Ctrl+Enter), section headings level 2.
    "custom-outline": dict(toc_style="10", title_style="ReportHead", leader="dot", hyperlink=True,
                           sdt=False, page_ref="complex", page_break="paragraph", section_style="PartHead"),
    # Section headings in the report titles' own style (Heading 1, no page break): the
    # style alone makes no title of 一、工作成效.
    "sections-h1": dict(toc_style="TOC1", title_style="Heading1", leader="dot", hyperlink=True,
                        sdt=False, page_ref="complex", page_break="run", section_style="Heading1"),
    # A Chinese style name only (标题 1, no outline level in styles.xml), pageBreakBefore.
    "cn-name": dict(toc_style="TOC1", title_style="a5", leader="dot", hyperlink=False,
                    sdt=False, page_ref="simple", page_break="ppr", section_style="a4"),
}


def toc_paragraph(title, page, index, flavour, first, last):
    """One contents entry: title, tab, page number (a PAGEREF field)."""
    f = DOCX_FLAVOURS[flavour]
    tabs = f'<w:tabs><w:tab w:val="right" w:leader="{f["leader"]}" w:pos="8296"/></w:tabs>'
    begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>') if first else ""
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if last else ""
    anchor = f"_Toc{100000 + index}"
    if page is None:
        page_xml = ""
    elif f["page_ref"] == "complex":
        page_xml = "<w:r><w:tab/></w:r>" + field(f"PAGEREF {anchor} \\h", str(page))
    else:
        page_xml = (f'<w:r><w:tab/></w:r><w:fldSimple w:instr=" PAGEREF {anchor} \\h ">'
                    f"{run(str(page))}</w:fldSimple>")
    inner = run(title) + page_xml
    if f["hyperlink"]:
        inner = f'<w:hyperlink w:anchor="{anchor}" w:history="1">{inner}</w:hyperlink>'
    return f'<w:p><w:pPr><w:pStyle w:val="{f["toc_style"]}"/>{tabs}</w:pPr>{begin}{inner}{end}</w:p>'


def split_entry(line):
    """A text contents line as the docx writes it: title, and page (None without one)."""
    m = re.match(r"^(.*?)\t(\d+)$", line)
    return (m.group(1), m.group(2)) if m else (line, None)


def document_xml(front, toc, body, title_lines, flavour, heading_lines=()):
    """front/toc/body: text lines; title_lines, heading_lines: indexes into body of report
    titles and section headings. A page break stands before every report title."""
    f = DOCX_FLAVOURS[flavour]
    paras = [paragraph(front[0], "Title" if flavour != "wps" else None), paragraph(front[1])]
    heading = front[2] if len(front) > 2 else None
    toc_paras = []
    if heading is not None:
        toc_paras.append(paragraph(heading, "TOCHeading" if f["sdt"] else None))
    for i, line in enumerate(toc):
        title, page = split_entry(line)
        toc_paras.append(toc_paragraph(title, page, i, flavour, i == 0, i == len(toc) - 1))
    if f["sdt"]:
        toc_paras = ['<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
                     '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>'] + toc_paras + \
                    ["</w:sdtContent></w:sdt>"]
    paras += toc_paras
    titles, headings = set(title_lines), set(heading_lines)
    if f["page_break"] == "section" and 0 in titles:  # the front matter ends its own section
        sect = '<w:sectPr><w:type w:val="nextPage"/></w:sectPr>'
        last = paras[-1]
        paras[-1] = last.replace("</w:pPr>", sect + "</w:pPr>", 1) if "</w:pPr>" in last else \
            last.replace("<w:p>", f"<w:p><w:pPr>{sect}</w:pPr>", 1)
    for k, line in enumerate(body):
        next_is_title = (k + 1) in titles
        if k in titles:
            extra = "" if f["title_style"] else '<w:outlineLvl w:val="0"/>'
            before = ""
            if f["page_break"] == "ppr":
                extra += "<w:pageBreakBefore/>"
            elif f["page_break"] == "run":
                before = '<w:r><w:br w:type="page"/></w:r>'
            elif f["page_break"] == "paragraph":
                paras.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
            paras.append(paragraph(line.strip(), f["title_style"], extra, before))
        elif f["page_break"] == "section" and next_is_title:
            paras.append(paragraph(line, None, '<w:sectPr><w:type w:val="nextPage"/></w:sectPr>'))
        elif k in headings and f["section_style"]:
            paras.append(paragraph(line, f["section_style"]))
        else:
            paras.append(paragraph(line))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}">'
            f'<w:body>{"".join(paras)}<w:sectPr/></w:body></w:document>')


def write_docx(path, front, toc, body, title_lines, flavour, heading_lines=()):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/styles.xml", styles_xml(flavour))
        z.writestr("word/document.xml", document_xml(front, toc, body, title_lines, flavour, heading_lines))


# ---- parse and compare -------------------------------------------------------------------
def parse(huizong, folders, out):
    r = subprocess.run([huizong, "parse", *folders, "-o", out], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"huizong parse {' '.join(folders)} failed ({r.returncode}): {r.stderr}")
    with open(out, encoding="utf-8") as f:
        model = json.load(f)
    by_path = {}
    for rep in model["reports"]:
        by_path.setdefault(rep["source"]["path"], []).append(rep)
    warnings = {s["path"]: s.get("warnings", []) for s in model["sources"]}
    return by_path, warnings


def summary(rep, shift, index=0, per_report=0):
    """What must be the same in two parses of one report: title, line, kinds, item counts.
    per_report: paragraphs added before each report title (a page break paragraph)."""
    return (rep["title"], rep["source"]["line"] - shift - per_report * (index + 1),
            tuple((s["kind"], len(s["items"])) for s in rep["sections"]))


def f1(found, gold):
    found, gold = set(found), set(gold)
    if not found or not gold:
        return 0.0
    tp = len(found & gold)
    p, r = tp / len(found), tp / len(gold)
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    report = "--report" in sys.argv
    huizong, samples, gold_dir, work = args
    shutil.rmtree(work, ignore_errors=True)
    originals = os.path.join(work, "original")
    os.makedirs(originals)
    comps = []
    for name in sorted(os.listdir(samples)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(gold_dir, name[:-4] + ".gold.json"), encoding="utf-8") as f:
            gold = json.load(f)
        comps.append(Compilation(os.path.join(samples, name), gold))
        shutil.copy(os.path.join(samples, name), originals)
    base, _ = parse(huizong, [originals], os.path.join(work, "original.json"))

    failures = []
    scores = {}

    variants = []  # (kind, folder, extension, line shift per compilation, paragraphs added per report)
    for kind in list(VARIANTS) + sorted(TEXT_ONLY):
        folder = os.path.join(work, kind)
        os.makedirs(folder)
        shifts = {}
        for c in comps:
            front, toc, body = c.variant(kind)
            shifts[c.name] = len(front) + len(toc) - (c.body_from - 1)
            with open(os.path.join(folder, c.name + ".txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(front + toc + body) + "\n")
        variants.append((kind, folder, ".txt", shifts, 0))

    # .docx: each flavour on four contents (a TOC field exports as the tab form), and with
    # the report titles reworded weakly (no contents: the titles are found by style and
    # page break alone; their text export is written too, and must NOT split the same).
    weak = {}  # variant kind -> {original title: weak title}
    for flavour in DOCX_FLAVOURS:
        kinds = ("tab-numbered", "no-pages", "self-listed-tab", "no-contents")
        # Weak titles: only where a page break stands before each (the style alone is no title).
        for kind in kinds + (("weak-titles",) if DOCX_FLAVOURS[flavour]["page_break"] else ()):
            name = f"{flavour}-{kind}"
            folder = os.path.join(work, name)
            os.makedirs(folder)
            shifts = {}
            for c in comps:
                front, toc, body = c.variant("no-contents" if kind == "weak-titles" else kind)
                shifts[c.name] = len(front) + len(toc) - (c.body_from - 1)
                titles = [t - c.body_from for t in c.gold_titles]
                headings = [h - c.body_from for h in c.gold_headings if h >= c.body_from]
                if kind == "weak-titles":
                    body = list(body)
                    for t in titles:
                        weak.setdefault(name, {})[body[t].strip()] = weak_wording(body[t].strip())
                        if t + 1 < len(body) and body[t + 1].strip() == body[t].strip():
                            body[t + 1] = ""  # a title written twice: once is enough here
                        body[t] = weak_wording(body[t].strip())
                    if flavour == "word-field":
                        with open(os.path.join(folder, c.name + ".txt"), "w", encoding="utf-8") as f:
                            f.write("\n".join(front + toc + body) + "\n")
                write_docx(os.path.join(folder, c.name + ".docx"), front, toc, body, titles, flavour, headings)
            # A page break paragraph of its own adds one paragraph before each report title.
            per_report = 1 if DOCX_FLAVOURS[flavour]["page_break"] == "paragraph" else 0
            variants.append((name, folder, ".docx", shifts, per_report))
            if kind == "weak-titles" and flavour == "word-field":
                variants.append((name, folder, ".txt", shifts, 0))

    got, warnings = parse(huizong, [v[1] for v in variants], os.path.join(work, "variants.json"))
    weak_text_same = []
    for kind, folder, ext, shifts, per_report in variants:
        for c in comps:
            path = os.path.join(folder, c.name + ext)
            shift = shifts[c.name]
            reps = got.get(path, [])
            mine = [summary(r, shift, i, per_report) for i, r in enumerate(reps)]
            want = [summary(r, 0) for r in base[os.path.join(originals, c.name + ".txt")]]
            if kind in weak:  # the model's title drops 篇1：; the weak wording never had it
                reword = {re.sub(r"^篇\d+：", "", k): v for k, v in weak[kind].items()}
                want = [(reword.get(t, t),) + tuple(rest) for t, *rest in want]
            score = f1([r["source"]["line"] - shift - per_report * (i + 1) for i, r in enumerate(reps)], c.gold_titles)
            scores.setdefault(kind + ext, []).append(score)
            if ext == ".txt" and kind in weak:  # text alone cannot find these titles
                weak_text_same.append(mine == want)
                continue
            if mine != want:
                diff = next((i for i, (a, b) in enumerate(zip(mine, want)) if a != b), min(len(mine), len(want)))
                failures.append(f"{kind}{ext} {c.name}: {len(mine)} reports, expected {len(want)}; first "
                                f"difference at report {diff + 1}: got {mine[diff] if diff < len(mine) else None}"
                                f", expected {want[diff] if diff < len(want) else None}")
            bad = [w for w in warnings.get(path, []) if "table of contents" in w]
            if bad:
                failures.append(f"{kind}{ext} {c.name}: contents warnings {bad[:3]}")

    if weak_text_same and all(weak_text_same):
        failures.append("weak-titles .txt splits like its .docx: the variant does not test the style evidence")
    if report:
        for kind, s in scores.items():
            print(f"{kind:40s} " + " ".join(f"{x:.3f}" for x in s))
    for line in failures:
        print("FAIL", line)
    print(f"{len(scores)} variant kinds x {len(comps)} compilations, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
