"""Status colours, one table for every writer: hex for the HTML and xlsx bulletins, a rich
style for the terminal (never colour alone: the status word is always written too)."""

from __future__ import annotations

# status -> (hex colour, terminal style)
_PALETTE: dict[str, tuple[str, str]] = {
    "achieved": ("2E7D32", "bold green"),
    "on_track": ("43A047", "green"),
    "at_risk": ("F9A825", "bold yellow"),
    "behind": ("C62828", "bold red"),
    "missed": ("7F0000", "bold white on red"),
    "missing": ("8E24AA", "bold magenta"),
    "not_due": ("9E9E9E", "dim"),
    "done": ("2E7D32", "green"),
    "in_progress": ("1E88E5", "cyan"),
    "not_started": ("FB8C00", "yellow"),
    "overdue": ("C62828", "bold red"),
}
STATUS_COLORS: dict[str, str] = {status: pair[0] for status, pair in _PALETTE.items()}
STATUS_STYLES: dict[str, str] = {status: pair[1] for status, pair in _PALETTE.items()}
