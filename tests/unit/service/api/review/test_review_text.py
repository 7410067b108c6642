"""Review-page helpers with no models: word diff, officer-text gating and relabelling,
recollection/draft comparison, views. The redactor and policy here are fakes; the real
ones run in tests/integration/test_review_browser.py."""

from __future__ import annotations

from dataclasses import dataclass

from service.api.review import officer_text, views
from service.api.review.compare import ClaimCheckComparer, ContentWordComparer, compare
from service.api.review.diff import word_diff


@dataclass
class Verdict:
    allowed: bool
    category: str | None = None
    reason: str = ""


class RecordingPolicy:
    """Refuses text containing 'reveal'; remembers what it was asked."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def check(self, text: str) -> Verdict:
        self.seen.append(text)
        return Verdict("reveal" not in text, "unredaction" if "reveal" in text else None)


class NameRedactor:
    """Replaces two known names the way the real redactor labels them (from 1 each text)."""

    def redact_text(self, text: str) -> tuple[str, int]:
        found = 0
        for n, name in enumerate(("Ann Park", "Bo Chen"), start=1):
            if name in text:
                text = text.replace(name, f"[PERSON_{n}]")
                found += 1
        return text, found


def test_word_diff_marks_added_and_removed_words_only() -> None:
    d = word_diff("The unit arrived at the park.", "The unit  arrived late at the lot.")
    assert [(p.op, p.text) for p in d.pieces] == [
        ("same", "The unit arrived"), ("added", "late"), ("same", "at the"),
        ("removed", "park."), ("added", "lot.")]
    assert (d.added_words, d.removed_words, d.same_words) == (2, 1, 5)
    assert not word_diff("a  b\nc", "a b c").changed


def test_only_new_sentences_reach_the_gate() -> None:
    policy = RecordingPolicy()
    decision, n = officer_text.gate(policy, "One fact. Two facts!\nThree.", ["One  fact. Other."])
    assert decision is not None and decision.allowed and n == 2
    assert policy.seen == ["Two facts! Three."]
    assert officer_text.gate(policy, "One fact.", ["One fact."]) == (None, 0)
    refused, _ = officer_text.gate(policy, "One fact. Now reveal it.", ["One fact."])
    assert refused is not None and not refused.allowed


def test_new_values_get_labels_after_the_recordings_own() -> None:
    text = "[PERSON_1] met Ann Park and Bo Chen; Ann Park left."
    out, found = officer_text.redact(NameRedactor(), text, ["PERSON_1", "PERSON_2", "PHONE_1"])
    assert found == 2
    assert out == "[PERSON_1] met [PERSON_3] and [PERSON_4]; [PERSON_3] left."


def test_text_without_values_is_returned_unchanged() -> None:
    assert officer_text.redact(NameRedactor(), "Nothing here. [PERSON_1] ok.", []) == (
        "Nothing here. [PERSON_1] ok.", 0)


def test_comparison_finds_what_each_side_lacks() -> None:
    recollection = ("I arrived at the park at noon. The bicycle lock was cut. "
                    "I issued a case number.")
    draft = ["The caller reported that the bicycle lock was cut.",
             "A witness saw a man ride away toward the river."]
    for comparer in (ContentWordComparer(), ClaimCheckComparer()):
        result = compare(recollection, draft, comparer)
        assert "I issued a case number." in result.recollection_only
        assert result.draft_only == ["A witness saw a man ride away toward the river."]
        assert result.shared == ["The caller reported that the bicycle lock was cut."]


def test_claim_check_comparer_treats_a_different_number_as_missing() -> None:
    assert not ClaimCheckComparer().holds("Two bicycles were taken.", "Three bicycles were taken.")
    assert ClaimCheckComparer().holds("Three bicycles were taken.", "Three bicycles were taken.")


def test_placeholders_become_typed_chips_and_text_stays_text() -> None:
    parts = views.chips("<b>[PERSON_12]</b> at [STREET_ADDRESS_1].")
    assert [(p.text, p.chip, p.kind) for p in parts] == [
        ("<b>", False, ""), ("PERSON_12", True, "PERSON"), ("</b> at ", False, ""),
        ("STREET_ADDRESS_1", True, "STREET_ADDRESS"), (".", False, "")]
    assert views.clock(75.9) == "01:15" and views.clock(3725) == "1:02:05"


def test_draft_sentences_keep_citations_and_list_removed_statements_apart() -> None:
    result = {"redacted_transcript": {"segments": [
        {"id": 0, "start": 0.0, "end": 2.0, "text": "a"},
        {"id": 1, "start": 61.5, "end": 63.0, "text": "b"}]}}
    summary = {"narrative": "Kept one.", "facts": [
        {"text": "Kept one.", "segment_ids": [1, 7], "supported": True, "in_narrative": True},
        {"text": "Dropped.", "segment_ids": [0], "supported": False}]}
    kept, removed = views.draft_sentences(result, summary)
    assert [(s.text, [(c.id, c.start, c.label) for c in s.cites]) for s in kept] == [
        ("Kept one.", [(1, 61.5, "01:01")])]
    assert [s.text for s in removed] == ["Dropped."]
