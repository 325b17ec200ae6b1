"""Reading a plan document into blocks of normalised text: .txt (UTF-8 or GB18030), .docx
(paragraphs and tables in document order) and .pdf (text and tables)."""

from __future__ import annotations

from pathlib import Path

from liuzhang.extract.model import Block


def normalize(text: str) -> str:
    """One paragraph's text as the rules read it (and as quotes quote it)."""
    raise NotImplementedError  # the document helper writes this


def blocks_from_text(text: str) -> list[Block]:
    """The paragraphs of a plain text, in order."""
    raise NotImplementedError


def read_document(path: Path) -> list[Block]:
    """The blocks of a .txt, .docx or .pdf file; ExtractError when it cannot be read."""
    raise NotImplementedError
