"""Write the small documents the extract tests read (tests/fixtures/extract/).

Run once where python-docx, fpdf2 and a CJK font are installed (the tests only read the committed
files; CI installs no fonts):

    apt-get install -y fonts-wqy-microhei
    .venv/bin/pip install fpdf2
    .venv/bin/python scripts/make_extract_fixtures.py [--font PATH]

The texts are a made-up county, not any real plan."""

from __future__ import annotations

import argparse
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "extract"
# A TrueType-outline CJK font (apt-get install fonts-wqy-microhei): pdfminer cannot decode the
# text fpdf2 writes with the CFF-outline Noto Sans CJK (its embedded encoding CMap reads as empty).
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

# A county plan in another shape: targets in paragraphs, tasks in a table.
DOCX_PARAGRAPHS = [
    "青山县2024年重点工作实施方案",
    "一、主要目标",
    "全县地区生产总值增长６．５％左右，规模以上工业增加值增长8%以上，"
    "城镇新增就业不低于3500人，万元GDP能耗下降控制在省下达目标以内。",
    "二、重点任务",
]
DOCX_TABLE = [
    ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"],
    ["1", "新建5G基站120个", "县工信局", "各乡镇、县通信办", "2024年9月底前"],
    ["2", "完成高标准农田建设2万亩", "县农业农村局", "县财政局", "2024年12月底前"],
    ["3", "推进“一件事一次办”改革", "县政务服务中心", "县直各相关单位", "长期坚持"],
]
DOCX_AFTER = ["三、保障措施", "各单位要明确责任，按月报送进展。"]

PDF_TITLE = "白沙市2024年国民经济和社会发展计划"
# Lines of 22 Chinese characters (an indented first line: 20). Page 1: a paragraph of two
# lines, then the first line of one that a page break cuts mid-sentence; page 2 carries it on,
# repeating the character at the break (推进乡 / 乡村振兴).
PDF_PAGE1 = [
    ("indent", "今年主要预期目标是：地区生产总值增长６％"),
    ("full", "左右，居民人均可支配收入增长与经济增长同步。"),
    ("indent", "全年粮食产量要稳定在一百万吨以上，推进乡"),
]
PDF_PAGE2 = [
    ("full", "乡村振兴示范片区建设，新建改建农村公路三百公"),
    ("full", "里，确保年底前建成投用。"),
]
PDF_AFTER_TABLE = [("indent", "各责任单位要按月报送工作进展。")]
PDF_TABLE = [
    ["工作任务", "牵头单位", "完成时限"],
    ["建成市民服务中心", "市住建局", "2024年6月底前"],
    ["新增城镇就业3万人", "市人社局", "2024年12月"],
]


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for text in DOCX_PARAGRAPHS:
        document.add_paragraph(text)
    table = document.add_table(rows=len(DOCX_TABLE), cols=len(DOCX_TABLE[0]))
    for r, row in enumerate(DOCX_TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    # the second and third rows share one 责任单位 cell (merged down): python-docx repeats it
    merged = table.cell(2, 3).merge(table.cell(3, 3))
    merged.text = "县财政局"
    for text in DOCX_AFTER:
        document.add_paragraph(text)
    document.core_properties.author = "extract fixtures"
    document.save(str(path))


def write_pdf(path: Path, font: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format=(148, 210))
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", "", str(font))
    pdf.set_font("cjk", size=12)
    em, left, line_h = 12 * 0.3528, 15.0, 8.0

    def lines(items: list[tuple[str, str]], y: float) -> float:
        for kind, text in items:
            x = left + (2 * em if kind == "indent" else 0)
            pdf.text(x, y, text)
            y += line_h
        return y

    def page_number(n: int) -> None:
        pdf.set_font("cjk", size=9)
        pdf.text(70, 200, f"- {n} -")
        pdf.set_font("cjk", size=12)

    pdf.add_page()
    for kind, text in PDF_PAGE1 + PDF_PAGE2:
        assert len(text) == (20 if kind == "indent" else 22) or text.endswith("。"), text
    pdf.text(left + 2 * em, 20, PDF_TITLE)
    lines(PDF_PAGE1, 36)
    page_number(1)
    pdf.add_page()
    y = lines(PDF_PAGE2, 20) + 6
    widths = [50.0, 30.0, 38.0]
    for row in PDF_TABLE:
        x = left
        for width, text in zip(widths, row, strict=True):
            pdf.rect(x, y, width, 9)
            pdf.text(x + 1.5, y + 6.2, text)
            x += width
        y += 9
    lines(PDF_AFTER_TABLE, y + 10)
    page_number(2)
    pdf.output(str(path))


def write_scanned_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format=(148, 210))
    pdf.add_page()
    pdf.set_fill_color(200, 200, 200)
    pdf.rect(20, 20, 100, 60, style="F")  # what a scan is to a text reader: no characters
    pdf.output(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", type=Path, default=FONT)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    write_docx(OUT / "county_plan.docx")
    write_pdf(OUT / "city_plan.pdf", args.font)
    write_scanned_pdf(OUT / "scanned.pdf")
    fake = "这不是 Word 文件，只是改了扩展名的文本。\n"
    (OUT / "not_word.docx").write_text(fake, encoding="utf-8")
    (OUT / "empty.txt").write_bytes(b"")
    (OUT / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (OUT / "gb18030.txt").write_bytes(
        "二、主要目标\n\n全县地区生产总值增长7%，固定资产投资增长10%以上。\n".encode("gb18030")
    )
    for path in sorted(OUT.iterdir()):
        print(f"{path.name}\t{path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
