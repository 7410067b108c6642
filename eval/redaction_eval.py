"""Redaction evaluation: recall on labelled PII text, leaks and over-redaction on scenarios.

Entry points the harness reuses:

* ``evaluate_presidio_synth(path)``: per-entity precision / recall / F2 on Presidio's
  synthetic sentences. Their types are mapped onto ours; a gold span counts as found
  when any predicted span of a compatible type overlaps it (redaction, not NER
  boundaries, is what matters here).
* ``evaluate_bodycam(dir, use_asr)``: for each scripted encounter, redact the
  reference transcript (``use_asr=False``) or the ``base`` ASR transcript of its audio,
  and count gold PII values still readable (``count_leaks``) and fact keywords that
  redaction removed (over-redaction).
* ``count_leaks(text, values)``: the entity types of gold values still in ``text``.

``python -m eval.redaction_eval --data ../shared/data`` prints all of it. Values are
never printed, only counts and entity types.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from redaction.pii.recognizers.spoken import DIGIT_WORDS, TEEN_WORDS, TENS_WORDS, TITLE_WORDS
from redaction.pii.redactor import Redactor, analyze, get_redactor
from redaction.types import AsrInfo, Segment, Transcript

# Gold type -> (group, predicted types that count as finding it).
_ADDRESS_PRED = frozenset({"STREET_ADDRESS", "LOCATION"})
GOLD_GROUPS: dict[str, tuple[str, frozenset[str]]] = {
    "PERSON": ("PERSON", frozenset({"PERSON"})),
    "PHONE_NUMBER": ("PHONE_NUMBER", frozenset({"PHONE_NUMBER"})),
    "EMAIL_ADDRESS": ("EMAIL_ADDRESS", frozenset({"EMAIL_ADDRESS"})),
    "STREET_ADDRESS": ("STREET_ADDRESS", _ADDRESS_PRED),
    "ADDRESS": ("STREET_ADDRESS", _ADDRESS_PRED),
    "GPE": ("LOCATION", _ADDRESS_PRED),
    "LOCATION": ("LOCATION", _ADDRESS_PRED),
    "ZIP_CODE": ("ZIP_CODE", _ADDRESS_PRED),
    "US_SSN": ("US_SSN", frozenset({"US_SSN"})),
    "CREDIT_CARD": ("CREDIT_CARD", frozenset({"CREDIT_CARD"})),
    "IBAN_CODE": ("IBAN_CODE", frozenset({"IBAN_CODE"})),
    "IP_ADDRESS": ("IP_ADDRESS", frozenset({"IP_ADDRESS"})),
    "US_DRIVER_LICENSE": ("US_DRIVER_LICENSE", frozenset({"US_DRIVER_LICENSE"})),
    "DOMAIN_NAME": ("DOMAIN_NAME", frozenset({"URL", "EMAIL_ADDRESS"})),
}
# Kept on purpose by the entity policy (incident times, ages, organisations, titles).
KEPT_BY_POLICY = frozenset({"DATE_TIME", "AGE", "ORGANIZATION", "TITLE", "NRP"})
# Groups the acceptance figures are about.
HEADLINE_GROUPS = ("PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "STREET_ADDRESS", "US_SSN",
                   "CREDIT_CARD")


def f_beta(precision: float, recall: float, beta: float = 2.0) -> float:
    """F-beta; beta=2 weighs recall four times precision (a leak costs more)."""
    b2 = beta * beta
    denom = b2 * precision + recall
    return (1 + b2) * precision * recall / denom if denom else 0.0


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate_presidio_synth(
    path: Path | str,
    analyze_fn: Callable[[str], Sequence[Any]] = analyze,
    limit: int | None = None,
) -> dict[str, Any]:
    """Per-group precision / recall / F2 on Presidio's synthetic set (file format: SOURCE.md).

    ``analyze_fn(text)`` returns findings with ``start``, ``end``, ``entity_type``
    (default: the project analyzer under the default policy, as used for redaction).
    ``any_pii`` asks the privacy question: is each gold span of a redacted type covered
    by any finding at all?
    """
    records = json.loads(Path(path).read_text(encoding="utf-8"))[:limit]
    groups = sorted({g for g, _ in GOLD_GROUPS.values()})
    gold_n = dict.fromkeys(groups, 0)
    found = dict.fromkeys(groups, 0)
    pred_n = dict.fromkeys(groups, 0)
    pred_ok = dict.fromkeys(groups, 0)
    any_gold = any_found = 0
    t0 = time.perf_counter()
    for rec in records:
        text = rec["full_text"]
        preds = [((f.start, f.end), f.entity_type) for f in analyze_fn(text)]
        golds = [((s["start_position"], s["end_position"]), s["entity_type"])
                 for s in rec["spans"]]
        for span, gtype in golds:
            if gtype not in GOLD_GROUPS:
                continue
            group, compatible = GOLD_GROUPS[gtype]
            gold_n[group] += 1
            found[group] += any(p in compatible and _overlaps(span, ps) for ps, p in preds)
            any_gold += 1
            any_found += any(_overlaps(span, ps) for ps, _ in preds)
        for group in groups:
            gold_types = {g for g, (grp, _) in GOLD_GROUPS.items() if grp == group}
            compatible = next(c for g, (grp, c) in GOLD_GROUPS.items() if grp == group)
            for ps, ptype in preds:
                if ptype not in compatible:
                    continue
                pred_n[group] += 1
                pred_ok[group] += any(
                    g in gold_types and _overlaps(ps, gs) for gs, g in golds
                )
    per_entity: dict[str, dict[str, float | int]] = {}
    for group in groups:
        if not gold_n[group]:
            continue
        recall = found[group] / gold_n[group]
        precision = pred_ok[group] / pred_n[group] if pred_n[group] else 0.0
        per_entity[group] = {
            "precision": round(precision, 4), "recall": round(recall, 4),
            "f2": round(f_beta(precision, recall), 4), "gold": gold_n[group],
            "found": found[group], "predicted": pred_n[group],
        }
    headline = [per_entity[g]["recall"] for g in HEADLINE_GROUPS if g in per_entity]
    return {
        "records": len(records),
        "seconds": round(time.perf_counter() - t0, 2),
        "per_entity": per_entity,
        "any_pii": {"gold": any_gold, "covered": any_found,
                    "recall": round(any_found / any_gold, 4) if any_gold else 0.0},
        "min_headline_recall": min(headline) if headline else 0.0,
        "kept_by_policy": sorted(KEPT_BY_POLICY),
    }


# --- leaks -----------------------------------------------------------------------------

_ORDINALS = {
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
    "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10", "eleventh": "11",
    "twelfth": "12", "thirteenth": "13", "fourteenth": "14", "fifteenth": "15",
    "sixteenth": "16", "seventeenth": "17", "eighteenth": "18", "nineteenth": "19",
    "twentieth": "20", "thirtieth": "30",
}
_SMALL = {**{k: int(v) for k, v in DIGIT_WORDS.items()},
          **{k: int(v) for k, v in TEEN_WORDS.items()},
          **{k: int(v) * 10 for k, v in TENS_WORDS.items()},
          **{k: int(v) for k, v in _ORDINALS.items()}}
_ID_TYPES = frozenset({"PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "US_DRIVER_LICENSE",
                       "LICENSE_PLATE", "US_BANK_NUMBER", "US_PASSPORT", "IBAN_CODE"})


def _number_run(words: list[str]) -> str:
    """Digits of a run of number words: read-out digits, years, "two thousand three"."""
    if "thousand" in words or "hundred" in words:
        total = current = 0
        for w in words:
            if w == "thousand":
                total += max(current, 1) * 1000
                current = 0
            elif w == "hundred":
                current = max(current, 1) * 100
            elif w in _SMALL:
                current += _SMALL[w]
            elif w.isdigit():
                current += int(w)
        return str(total + current)
    out = ""
    for i, w in enumerate(words):
        value = w if w.isdigit() else str(_SMALL.get(w, ""))
        prev = words[i - 1] if i else ""
        if (w in DIGIT_WORDS or w in ("first", "second", "third", "fourth", "fifth", "sixth",
                                      "seventh", "eighth", "ninth")) and prev in TENS_WORDS:
            out = out[:-1] + value  # "eighty five" -> 85
        else:
            out += value
    return out


def normalize(text: str) -> list[str]:
    """Lower-case words; spoken numbers become digits ("March third" -> "march 3")."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))
    out: list[str] = []
    run: list[str] = []
    numeric = set(_SMALL) | {"hundred", "thousand"}
    for w in [*words, ""]:
        if w.isdigit() or w in numeric or (w == "and" and run and "thousand" in run):
            run.append(w)
            continue
        if run:
            out.append(_number_run([r for r in run if r != "and"]))
            run = []
        if w:
            out.append(w)
    return out


