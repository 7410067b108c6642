"""The auth-failure limiter on its own, with a fake clock: windows, budget, summary count."""

from __future__ import annotations

from service.api.ratelimit import AuthFailureLimiter, LimitOptions


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_is_limited_until_the_window_ends() -> None:
    clock = Clock()
    limiter = AuthFailureLimiter(LimitOptions(per_client=3, window_s=60, audit_budget=100), clock)
    verdicts = [limiter.failure("10.0.0.1") for _ in range(5)]
    assert [v.blocked for v in verdicts] == [False, False, False, True, True]
    assert [v.audit for v in verdicts] == [True, True, True, True, False]
    assert 1 <= verdicts[-1].retry_after_s <= 60
    assert not limiter.failure("10.0.0.2").blocked  # other clients are unaffected
    clock.now += 60
    assert not limiter.failure("10.0.0.1").blocked


def test_the_audit_budget_caps_rows_and_the_next_row_carries_the_count() -> None:
    clock = Clock()
    limiter = AuthFailureLimiter(LimitOptions(per_client=1000, window_s=10, audit_budget=2), clock)
    verdicts = [limiter.failure(f"10.0.0.{i}") for i in range(7)]
    assert [v.audit for v in verdicts] == [True, True, False, False, False, False, False]
    assert limiter.unaudited_total == 5
    clock.now += 10
    first = limiter.failure("10.0.0.9")
    assert first.audit and first.suppressed == 5


def test_tracked_clients_are_bounded(monkeypatch) -> None:
    import service.api.ratelimit as ratelimit

    monkeypatch.setattr(ratelimit, "MAX_TRACKED_CLIENTS", 10)
    limiter = AuthFailureLimiter(LimitOptions(per_client=5, window_s=60, audit_budget=1000))
    for i in range(100):
        limiter.failure(f"10.1.{i}.1")
    assert len(limiter._clients) == 10
