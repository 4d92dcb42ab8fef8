"""The renderer pool: a warm first renderer cloned, jobs shared, crashes reported instead of hanging."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import wait

import pytest

from booklet.engine.renderers import RendererPool

WARM: list[str] = []


def warm_up(marker: str) -> None:
    WARM.append(marker)  # in the first renderer only: its clones inherit it


def who(seconds: float = 0.0) -> tuple[int, list[str]]:
    time.sleep(seconds)
    return os.getpid(), list(WARM)


def fail() -> None:
    raise ValueError("bad input")


def crash() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def broken_start() -> None:
    os._exit(3)


def test_clones_are_warm_and_share_the_jobs():
    with RendererPool(2, warm_up, ("warm",)) as pool:
        futures = [pool.submit(who, 0.3) for _ in range(4)]
        results = [f.result(timeout=30) for f in futures]
    pids = {pid for pid, _ in results}
    assert len(pids) == 2 and os.getpid() not in pids  # two processes took the jobs, side by side
    assert all(warm == ["warm"] for _, warm in results)  # the clone was forked after the warm-up


def test_a_job_error_reaches_its_future_and_the_pool_goes_on():
    with RendererPool(2) as pool:
        bad, good = pool.submit(fail), pool.submit(who)
        with pytest.raises(RuntimeError, match="ValueError: bad input"):
            bad.result(timeout=30)
        assert good.result(timeout=30)[0] != os.getpid()


def test_a_crashed_renderer_fails_its_job_and_the_other_goes_on():
    start = time.perf_counter()
    with RendererPool(2) as pool:
        doomed = pool.submit(crash)
        with pytest.raises(RuntimeError, match="died"):
            doomed.result(timeout=30)
        later = [pool.submit(who) for _ in range(3)]
        done, not_done = wait(later, timeout=30)
    assert not not_done and all(f.exception() is None for f in done)
    assert time.perf_counter() - start < 20


def test_a_renderer_that_cannot_start_fails_every_job_without_hanging():
    with RendererPool(2, broken_start) as pool:
        futures = [pool.submit(who) for _ in range(3)]
        done, not_done = wait(futures, timeout=30)
    assert not not_done
    assert all("no renderer process left" in str(f.exception()) for f in done)


def test_shutdown_without_jobs_is_prompt_and_leaves_no_process():
    start = time.perf_counter()
    pool = RendererPool(2)
    pool.shutdown()
    assert time.perf_counter() - start < 5
    with pytest.raises(RuntimeError):
        pool.submit(who)