def _id_form(text: str) -> str:
    """Letters and digits only ("K 7 7 3", "k-773", "five five five" all compare)."""
    return "".join(normalize(text))


def _spoken_email_form(text: str) -> str:
    low = re.sub(r"\s+dot\s+", ".", text.lower())
    low = re.sub(r"\s+at\s+", "@", low)
    return re.sub(r"[^a-z0-9@.]", "", low)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def count_leaks(text: str, values: Iterable[Sequence[str]]) -> list[str]:
    """Entity types of gold ``(type, value)`` pairs still present in ``text``.

    Case-insensitive, numbers compared as digits whether spoken or written. A person
    leaks when the full name or the surname alone is present; an identifier when its
    letters and digits appear with spaces, commas and hyphens removed.
    """
    words = normalize(text)
    compact = "".join(words)
    email_text = _spoken_email_form(text)
    leaks: list[str] = []
    for etype, value in values:
        vwords = normalize(value)
        hit = _contains(words, vwords)
        if not hit and etype == "PERSON":
            names = [w for w in vwords if w not in TITLE_WORDS]
            hit = len(names) >= 2 and _contains(words, names[-1:])
        if not hit and (etype in _ID_TYPES or sum(c.isdigit() for c in "".join(vwords)) >= 4):
            key = "".join(vwords)
            hit = len(key) >= 4 and key in compact
        if not hit and etype == "EMAIL_ADDRESS":
            key = _spoken_email_form(value)
            hit = len(key) >= 6 and key in email_text
        if hit:
            leaks.append(etype)
    return leaks


