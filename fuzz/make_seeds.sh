#!/usr/bin/env bash
# Writes the fuzzers' seed corpora (docs/fuzzing.md), generated, never committed:
#   OUT/read OUT/split OUT/outline   text seeds: chunks of 2-4 KB (whole lines) of every
#                                    samples/*.txt, plus GB18030, UTF-16LE/BE with BOM,
#                                    UTF-8 with BOM and CRLF variants of a few chunks
#   OUT/docx                         tiny .docx files built with python3's zipfile
#   OUT/docx_xml                     their XML parts, as fuzz_docx_xml.cpp reads them
#   OUT/model                        model.json files (and damaged ones) for fuzz_model
#   OUT/view_cache                   CBOR views as .huizong/ caches them, for fuzz_view_cache
#   OUT/templates                    templates and partials, for fuzz_templates
# Usage: fuzz/make_seeds.sh [OUT]   (default build-fuzz/seeds; OUT is emptied first)
# SEEDS_PER_SAMPLE (default 24) caps the chunks taken from one sample, spread over the file.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build-fuzz/seeds}"
per_sample="${SEEDS_PER_SAMPLE:-24}"

rm -rf "$out"
mkdir -p "$out/text" "$out/docx"

# 1. Plain UTF-8 chunks, cut at line ends (a line over 4 KB is cut at a character boundary).
python3 - "$out/text" "$per_sample" samples/*.txt <<'PY'
import os, sys
out, per_sample, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
LO, HI = 2048, 4096
for path in paths:
    data = open(path, 'rb').read()
    chunks, cur = [], b''
    for line in data.splitlines(keepends=True):
        while len(line) > HI:                     # very long line: cut at a UTF-8 lead byte
            cut = HI
            while cut > 0 and (line[cut] & 0xC0) == 0x80:
                cut -= 1
            if cur:
                chunks.append(cur); cur = b''
            chunks.append(line[:cut]); line = line[cut:]
        if cur and len(cur) + len(line) > HI:
            chunks.append(cur); cur = b''
        cur += line
        if len(cur) >= LO:
            chunks.append(cur); cur = b''
    if cur:
        chunks.append(cur)
    # Keep the first chunk (title, count, table of contents) and spread the rest.
    if len(chunks) > per_sample:
        step = len(chunks) / per_sample
        chunks = [chunks[int(i * step)] for i in range(per_sample)]
    stem = os.path.splitext(os.path.basename(path))[0][:3]
    for i, c in enumerate(chunks):
        with open(os.path.join(out, f'{stem}_{i:03d}.txt'), 'wb') as f:
            f.write(c)
PY

# 2. Other encodings and line ends, from the first chunk of each sample.
for first in "$out"/text/*_000.txt; do
  stem=$(basename "$first" _000.txt)
  iconv -f UTF-8 -t GB18030 "$first" > "$out/text/${stem}_gb18030.txt"
  iconv -f UTF-8 -t UTF-16 "$first" > "$out/text/${stem}_utf16.txt"      # BOM, little-endian on x86
  { printf '\xFE\xFF'; iconv -f UTF-8 -t UTF-16BE "$first"; } > "$out/text/${stem}_utf16be.txt"
  { printf '\xEF\xBB\xBF'; cat "$first"; } > "$out/text/${stem}_bom.txt"
  sed 's/$/\r/' "$first" > "$out/text/${stem}_crlf.txt"
done

# 3. Tiny .docx files: plain paragraphs, automatic Chinese numbering, a table, tracked changes.
python3 - "$out/docx" <<'PY'
import os, sys, zipfile
out = sys.argv[1]
W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')

def p(text, extra=''):
    return f'<w:p>{extra}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'

def doc(body):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>')

def write(name, parts):
    with zipfile.ZipFile(os.path.join(out, name), 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS)
        for part, text in parts.items():
            z.writestr(part, text)

write('plain.docx', {'word/document.xml': doc(
    p('XX县应急管理局2023年上半年工作总结') + '<w:p/>' +
    p('　　2023年上半年，我局坚持人民至上，现将有关情况总结如下。') +
    p('　　一、主要工作开展情况') +
    p('　　（一）开展专项整治，检查企业126家，整改隐患3.5万处。') +
    p('　　二、存在的问题') + p('　　三、下半年工作计划') +
    '<w:p><w:r><w:t>下一步</w:t></w:r><w:r><w:br/><w:tab/><w:t>继续</w:t></w:r></w:p>')})

numbering = (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">'
             '<w:abstractNum w:abstractNumId="0">'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
             '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3"/><w:isLgl/></w:lvl>'
             '</w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>'
             '</w:numbering>')
styles = (f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}">'
          '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="H1"><w:basedOn w:val="Normal"/>'
          '<w:pPr><w:numPr><w:numId w:val="1"/><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style>'
          '</w:styles>')
num = lambda n, lvl: f'<w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{n}"/></w:numPr></w:pPr>'
write('numbering.docx', {
    'word/document.xml': doc(
        p('XX镇2023年工作总结') +
        p('总体情况', '<w:pPr><w:pStyle w:val="H1"/></w:pPr>') +
        p('农业生产', num(1, 1)) + p('粮食产量', num(1, 2)) +
        p('存在问题', num(1, 0)) + p('重新编号', num(2, 0)) + p('不编号', num(0, 0))),
    'word/numbering.xml': numbering,
    'word/styles.xml': styles})

write('table.docx', {'word/document.xml': doc(
    p('XX区统计局2023年工作总结') +
    '<w:tbl><w:tr><w:tc>' + p('指标') + '</w:tc><w:tc>' + p('数值') + p('单位') + '</w:tc></w:tr>'
    '<w:tr><w:trPr><w:del/></w:trPr><w:tc>' + p('删除的行') + '</w:tc></w:tr>'
    '<w:tr><w:tc>' + p('地区生产总值') + '</w:tc><w:tc>' + p('26.52亿元') + '</w:tc></w:tr></w:tbl>' +
    '<w:p><w:ins><w:r><w:t>插入的文字</w:t></w:r></w:ins><w:del><w:r><w:delText>删除的文字</w:delText></w:r></w:del></w:p>' +
    '<w:sdt><w:sdtContent>' + p('内容控件') + '</w:sdtContent></w:sdt>')})

# A stored (uncompressed) archive: the fuzzer can mutate the XML bytes directly.
with zipfile.ZipFile(os.path.join(out, 'stored.docx'), 'w', zipfile.ZIP_STORED) as z:
    z.writestr('[Content_Types].xml', CT)
    z.writestr('word/document.xml', doc(p('一、工作总结') + p('（一）完成任务') + p('&amp;&lt;&#x4E00;')))

# fuzz_docx_xml's input: document.xml \x01\x02 numbering.xml \x01\x02 styles.xml of each .docx.
xml_out = os.path.join(os.path.dirname(out), 'docx_xml')
os.makedirs(xml_out, exist_ok=True)
for name in sorted(os.listdir(out)):
    with zipfile.ZipFile(os.path.join(out, name)) as z:
        names = z.namelist()
        parts = [z.read(n) if n in names else b'' for n in ('word/document.xml', 'word/numbering.xml', 'word/styles.xml')]
    with open(os.path.join(xml_out, name.replace('.docx', '.xml')), 'wb') as f:
        f.write(b'\x01\x02'.join(parts))
PY

# 4. Dictionaries (libFuzzer -dict=): lexicon words and outline markers for the text targets,
# WordprocessingML names for docx. libFuzzer takes only printable ASCII in an entry, so other
# bytes are written as \xNN.
python3 - "$out" lexicons/split.json lexicons/sections.json <<'PY'
import re, sys
out, lexicons = sys.argv[1], sys.argv[2:]
def entry(s):
    b = s.encode('utf-8') if isinstance(s, str) else s
    return '"' + ''.join(chr(c) if 0x20 <= c < 0x7f and c not in (0x22, 0x5c) else f'\\x{c:02X}' for c in b) + '"'
words = set()
for path in lexicons:
    text = '\n'.join(l for l in open(path, encoding='utf-8').read().splitlines() if not l.strip().startswith('//'))
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', text):
        w = m.group(1)
        if any(ord(c) > 0x7f for c in w) or w.startswith('##'):
            if len(w.encode()) <= 32:
                words.add(w)
words |= {'一、', '二、', '十一、', '（一）', '(二)', '1.', '2．', '1、', '（1）', '(2)', '①', '②', '一是', '二是',
          '第一部分', '第二章', '篇1：', '（8篇）', '目录', '　　', '……', '。', '；', '：', '2023年', '上半年',
          '下半年', '万元', '亿元', '%', 'XX县', '某镇', '人民政府', '局', '\r\n', '\r', '\t'}
with open(f'{out}/text.dict', 'w') as f:
    for w in sorted(words):
        f.write(entry(w) + '\n')
    for b in (b'\xef\xbb\xbf', b'\xff\xfe', b'\xfe\xff', b'\x00', b'\x81\x30\x81\x30'):
        f.write(entry(b) + '\n')
xml = ['<w:p>', '</w:p>', '<w:p/>', '<w:r>', '</w:r>', '<w:t>', '</w:t>', '<w:t xml:space="preserve">', '<w:br/>',
       '<w:cr/>', '<w:tab/>', '<w:tbl>', '<w:tr>', '<w:tc>', '<w:trPr><w:del/></w:trPr>', '<w:ins>', '<w:del>',
       '<w:delText>', '<w:sdt><w:sdtContent>', '<w:customXml>', '<w:pPr>', '<w:numPr>', '<w:ilvl w:val="1"/>',
       '<w:numId w:val="1"/>', '<w:pStyle w:val="', 'w:basedOn', 'w:abstractNum', 'w:abstractNumId', 'w:num ',
       'w:numStyleLink', 'w:lvl ', 'w:lvlText w:val="%1', '%2', 'w:numFmt w:val="', 'chineseCounting',
       'decimal', 'upperRoman', 'bullet', 'w:suff w:val="', 'w:isLgl', 'w:lvlRestart', 'w:lvlOverride',
       'w:startOverride', 'w:start w:val="', 'w:default="1"', 'xmlns:w="', '<!DOCTYPE', '&#x', '&amp;',
       'word/document.xml', 'word/numbering.xml', 'word/styles.xml', 'PK\x03\x04', 'PK\x01\x02', 'PK\x05\x06', '\x01\x02']
with open(f'{out}/docx.dict', 'w') as f:
    for w in xml:
        f.write(entry(w) + '\n')
PY

# 5. fuzz_model: models as parse writes them (the render tests' fixture, and models of a
# few sample chunks when the main build's binary exists), plus damaged ones.
mkdir -p "$out/model" "$out/view_cache" "$out/templates"
cp tests/data/render/two_counties.model.json "$out/model/two_counties.json"
bin=build/src/huizong
if [ -x "$bin" ]; then
  for chunk in "$out"/text/00?_000.txt "$out"/text/001_003.txt; do
    [ -f "$chunk" ] || continue
    "$bin" parse "$chunk" -o "$out/model/$(basename "$chunk" .txt).json" >/dev/null 2>&1 || true
  done
fi
python3 - "$out/model" <<'PY'
import json, os, sys
out = sys.argv[1]
m = json.load(open(os.path.join(out, 'two_counties.json')))
def write(name, model):
    with open(os.path.join(out, name), 'w') as f:
        json.dump(model, f, ensure_ascii=False)
bad = json.loads(json.dumps(m)); bad['reports'][0]['period']['year'] = 1e20; write('year_1e20.json', bad)
bad = json.loads(json.dumps(m)); bad['reports'][1]['duplicate_of'] = bad['reports'][1]['id']; write('self_duplicate.json', bad)
bad = json.loads(json.dumps(m)); bad['reports'].append(None); write('null_report.json', bad)
PY

# 6. fuzz_view_cache: the CBOR views a render caches (.huizong/*.cbor), when the main
# build's binary exists, plus small CBOR values written here.
if [ -x "$bin" ]; then
  tmp=$(mktemp -d)
  "$bin" render tests/data/render/two_counties.model.json -o "$tmp" >/dev/null 2>&1 || true
  for f in "$tmp"/.huizong/*.cbor; do [ -f "$f" ] && cp "$f" "$out/view_cache/"; done
  rm -rf "$tmp"
fi
python3 - "$out/view_cache" <<'PY'
import os, struct, sys
out = sys.argv[1]
def head(major, n):
    if n < 24: return bytes([major << 5 | n])
    if n < 256: return bytes([major << 5 | 24, n])
    if n < 65536: return bytes([major << 5 | 25]) + struct.pack('>H', n)
    return bytes([major << 5 | 26]) + struct.pack('>I', n)
def cbor(v):
    if v is None: return b'\xf6'
    if v is True: return b'\xf5'
    if v is False: return b'\xf4'
    if isinstance(v, int): return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, float): return b'\xfb' + struct.pack('>d', v)
    if isinstance(v, str): b = v.encode(); return head(3, len(b)) + b
    if isinstance(v, list): return head(4, len(v)) + b''.join(cbor(x) for x in v)
    return head(5, len(v)) + b''.join(cbor(k) + cbor(x) for k, x in v.items())
item = {'index': '1', 'text': '检查企业12家。', 'theme': '安全', 'agency': '县审计局', 'period': '2023年上半年'}
view = {'title': '汇总', 'generated': '2026-01-01', 'groups': [{'agency': '县审计局', 'problems': [item, item],
        'has_problems': True, 'plans': [], 'metrics': [{'label': '企业', 'value': '12家'}]}], 'problem_count': '2'}
tables = {'problems': [{'agency': '县审计局', 'count': 2, 'text': '检查', 'none': None}]}
with open(os.path.join(out, 'small_tables.cbor'), 'wb') as f:
    f.write(cbor(tables))
# A document's view as the cache holds it (view_to_cache_bytes): "C T\n", the view's CBOR
# (C bytes) and the texts moved out of it (T bytes); a text moved out is the byte string of
# its length, little-endian.
with open(os.path.join(out, 'small_view.cbor'), 'wb') as f:
    f.write(b'%d 0\n' % len(cbor(view)) + cbor(view))
text = '检查企业12家，发现问题3个。'.encode()
moved = head(5, 1) + cbor('title') + bytes([0x44]) + struct.pack('<I', len(text))
with open(os.path.join(out, 'small_view_text_out.cbor'), 'wb') as f:
    f.write(b'%d %d\n' % (len(moved), len(text)) + moved + text)
with open(os.path.join(out, 'deep.cbor'), 'wb') as f:  # nested 100 levels: refused, not a crash
    f.write(b'\x81' * 100 + b'\xf6')
PY

# 7. fuzz_templates: each bundled template alone, and with partials a and b (\x01\x02
# between the parts), including a cycle that load() refuses.
for t in templates/*.mustache; do cp "$t" "$out/templates/$(basename "$t" .mustache).txt"; done
printf '# {{title}}\n{{#groups}}{{> a}}{{/groups}}\x01\x02## {{agency}}\n{{#items}}{{> b}}{{/items}}\x01\x02- {{index}}. {{text}}{{^flag}}!{{/flag}}\n' \
  > "$out/templates/partials.txt"
printf '{{> a}}\x01\x02x{{> b}}\x01\x02{{> a}}' > "$out/templates/cycle.txt"
printf '{{> a}}\x01\x02x{{=<%% %%>=}}<%%> a%%>' > "$out/templates/hidden_cycle.txt"

# Text seeds serve all three text targets.
for t in read split outline; do
  mkdir -p "$out/$t"
  cp "$out"/text/* "$out/$t/"
done
rm -rf "$out/text"
for d in "$out"/*/; do echo "seeds: $(ls "$d" | wc -l) in $d"; done
