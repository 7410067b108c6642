"""The report export: Markdown, and HTML ready to print (or save as PDF) from a browser.

SB 524 wants the AI disclosure on every page of the final report: the Markdown repeats
it at the top and the bottom, and the HTML puts it in the table header and footer that
browsers repeat on every printed page.
"""

from __future__ import annotations

from jinja2 import Environment

from service.store.recordings import Recording
from service.store.versions import Version


def report_version(versions: list[Version]) -> Version | None:
    """The latest signed officer edit, else the latest draft (edit, re-summary, AI draft)."""
    signed = [v for v in versions if v.kind == "officer_edit" and v.signed]
    drafts = [v for v in versions if v.kind in ("officer_edit", "resummary", "ai_draft")]
    return (signed or drafts or [None])[-1]


def disclosure(chosen: Version, versions: list[Version]) -> str:
    """The AI disclosure line plus who edited and signed this version."""
    ai = next((v for v in versions if v.kind == "ai_draft"), None)
    base = (ai.summary.get("disclosure") if ai else None) or (
        "This report was drafted with the help of an AI model.")
    if chosen.kind == "officer_edit":
        state = f"signed by {chosen.author} at {chosen.created_at[:19]} UTC" if chosen.signed \
            else f"edited by {chosen.author}, not signed"
        return f"{base} Reviewed and {state}; the first AI draft is kept as version 1."
    return f"{base} Not reviewed or signed by an officer."


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()] or [text]


def export_markdown(rec: Recording, chosen: Version, versions: list[Version]) -> str:
    line = disclosure(chosen, versions)
    history = [f"- v{v.version} {v.kind_label} · {v.author} · {v.created_at[:19]} UTC · "
               f"sha256 {v.sha256}{' · signed' if v.signed else ''}" for v in versions]
    return "\n".join([
        f"> {line}", "",
        f"# Incident report narrative — recording {rec.id}", "",
        f"- Original SHA-256: {rec.sha256}",
        f"- Version: {chosen.version} ({chosen.kind_label})",
        f"- Author: {chosen.author}",
        f"- Time: {chosen.created_at[:19]} UTC",
        f"- Narrative SHA-256: {chosen.sha256}",
        f"- Signed: {'yes' if chosen.signed else 'no (draft)'}", "",
        "## Narrative", "", *[p + "\n" for p in paragraphs(chosen.narrative)],
        "## History", "", *history, "",
        "---", f"> {line}", "",
    ])


def export_html(env: Environment, rec: Recording, chosen: Version, versions: list[Version]) -> str:
    return env.get_template("export.html").render(
        rec_id=rec.id, rec_sha256=rec.sha256, version=chosen, versions=versions,
        disclosure=disclosure(chosen, versions), paragraphs=paragraphs(chosen.narrative))