def facts_survival(raw: str, redacted: str, facts: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """(present in raw, still present after redaction) over all fact keywords."""
    raw_low, red_low = raw.lower(), redacted.lower()
    present = kept = 0
    for fact in facts:
        for keyword in fact.get("any", []):
            k = keyword.lower()
            if k and k in raw_low:
                present += 1
                kept += k in red_low
    return present, kept


# --- scenarios -------------------------------------------------------------------------

_INFO = AsrInfo(model="reference", device="none", compute_type="none", language="en",
                language_probability=1.0, duration_s=0.0)


def reference_transcript(scenario: dict[str, Any]) -> Transcript:
    """The scenario script as a transcript: one segment per timed line, no word times."""
    segments = [
        Segment(id=i, start=float(t["start"]), end=float(t["end"]), text=t["text"])
        for i, t in enumerate(scenario.get("timings", []))
    ]
    if not segments:
        segments = [Segment(id=0, start=0.0, end=float(scenario.get("duration_s", 0.0)),
                            text=scenario["reference_transcript"])]
    return Transcript(segments=segments, info=_INFO)


def _default_transcriber() -> Any:
    from service.asr.whisper import AsrOptions, get_transcriber
    from service.config import get_settings

    return get_transcriber(AsrOptions(model="base"), get_settings().resolved_cache_dir())


def evaluate_bodycam(
    directory: Path | str,
    use_asr: bool = False,
    *,
    redactor: Redactor | None = None,
    transcriber: Any = None,
    verify_audio: bool = False,
) -> dict[str, Any]:
    """Gold-PII leaks and fact-keyword survival on the scripted encounters.

    ``use_asr`` transcribes each ``.flac`` with ``transcriber`` (default: bundled
    ``base``) instead of using the script; ``verify_audio`` also bleeps the audio and
    runs ``redaction.verify`` on it (one more ASR pass per file).
    """
    redactor = redactor or get_redactor()
    if (use_asr or verify_audio) and transcriber is None:
        transcriber = _default_transcriber()
    rows: list[dict[str, Any]] = []
    totals = {"scenarios": 0, "gold_values": 0, "pii_in_raw": 0, "leaks": 0,
              "facts_present": 0, "facts_kept": 0, "redactions": 0, "redact_s": 0.0}
    if verify_audio:
        totals.update({"audio_checked": 0, "audio_residual": 0})
    for path in sorted(Path(directory).glob("*.json")):
        scenario = json.loads(path.read_text(encoding="utf-8"))
        audio = None
        if use_asr or verify_audio:
            from service.media import decode as media

            audio = media.load(path.with_name(scenario["audio"]))
        transcript = (transcriber.transcribe(audio) if use_asr and audio is not None
                      else reference_transcript(scenario))
        t0 = time.perf_counter()
        redacted = redactor.redact(transcript)
        redact_s = time.perf_counter() - t0
        values = [tuple(v) for v in scenario.get("pii", [])]
        leaked = count_leaks(redacted.text, values)
        in_raw = count_leaks(transcript.text, values)
        present, kept = facts_survival(transcript.text, redacted.text,
                                       scenario.get("facts", []))
        row: dict[str, Any] = {
            "id": scenario.get("id", path.stem), "gold_values": len(values),
            "pii_in_raw": len(in_raw), "leaks": len(leaked), "leaked_types": leaked,
            "facts_present": present, "facts_kept": kept,
            "redactions": len(redacted.redactions), "redact_s": round(redact_s, 3),
        }
        if verify_audio and audio is not None:
            from redaction.audio import bleep
            from redaction.verify import check_redaction

            spans = [(r.start_s, r.end_s) for r in redacted.redactions]
            check = check_redaction(transcriber, audio, bleep(audio.samples, audio.sample_rate,
                                                              spans), transcript, redacted)
            row["redaction_check"] = check.to_dict()
            totals["audio_checked"] += check.checked
            totals["audio_residual"] += check.residual
        rows.append(row)
        totals["scenarios"] += 1
        for key in ("gold_values", "pii_in_raw", "leaks", "facts_present", "facts_kept",
                    "redactions"):
            totals[key] += row[key]
        totals["redact_s"] = round(totals["redact_s"] + redact_s, 3)
    totals["facts_kept_fraction"] = (
        round(totals["facts_kept"] / totals["facts_present"], 4)
        if totals["facts_present"] else 1.0
    )
    return {"source": "asr" if use_asr else "reference", "scenarios": rows, "totals": totals}


# --- command line ----------------------------------------------------------------------


def _print_synth(result: dict[str, Any]) -> None:
    print(f"Presidio synthetic set: {result['records']} records, {result['seconds']} s")
    print(f"  {'entity':<20}{'gold':>6}{'found':>7}{'recall':>8}{'prec':>8}{'F2':>8}")
    for name, row in result["per_entity"].items():
        print(f"  {name:<20}{row['gold']:>6}{row['found']:>7}{row['recall']:>8.3f}"
              f"{row['precision']:>8.3f}{row['f2']:>8.3f}")
    anyp = result["any_pii"]
    print(f"  any PII covered: {anyp['covered']}/{anyp['gold']} = {anyp['recall']:.3f}; "
          f"min recall over {', '.join(HEADLINE_GROUPS)}: {result['min_headline_recall']:.3f}")


def _print_bodycam(result: dict[str, Any]) -> None:
    t = result["totals"]
    print(f"Body-cam scenarios, {result['source']} transcripts:")
    for row in result["scenarios"]:
        extra = ""
        if "redaction_check" in row:
            rc = row["redaction_check"]
            extra = f"  audio residual {rc['residual']}/{rc['checked']}"
        print(f"  {row['id']:<34} gold {row['gold_values']}  in raw {row['pii_in_raw']}  "
              f"leaks {row['leaks']} {row['leaked_types'] or ''}  facts kept "
              f"{row['facts_kept']}/{row['facts_present']}{extra}")
    print(f"  TOTAL gold values {t['gold_values']}, present in raw {t['pii_in_raw']}, "
          f"leaked after redaction {t['leaks']}; fact keywords kept {t['facts_kept']}/"
          f"{t['facts_present']} = {t['facts_kept_fraction']:.3f}")
    if "audio_checked" in t:
        print(f"  audio re-transcription: {t['audio_residual']} of {t['audio_checked']} "
              "redacted values still audible")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--no-asr", action="store_true", help="skip the ASR transcripts")
    parser.add_argument("--verify-audio", action="store_true",
                        help="also re-transcribe the bleeped audio (one more ASR pass)")
    parser.add_argument("--limit", type=int, default=None, help="synthetic records to use")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    args = parser.parse_args(argv)
    out: dict[str, Any] = {}
    synth = args.data / "pii" / "presidio_synth_dataset_v2.first500.json"
    if synth.is_file():
        out["presidio_synth"] = evaluate_presidio_synth(synth, limit=args.limit)
        _print_synth(out["presidio_synth"])
    bodycam = args.data / "bodycam"
    if bodycam.is_dir():
        out["bodycam_reference"] = evaluate_bodycam(bodycam, use_asr=False)
        _print_bodycam(out["bodycam_reference"])
        if not args.no_asr:
            out["bodycam_asr"] = evaluate_bodycam(bodycam, use_asr=True,
                                                  verify_audio=args.verify_audio)
            _print_bodycam(out["bodycam_asr"])
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
