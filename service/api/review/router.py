"""``/review``: sign in with an API key, list your recordings, read, recollect, edit, sign.

Server-rendered (Jinja2, autoescaped) with one small external script; every response
carries a strict Content-Security-Policy. Ownership is the ``/v1`` rule (another
officer's recording is the same "not found" page as a missing one) and every view,
edit, export, refusal and miss is written to the audit log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from redaction.pii.redactor import Redactor
from redaction.policy.base import RequestPolicy
from service.api import results
from service.api.auth import allowed
from service.api.deps import SettingsDep, StoreDep, client_address, visible_recording
from service.api.errors import Forbidden, NotReady
from service.api.review import edits, session, views
from service.api.review.compare import compare, default_comparer
from service.api.review.diff import word_diff
from service.api.review.engines import PolicyDep, RedactorDep, require_redactor
from service.api.review.export import export_html, export_markdown, report_version
from service.config import Settings
from service.errors import BadRequestError, BodycamError, IdentificationRefused, NotFoundError
from service.store import Store
from service.store.keys import ApiKey
from service.store.versions import DRAFT_KINDS, Version

log = logging.getLogger("bodycam.api.review")

HERE = Path(__file__).resolve().parent
STATIC = {"review.js": "text/javascript", "review.css": "text/css", "export.css": "text/css"}
MAX_FORM_BYTES = 128 * 1024
GENERIC_DISCLOSURE = ("Drafts on these pages were written by an AI model from redacted "
                      "transcripts. The first AI draft of each recording is kept unchanged; "
                      "every edit is recorded with its author, time and SHA-256.")

router = APIRouter(prefix="/review", include_in_schema=False)


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(("html",), default=True))
    env.globals["static"] = lambda name: f"/review/static/{name}"
    return env


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("disclosure", GENERIC_DISCLOSURE)
    html = _env().get_template(name).render(**context)
    return session.secure(HTMLResponse(html, status_code=status))


def _audit(store: Store, request: Request, key: ApiKey | None, action: str, outcome: str,
           object_id: str | None = None, detail: str | None = None) -> None:
    store.audit.append(action, outcome, object_id=object_id, actor=key.id if key else None,
                       role=key.role if key else None, client=client_address(request),
                       detail=detail)


async def _form(request: Request) -> dict[str, str]:
    """A url-encoded form body (bounded; the last value of a repeated field wins)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise BadRequestError("the form is too large")
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequestError("the form cannot be read") from exc
    return {k: v[-1] for k, v in parsed.items()}


FormDep = Annotated[dict[str, str], Depends(_form)]


def _page_for_error(exc: BodycamError, who: session.SignedIn | None, back: str) -> HTMLResponse:
    ctx = {"principal": who.key if who else None,
           "csrf_token": who.session.csrf_token if who else ""}
    if isinstance(exc, NotFoundError):
        return render("not_found.html", 404, **ctx)
    heading = "Refused" if isinstance(exc, IdentificationRefused) else "Not saved"
    return render("error.html", exc.http_status, heading=heading, message=exc.message,
                  back=back, **ctx)


def _guarded(request: Request, store: Store, action: str, recording_id: str | None,
             who: session.SignedIn, back: str, work: Callable[[], Response]) -> Response:
    """Run ``work``; a domain error becomes a page, and misses/refusals are audited."""
    try:
        return work()
    except BodycamError as exc:
        if isinstance(exc, IdentificationRefused):
            outcome, detail = "refused", exc.category
        elif isinstance(exc, NotFoundError):
            outcome, detail = "not_found", None
        else:
            outcome, detail = "error", exc.code
        _audit(store, request, who.key, action, outcome, recording_id, detail)
        return _page_for_error(exc, who, back)


def _signed_in_or_redirect(request: Request, store: Store) -> session.SignedIn | Response:
    who = session.signed_in(request, store)
    if who is None:
        return session.secure(RedirectResponse("/review", status_code=303))
    return who


def _csrf_failed(request: Request, store: Store, who: session.SignedIn | None,
                 recording_id: str | None = None) -> HTMLResponse:
    _audit(store, request, who.key if who else None, "review.csrf", "denied", recording_id)
    ctx = {"principal": who.key if who else None,
           "csrf_token": who.session.csrf_token if who else ""}
    return render("error.html", 403, heading="Form rejected",
                  message="This form did not come from this page or has expired; "
                          "reload the page and try again.", back="/review", **ctx)


@router.get("/static/{name}")
async def static(name: str) -> Response:
    if name not in STATIC:
        return session.secure(Response("not found", status_code=404, media_type="text/plain"))
    response = FileResponse(HERE / "static" / name, media_type=STATIC[name])
    response.headers.update(session.SECURITY_HEADERS)
    response.headers["Cache-Control"] = "no-cache"
    return response


