"""A 公文 (.docx) as PDF through LibreOffice, and which of its named fonts the PDF really uses.

:func:`convert` runs ``soffice --headless --convert-to pdf`` with a private profile (parallel runs
do not share one) and a timeout; :func:`check_fonts` reads the PDF's fonts with ``pdffonts`` and
returns every font the document names that the PDF does not use (a substitute replaced it). The
CLI prints; nothing here does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from liuzhang.domain.plan import DocumentStyle

TIMEOUT_SECONDS = 300


class PdfError(Exception):
    """Conversion failed: a message code of :mod:`liuzhang.i18n` and its parameters."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class FontMiss:
    """A font the document names (for ``roles``) that the PDF does not use; ``used``: the
    PDF's fonts that are none of the named ones (the substitutes)."""

    font: str
    roles: tuple[str, ...]
    used: tuple[str, ...]


def find_soffice() -> str | None:
    """LibreOffice's command on PATH (soffice, else libreoffice), None when not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx: Path, outdir: Path, timeout: float = TIMEOUT_SECONDS) -> Path:
    """``docx`` converted to ``outdir``/<stem>.pdf by LibreOffice; :class:`PdfError` when
    LibreOffice is missing, fails or takes longer than ``timeout`` seconds."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError(code="docx_no_soffice")
    with tempfile.TemporaryDirectory(prefix="liuzhang-lo-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfError(code="docx_pdf_timeout", path=str(docx), seconds=int(timeout)) from None
    pdf = outdir / f"{docx.stem}.pdf"
    if done.returncode != 0 or not pdf.is_file():
        lines = [x for x in (done.stderr or done.stdout or "").splitlines() if x.strip()]
        reason = lines[-1] if lines else f"exit {done.returncode}"
        raise PdfError(code="docx_pdf_failed", path=str(docx), reason=reason)
    return pdf


# -- fonts ----------------------------------------------------------------------------------


def pdf_font_names(pdffonts_output: str) -> list[str]:
    """The font names of ``pdffonts`` output, without a subset prefix (``BAAAAA+SimSun`` →
    ``SimSun``), each once, in order."""
    lines = pdffonts_output.splitlines()
    rule = next((i for i, x in enumerate(lines) if x.startswith("---")), None)
    if rule is None:
        return []
    width = len(lines[rule].split(" ")[0])  # the name column, as wide as its rule
    names: list[str] = []
    for line in lines[rule + 1 :]:
        name = re.sub(r"^[A-Z]{6}\+", "", line[:width].strip())
        if name and name not in names:
            names.append(name)
    return names


def _keys(name: str) -> set[str]:
    """A font name compared loosely: lower case, letters and digits only, with and without its
    style suffix (``NotoSansCJKsc-Regular`` → ``notosanscjkscregular``, ``notosanscjksc``)."""

    def key(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    return {key(name), key(name.split("-")[0])} - {""}


def missing_fonts(
    named: dict[str, str], used: list[str], aliases: dict[str, set[str]] | None = None
) -> list[FontMiss]:
    """The fonts of ``named`` (role → font) that none of the PDF's fonts ``used`` is; a font
    matches a PDF font by its name or one of its ``aliases`` (:func:`font_aliases`), compared
    loosely (:func:`_keys`). Each miss lists the PDF fonts that match no named font."""
    aliases = aliases or {}
    roles: dict[str, list[str]] = {}
    for role, font in named.items():
        roles.setdefault(font, []).append(role)
    keys = {
        font: set().union(*(_keys(n) for n in {font, *aliases.get(font, set())})) for font in roles
    }

    def matches(font: str, pdf_name: str) -> bool:
        return bool(keys[font] & _keys(pdf_name))

    substitutes = tuple(u for u in used if not any(matches(f, u) for f in roles))
    return [
        FontMiss(font, tuple(rs), substitutes)
        for font, rs in roles.items()
        if not any(matches(font, u) for u in used)
    ]


def _fc_list(fc_list: str, pattern: str, *elements: str) -> list[dict[str, list[str]]]:
    """``fc-list PATTERN ELEMENTS…`` as one dict per font (element → its values)."""
    done = subprocess.run(
        [fc_list, pattern, *elements], capture_output=True, text=True, timeout=60, check=False
    )
    fonts = []
    for line in done.stdout.splitlines():
        values: dict[str, list[str]] = {}
        for part in line.split(":"):
            name, sep, value = part.partition("=")
            if sep:
                values[name.strip()] = [v.strip() for v in value.split(",") if v.strip()]
            elif part.strip().startswith("/"):
                values["file"] = [part.strip()]
        fonts.append(values)
    return fonts


def font_aliases(font: str) -> set[str]:
    """The PostScript and family names of the faces fontconfig has for ``font``, and of every
    face in the same files (a collection such as Noto CJK is exported under any of its faces'
    names); empty when it is not installed or fontconfig is missing."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return set()
    found = _fc_list(fc_list, f":family={font}", "file", "postscriptname", "family")
    files = {f for x in found for f in x.get("file", [])}
    for file in sorted(files):
        found += _fc_list(fc_list, f":file={file}", "postscriptname", "family")
    return {n for x in found for k in ("postscriptname", "family") for n in x.get(k, [])}


def check_fonts(pdf: Path, style: DocumentStyle) -> list[FontMiss] | None:
    """The fonts ``style`` names that ``pdf`` does not use; None when ``pdffonts`` (poppler)
    is not installed."""
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        return None
    done = subprocess.run(
        [pdffonts, str(pdf)], capture_output=True, text=True, timeout=60, check=False
    )
    named = style.fonts()
    aliases = {font: font_aliases(font) for font in set(named.values())}
    return missing_fonts(named, pdf_font_names(done.stdout), aliases)
