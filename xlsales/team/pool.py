"""One pure function mapped over a pool of processes, results in order.

Generation and reading are CPU-bound and independent per recipient: a process pool
(``--jobs``, by default one per core) maps the function over the tasks, which are
produced lazily and handed out in small chunks, so memory stays flat in the number of
workbooks. ``jobs=1`` runs in this process (no pool: tests, debugging, tiny teams).

The same map runs on a cluster engine unchanged, since the function and its tasks are
plain picklable values: ``dask.bag.from_sequence(tasks).map(function).compute()`` or
``ray.util.multiprocessing.Pool().imap(function, tasks)`` (see docs/team.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

__all__ = ["default_jobs", "map_tasks"]

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_tasks(function: Callable[[T], R], tasks: Iterable[T], jobs: int | None = None,
              progress: Callable[[int], None] | None = None, chunksize: int = 4
              ) -> Iterator[R]:
    """``function`` over ``tasks`` in ``jobs`` processes, results in task order;
    ``progress(1)`` after each."""
    jobs = jobs or default_jobs()
    if jobs <= 1:
        for task in tasks:
            result = function(task)
            if progress:
                progress(1)
            yield result
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for result in pool.map(function, tasks, chunksize=chunksize):
            if progress:
                progress(1)
            yield result
