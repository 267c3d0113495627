"""The GIL is released while documents are coded: a pure-Python thread
keeps counting meanwhile, and two threads of a pool code two corpora in
less wall time than one thread codes them one after the other."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import faultline


def _count_during(work) -> tuple[int, float]:
    """Runs `work` while a Python thread counts; returns the count reached
    during `work` and how long it took."""
    stop = threading.Event()
    count = [0]

    def counter() -> None:
        while not stop.is_set():
            count[0] += 1

    t = threading.Thread(target=counter)
    t.start()
    time.sleep(0.05)
    before = count[0]
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    during = count[0] - before
    stop.set()
    t.join()
    return during, seconds


def test_python_thread_runs_while_coding(small_docs: list[dict]):
    coder = faultline.Coder()
    docs = small_docs * 2
    # the counter's own rate, with the main thread asleep
    alone, alone_s = _count_during(lambda: time.sleep(0.3))
    rate = alone / alone_s
    # one call codes the whole list: a single native call (no batches of
    # Python work in between) would hold the GIL throughout if it did not
    # release it
    during, seconds = _count_during(
        lambda: coder._coder.code_documents(docs, 0, None, 1, "raise"))
    assert seconds > 0.2, "too little work to measure"
    # holding the GIL, the counter would get only the interpreter's switch
    # interval now and then (a few percent of its rate); released, it runs
    # for most of the call
    assert during > 0.25 * rate * seconds, (during, rate, seconds)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_thread_pool_codes_in_parallel(small_docs: list[dict]):
    coder = faultline.Coder()
    halves = [small_docs * 2, small_docs[::-1] * 2]
    coder.code_documents(halves[0][:10])  # warm up

    def serial() -> float:
        start = time.perf_counter()
        for h in halves:
            coder.code_documents(h, threads=1)
        return time.perf_counter() - start

    def pooled() -> float:
        start = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda h: coder.code_documents(h, threads=1), halves))
        assert len(results[0]) == len(results[1]) > 0
        return time.perf_counter() - start

    # best of two, against other load on the machine
    one = min(serial(), serial())
    two = min(pooled(), pooled())
    print(f"serial {one:.2f} s, two threads {two:.2f} s, speed-up {one / two:.2f}")
    assert two < 0.85 * one, (one, two)
