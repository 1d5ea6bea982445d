r"""Passes over the rows of a large matrix, block by block, on every core.

Internal module. Everything a solver needs from the data is a sum over the samples: the
loss :math:`\sum_i s_i\ell_i`, the gradient :math:`X^\top S(p - y)`, the Hessian
:math:`X^\top W X`. :func:`over_rows` evaluates such a sum

* **block by block**: a block of about :data:`BLOCK_BYTES` of rows stays in a core's
  cache while the scores, the pointwise quantities and the block's share of the
  gradient (and Hessian) are computed from it, so one evaluation reads ``X`` from
  memory once (``X @ beta`` followed by ``X.T @ r`` would read it twice);
* **on every core**: the blocks are grouped into at most :data:`MAX_CHUNKS` chunks of
  consecutive rows, and a thread pool sums the chunks in parallel (numpy and BLAS
  release the GIL). BLAS itself is held to one thread meanwhile, so the cores are not
  oversubscribed.

The chunks depend only on the shape of ``X``, never on the number of cores, and the
partial sums are added in chunk order: the result is the same, to the last bit, on a
machine with 1, 2 or 64 cores. The number of threads follows BLAS's own setting, so
``threadpoolctl.threadpool_limits(1)`` (or ``OMP_NUM_THREADS=1``, or a scikit-learn
``n_jobs`` worker, which sets it) makes every fit single-threaded.
"""

import contextlib
import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor

#: Bytes of ``X`` per block of rows: about the size of a core's L2 cache.
BLOCK_BYTES = 1 << 21
#: Most chunks a pass is split into (the unit of parallel work).
MAX_CHUNKS = 16

_state = {"pid": None, "pool": None, "pool_size": 0, "controller": None, "limiter": None,
          "depth": 0, "threads": 1}
_lock = threading.Lock()


def block_rows(n_columns):
    """Rows per block for a float64 matrix with ``n_columns`` columns."""
    return max(256, BLOCK_BYTES // (8 * max(int(n_columns), 1)))


def _controller():
    if _state["controller"] is None:
        from threadpoolctl import ThreadpoolController

        _state["controller"] = ThreadpoolController()
    return _state["controller"]


def n_threads():
    """Threads a pass may use: the cores this process may run on, capped by BLAS's setting."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    blas = [lib.num_threads for lib in _controller().select(user_api="blas").lib_controllers]
    return max(1, min([cores] + blas))


def _pool(workers):
    """A thread pool kept for the life of the process (a new one after a fork)."""
    with _lock:
        pool = _state["pool"]
        if _state["pid"] != os.getpid() or pool is None or _state["pool_size"] < workers:
            pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="logreg_lib")
            _state.update(pool=pool, pool_size=workers, pid=os.getpid())
        return pool


@contextlib.contextmanager
def one_blas_thread():
    """BLAS on one thread while any pass runs (nested or concurrent passes included).

    Yields the number of threads a pass may use, read before BLAS was limited. A solver
    whose heavy work is all in passes holds it for its whole run: BLAS's own threads,
    woken by a small call between two passes (a Cholesky factorization), keep spinning
    for a while and would compete with the pass's threads.
    """
    with _lock:
        if _state["depth"] == 0:
            _state["threads"] = n_threads()
            _state["limiter"] = _controller().limit(limits=1, user_api="blas")
        _state["depth"] += 1
        threads = _state["threads"]
    try:
        yield threads
    finally:
        with _lock:
            _state["depth"] -= 1
            if _state["depth"] == 0:
                _state["limiter"].restore_original_limits()
                _state["limiter"] = None


def single_blas_thread(func):
    """Decorator: run ``func`` inside :func:`one_blas_thread`."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with one_blas_thread():
            return func(*args, **kwargs)
    return wrapper


def _add(total, part):
    for k, value in enumerate(part):
        total[k] += value
    return total


def over_rows(n, n_columns, block, combine=_add):
    """Combine ``block(start, stop)`` over row blocks covering ``range(n)``.

    ``block`` returns a tuple of partial results (floats or fresh arrays) for the rows
    ``start:stop``; ``combine(total, part)`` folds a block's tuple into the running one
    (default: element-wise ``+=``). Returns the combined tuple as a list.
    """
    rows = block_rows(n_columns)
    bounds = list(range(0, n, rows)) + [n]
    n_blocks = len(bounds) - 1
    if n_blocks <= 1:
        return list(block(0, n))
    n_chunks = min(MAX_CHUNKS, n_blocks)
    cuts = [bounds[(c * n_blocks) // n_chunks] for c in range(n_chunks)] + [n]

    def chunk(c):
        total = None
        for start in range(cuts[c], cuts[c + 1], rows):
            part = block(start, min(start + rows, cuts[c + 1]))
            total = list(part) if total is None else combine(total, part)
        return total

    with one_blas_thread() as threads:
        workers = min(threads, n_chunks)
        if workers > 1:
            parts = list(_pool(workers).map(chunk, range(n_chunks)))
        else:
            parts = [chunk(c) for c in range(n_chunks)]
    total = parts[0]
    for part in parts[1:]:
        total = combine(total, part)
    return total