@router.get("", response_class=HTMLResponse)
def home(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """Sign-in form, or the signed-in key's recordings."""
    who = session.signed_in(request, store)
    if who is None:
        return _signin_page(settings)
    rows = store.recordings.review_list(
        None if allowed(who.key, "recordings:read_all") else who.key.id)
    _audit(store, request, who.key, "review.list", "ok", detail=f"{len(rows)} recordings")
    caption = ("All recordings (your role can read every recording)"
               if allowed(who.key, "recordings:read_all") else "Recordings you uploaded")
    return render("list.html", principal=who.key, csrf_token=who.session.csrf_token,
                  caption=caption, rows=[_row(store, r) for r in rows])


def _signin_page(settings: Settings, error: str | None = None, status: int = 200) -> Response:
    token = session.login_token()
    response = render("signin.html", status, error=error, csrf_token=token,
                      session_hours=f"{settings.review_session_hours:g}")
    session.set_login_cookie(response, token, settings)
    return response


def _row(store: Store, rec: Any) -> dict[str, str]:
    job = store.jobs.latest_for(rec.id)
    signed = store.versions.latest(rec.id, ("officer_edit",), signed=True)
    edited = store.versions.latest(rec.id, ("officer_edit",))
    report = ("signed" if signed else "edited, not signed" if edited
              else "AI draft only" if job is not None and job.status == "done" else "—")
    return {"id": rec.id, "status": job.status if job else "unknown",
            "duration": views.duration(rec.duration_s), "created": rec.created_at[:19],
            "report": report}


@router.post("/login")
def login(request: Request, form: FormDep, store: StoreDep, settings: SettingsDep) -> Response:
    if not session.login_token_ok(request, form.get("csrf_token")):
        _audit(store, request, None, "review.csrf", "denied", detail="signin")
        return _signin_page(settings, "The sign-in form expired; try again.", 403)
    key = store.keys.authenticate(form.get("api_key", "").strip())
    if key is None:
        _audit(store, request, None, "review.signin", "denied", detail="bad_key")
        return _signin_page(settings, "That key is not valid.", 401)
    if not allowed(key, "recordings:read"):
        _audit(store, request, key, "review.signin", "forbidden", detail="role")
        return _signin_page(settings, f"The {key.role} role cannot review recordings.", 403)
    token, _ = store.review_sessions.create(key.id, settings.review_session_hours * 3600)
    _audit(store, request, key, "review.signin", "ok")
    response = session.secure(RedirectResponse("/review", status_code=303))
    session.set_session_cookie(response, token, settings)
    response.delete_cookie(session.LOGIN_CSRF_COOKIE, path="/review")
    return response


@router.post("/logout")
def logout(request: Request, form: FormDep, store: StoreDep, settings: SettingsDep) -> Response:
    who = session.signed_in(request, store)
    if who is None:
        return session.secure(RedirectResponse("/review", status_code=303))
    if not who.session.csrf_ok(form.get("csrf_token")):
        return _csrf_failed(request, store, who)
    store.review_sessions.end(who.token)
    _audit(store, request, who.key, "review.signout", "ok")
    response = session.secure(RedirectResponse("/review", status_code=303))
    session.clear_session_cookie(response, settings)
    return response


@router.get("/{recording_id}", response_class=HTMLResponse)
def recording(recording_id: str, request: Request, store: StoreDep,
              settings: SettingsDep) -> Response:
    who = _signed_in_or_redirect(request, store)
    if isinstance(who, Response):
        return who
    return _guarded(request, store, "review.view", recording_id, who, "/review",
                    lambda: _recording_page(request, store, settings, who, recording_id))


def _recording_page(request: Request, store: Store, settings: Settings, who: session.SignedIn,
                    recording_id: str) -> Response:
    rec = visible_recording(store, who.key, recording_id)
    job = store.jobs.latest_for(rec.id)
    base = {"principal": who.key, "csrf_token": who.session.csrf_token, "rec": rec,
            "meta": f"{rec.filename} · {views.duration(rec.duration_s)} · uploaded "
                    f"{rec.created_at[:19]} UTC", "max_chars": edits.MAX_CHARS,
            "notice": _notice(request)}
    try:
        result = results.load_result(store, rec)
    except NotReady:
        _audit(store, request, who.key, "review.view", "ok", rec.id, "not ready")
        return render("recording.html", ready=False, status=job.status if job else "unknown",
                      versions=[], **base)
    versions = store.versions.list(rec.id)
    ai = next((v for v in versions if v.kind == "ai_draft"), None)
    ai_summary = ai.summary if ai else result.get("summary", {})
    mine = next((v for v in versions if v.kind == "recollection" and v.author == who.key.id), None)
    needs = settings.review_recollection_first and mine is None and _can_edit(who.key)
    ctx: dict[str, Any] = {
        **base, "ready": True, "segments": views.segments(result), "versions": versions,
        "needs_recollection": needs, "can_edit": _can_edit(who.key),
        "ai_disclosure": ai_summary.get("disclosure", ""),
        "disclosure": ai_summary.get("disclosure") or GENERIC_DISCLOSURE,
    }
    detail = "recollection first" if needs else "draft shown"
    if not needs:
        kept, removed = views.draft_sentences(result, ai_summary)
        current = store.versions.latest(rec.id, DRAFT_KINDS)
        ctx.update(draft_sentences=kept, unsupported=removed,
                   edit_text=(current.narrative if current else ai_summary.get("narrative", "")))
        recollection = mine or next((v for v in versions if v.kind == "recollection"), None)
        if recollection is not None:
            ctx.update(recollection=recollection, comparison=compare(
                recollection.narrative, [s.text for s in kept], default_comparer()))
        target = _diff_target(versions)
        if target is not None and ai is not None:
            ctx.update(diff=word_diff(ai.narrative, target.narrative),
                       diff_version=target.version,
                       diff_label="signed" if target.signed else "latest edit, not signed")
    _audit(store, request, who.key, "review.view", "ok", rec.id, detail)
    return render("recording.html", **ctx)


def _notice(request: Request) -> str | None:
    saved = request.query_params.get("saved", "")
    if saved.isdigit():
        return f"Saved as version {int(saved)}."
    return None


def _can_edit(key: ApiKey) -> bool:
    return allowed(key, "summaries:edit")


def _diff_target(versions: list[Version]) -> Version | None:
    signed = [v for v in versions if v.kind == "officer_edit" and v.signed]
    edited = [v for v in versions if v.kind == "officer_edit"]
    return (signed or edited or [None])[-1]


@router.post("/{recording_id}/recollection")
def save_recollection(recording_id: str, request: Request, form: FormDep, store: StoreDep,
                      policy: PolicyDep, redactor: RedactorDep) -> Response:
    return _save(recording_id, request, form, store, "recollection", policy, redactor)


@router.post("/{recording_id}/edit")
def save_edit(recording_id: str, request: Request, form: FormDep, store: StoreDep,
              policy: PolicyDep, redactor: RedactorDep) -> Response:
    return _save(recording_id, request, form, store, "officer_edit", policy, redactor)


def _save(recording_id: str, request: Request, form: dict[str, str], store: Store, kind: str,
          policy: RequestPolicy, redactor: Redactor | None) -> Response:
    who = _signed_in_or_redirect(request, store)
    if isinstance(who, Response):
        return who
    if not who.session.csrf_ok(form.get("csrf_token")):
        return _csrf_failed(request, store, who, recording_id)
    action = "review.recollection" if kind == "recollection" else "review.edit"

    def work() -> Response:
        if not _can_edit(who.key):
            raise Forbidden(f"the {who.key.role} role may not edit or sign the narrative")
        rec = visible_recording(store, who.key, recording_id)
        result = results.load_result(store, rec)
        text = form.get("text" if kind == "recollection" else "narrative", "")
        version = edits.save(store, rec, who.key,
                             edits.OfficerText(text, kind, form.get("sign") == "1"),
                             result=result, policy=policy,
                             redactor=require_redactor(redactor))
        _audit(store, request, who.key, action, "ok", rec.id,
               f"v{version.version}{' signed' if version.signed else ''}")
        return session.secure(RedirectResponse(f"/review/{rec.id}?saved={version.version}",
                                               status_code=303))

    return _guarded(request, store, action, recording_id, who, f"/review/{recording_id}", work)


@router.get("/{recording_id}/audio")
def audio(recording_id: str, request: Request, store: StoreDep) -> Response:
    """The redacted audio for the page's player (the session stands in for the bearer key)."""
    who = session.signed_in(request, store)
    if who is None:
        return session.secure(Response("sign in first", status_code=401, media_type="text/plain"))
    try:
        rec = visible_recording(store, who.key, recording_id)
        path = results.output_file(store, rec, "audio.redacted.wav")
    except BodycamError as exc:
        _audit(store, request, who.key, "review.audio", "not_found", recording_id)
        return session.secure(Response("not found", status_code=exc.http_status,
                                       media_type="text/plain"))
    if "range" not in request.headers or request.headers["range"].startswith("bytes=0-"):
        _audit(store, request, who.key, "review.audio", "ok", rec.id)  # once per playback
    response = FileResponse(path, media_type="audio/wav")
    response.headers.update(session.SECURITY_HEADERS)
    return response


@router.get("/{recording_id}/export.{fmt}")
def export(recording_id: str, fmt: str, request: Request, store: StoreDep) -> Response:
    who = _signed_in_or_redirect(request, store)
    if isinstance(who, Response):
        return who

    def work() -> Response:
        if fmt not in ("md", "html"):
            raise NotFoundError("no such export")
        rec = visible_recording(store, who.key, recording_id)
        results.load_result(store, rec)
        versions = store.versions.list(rec.id)
        chosen = report_version(versions)
        if chosen is None:
            raise NotReady("no narrative to export yet")
        _audit(store, request, who.key, "review.export", "ok", rec.id,
               f"{fmt} v{chosen.version}")
        if fmt == "md":
            md = export_markdown(rec, chosen, versions)
            response: Response = Response(md, media_type="text/markdown; charset=utf-8")
            response.headers["Content-Disposition"] = (
                f'attachment; filename="{rec.id}-v{chosen.version}.md"')
            return session.secure(response)
        html = export_html(_env(), rec, chosen, versions)
        return session.secure(HTMLResponse(html))

    return _guarded(request, store, "review.export", recording_id, who,
                    f"/review/{recording_id}", work)
