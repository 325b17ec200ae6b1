"""report -f pdf: the 公文 converted by LibreOffice, and the check of the fonts the PDF uses."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import test_docx
from conftest import DATA
from liuzhang.cli.app import app
from liuzhang.domain.plan import FONT_ROLES
from liuzhang.render import pdf
from liuzhang.render.pdf import FontMiss, font_aliases, missing_fonts, pdf_font_names

SOFFICE = pdf.find_soffice()
needs_soffice = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdfinfo") is None or shutil.which("pdffonts") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdfinfo, pdffonts) are not installed",
)
NOTO = "Noto Sans CJK SC"
june_db = test_docx.june_db  # the fixture: the shipped examples in a store, once a module

PDFFONTS = """\
name                                 type              encoding         emb sub uni object ID
------------------------------------ ----------------- ---------------- --- --- --- ---------
BAAAAA+WenQuanYiMicroHei             TrueType          WinAnsi          yes yes yes     24  0
CAAAAA+DejaVuSans                    TrueType          WinAnsi          yes yes yes     29  0
DAAAAA+WenQuanYiMicroHei             TrueType          WinAnsi          yes yes yes     34  0
FZXiaoBiaoSong-B05S                  CID TrueType      Identity-H       no  no  yes     40  0
"""
EMPTY = """\
name                                 type              encoding         emb sub uni object ID
------------------------------------ ----------------- ---------------- --- --- --- ---------
"""


@pytest.mark.parametrize(
    ("output", "names"),
    [
        (PDFFONTS, ["WenQuanYiMicroHei", "DejaVuSans", "FZXiaoBiaoSong-B05S"]),
        (EMPTY, []),
        ("", []),
        ("Syntax Error: Couldn't open file 'x.pdf'\n", []),
    ],
)
def test_pdf_font_names(output: str, names: list[str]) -> None:
    assert pdf_font_names(output) == names


STYLE = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "heading1": "黑体",
    "heading2": "楷体_GB2312",
    "page_number": "宋体",
}
NOTO_ALIASES = {NOTO: {"NotoSansCJKsc-Regular", "NotoSansCJKjp-Regular", NOTO}}


@pytest.mark.parametrize(
    ("named", "used", "aliases", "missing"),
    [
        # nothing installed: every named font replaced by what fontconfig chose
        (
            {"title": "方正小标宋简体", "body": "仿宋_GB2312"},
            ["WenQuanYiMicroHei", "DejaVuSans"],
            {},
            [
                FontMiss("方正小标宋简体", ("title",), ("WenQuanYiMicroHei", "DejaVuSans")),
                FontMiss("仿宋_GB2312", ("body",), ("WenQuanYiMicroHei", "DejaVuSans")),
            ],
        ),
        # installed: the PDF names it by its PostScript name, which fontconfig knows
        (
            {"title": "方正小标宋简体"},
            ["FZXiaoBiaoSong-B05S"],
            {"方正小标宋简体": {"FZXiaoBiaoSong-B05S"}},
            [],
        ),
        # one font for two roles: one warning naming both
        (
            {"body": "仿宋_GB2312", "page_number": "仿宋_GB2312", "title": "SimSun"},
            ["SimSun", "DejaVuSans"],
            {},
            [FontMiss("仿宋_GB2312", ("body", "page_number"), ("DejaVuSans",))],
        ),
        # a face of the same collection (Noto CJK), with a suffix LibreOffice adds
        ({"body": NOTO}, ["NotoSansCJKjp-Regular-VKana", "NotoSansCJKjp-Bold"], NOTO_ALIASES, []),
        # a Latin name written with spaces matches its PostScript name loosely
        ({"body": "Times New Roman"}, ["TimesNewRomanPS-BoldMT", "TimesNewRoman"], {}, []),
        # a PDF without fonts: everything is missing, no substitute to name
        ({"body": "宋体"}, [], {}, [FontMiss("宋体", ("body",), ())]),
        # a similar but different font is not the named one
        ({"body": "Noto Serif CJK SC"}, ["NotoSansCJKsc-Regular"], {}, [
            FontMiss("Noto Serif CJK SC", ("body",), ("NotoSansCJKsc-Regular",))
        ]),
    ],
)  # fmt: skip
def test_missing_fonts(
    named: dict[str, str],
    used: list[str],
    aliases: dict[str, set[str]],
    missing: list[FontMiss],
) -> None:
    assert missing_fonts(named, used, aliases) == missing


# -- LibreOffice ------------------------------------------------------------------------------


def report_pdf(db: Path, out: Path, *extra: str) -> Any:
    return CliRunner().invoke(
        app,
        [
            *("report", "--month", "2023-06", "--db", str(db), "--data", str(DATA)),
            *("--out", str(out), "--date", "2023-07-10", "-f", "pdf", *extra),
        ],
    )


def pdfinfo(path: Path) -> dict[str, str]:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pairs = (x.partition(":") for x in done.stdout.splitlines())
    return {k.strip(): v.strip() for k, _, v in pairs}


@needs_soffice
def test_the_june_bulletin_as_pdf_warns_of_each_substituted_font(
    june_db: Path, tmp_path: Path
) -> None:
    result = report_pdf(june_db, tmp_path)
    assert result.exit_code == 0, result.output
    path = tmp_path / "月通报_2023-06.pdf"
    assert f"已生成 {path}" in result.stdout
    assert not list(tmp_path.glob("*.docx"))  # -f pdf alone leaves only the PDF
    info = pdfinfo(path)
    assert info["Page size"].startswith("595.30") and "(A4)" in info["Page size"]
    # the 公文 fonts are not installed here: each named font, once, with its role
    for role, font in STYLE.items():
        warned = f"警告：PDF 未使用字体“{font}”（{role}），实际用了替代字体"
        assert (warned in result.stderr) == (not font_aliases(font)), font


@needs_soffice
@pytest.mark.skipif(not font_aliases(NOTO), reason=f"{NOTO} (fonts-noto-cjk) is not installed")
def test_the_page_count_in_an_installed_font(june_db: Path, tmp_path: Path) -> None:
    """Every role in Noto Sans CJK SC, so that no substitute decides the layout: 38 pages in
    English, its 各单位报送情况 section included (the body text sits on the 22-line grid, the
    tables' rows grow with the font's line height, so another font gives another count)."""
    fonts = [x for role in FONT_ROLES for x in ("--font", f"{role}={NOTO}")]
    result = report_pdf(june_db, tmp_path, "--lang", "en", *fonts)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr  # the PDF uses the font named
    path = tmp_path / "bulletin_2023-06.pdf"
    assert pdfinfo(path)["Pages"] == "38"
    done = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert {n.split("-")[0] for n in pdf_font_names(done.stdout)} <= {
        "NotoSansCJKjp",
        "NotoSansCJKsc",
    }


# -- without LibreOffice, or when it fails -----------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("zh", "未找到 LibreOffice（soffice），无法生成 PDF：请先安装，例如 Debian/Ubuntu 上 "
         "apt-get install libreoffice-writer-nogui"),
        ("en", "LibreOffice (soffice) was not found, so no PDF: install it first, e.g. on "
         "Debian/Ubuntu apt-get install libreoffice-writer-nogui"),
    ],
)  # fmt: skip
def test_without_libreoffice_it_says_how_to_install_it(
    june_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, text: str
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = report_pdf(june_db, tmp_path / "out", "--lang", lang)
    assert result.exit_code == 1
    assert text in result.stderr
    assert not list((tmp_path / "out").glob("*.pdf"))


def fake_soffice(folder: Path, body: str) -> None:
    """A stand-in ``soffice`` (a /bin/sh script) in ``folder``."""
    folder.mkdir(exist_ok=True)
    script = folder / "soffice"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(0o755)


def test_a_failed_conversion_is_reported(
    june_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(tmp_path / "bin", "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = report_pdf(june_db, tmp_path / "out")
    assert result.exit_code == 1
    assert "转成 PDF：Error: source file could not be loaded" in result.stderr
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_a_hung_conversion_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_soffice(tmp_path / "bin", "exec /bin/sleep 30\n")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(pdf.PdfError) as caught:
        pdf.convert(tmp_path / "a.docx", tmp_path, timeout=0.5)
    assert caught.value.code == "docx_pdf_timeout"
    assert caught.value.params == {"path": str(tmp_path / "a.docx"), "seconds": 0}


WRITES_A_PDF = """\
while [ $# -gt 1 ]; do
  if [ "$1" = "--outdir" ]; then out="$2"; fi
  case "$1" in -env:UserInstallation=file://*) profile="${1#-env:UserInstallation=file://}";; esac
  shift
done
name="${1##*/}"
printf '%%PDF-1.4 %s\\n' "$profile" > "$out/${name%.docx}.pdf"
"""


def test_without_pdffonts_the_check_is_skipped_visibly(
    june_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_soffice(tmp_path / "bin", WRITES_A_PDF)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = report_pdf(june_db, tmp_path / "out", "--lang", "en")
    assert result.exit_code == 0, result.output
    made = (tmp_path / "out" / "bulletin_2023-06.pdf").read_text(encoding="utf-8")
    # a private LibreOffice profile per run, in a temporary folder removed afterwards
    profile = made.split()[1]
    assert "liuzhang-lo-" in profile and not Path(profile).exists()
    assert "warning: pdffonts (poppler-utils) was not found" in result.stderr
