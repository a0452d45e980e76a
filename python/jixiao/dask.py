"""Dask: check reports on a cluster, past what one machine's threads do (DESIGN.md §7).

    from jixiao.dask import check_bag, gather
    bag = check_bag(["reports/"], rubric="auto")   # a dask.bag.Bag, one jixiao.FileResult per file
    batch = gather(bag)                             # a jixiao.BatchResult: .files, .findings, .scores …

Each file goes through the same engine call as in :func:`jixiao.check_many`, with the same
configuration, rubric, registered rules (:func:`jixiao.rule`) and custom indicators
(:func:`jixiao.register_indicator`), so the gathered tables equal check_many's. Needs
``pip install 'jixiao[dask]'`` (dask[bag] and distributed).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

from jixiao import scoring, user_rules
from jixiao._native import _core
from jixiao.batch import BatchResult, FileResult, expand_paths
from jixiao.checking import batch_settings
from jixiao.config import Config
from jixiao.errors import Error
from jixiao.scoring import core_indicators, load_rubric
from jixiao.user_rules import core_rules

Extensions = tuple[list[user_rules.CoreRule], dict[str, Any]]


def _dask_bag() -> Any:
    try:
        import dask.bag
    except ImportError as exc:
        raise Error(
            "jixiao.dask 需要 dask：pip install 'jixiao[dask]' "
            "(jixiao.dask needs dask: pip install 'jixiao[dask]')"
        ) from exc
    return dask.bag


def _pickled_extensions() -> bytes:
    """The registered rules and indicators, pickled by value: workers run the client's functions
    even when the module defining them (a notebook, a rules file, a test) cannot be imported there."""
    import cloudpickle  # type: ignore[import-untyped,unused-ignore]

    # The registries are read directly: their public views (registered_rules) carry no functions.
    functions = [r.function for r in user_rules._registry.values()] + list(scoring._indicators.values())
    already = set(cloudpickle.list_registry_pickle_by_value())
    modules = [
        sys.modules[name]
        for name in sorted({fn.__module__ for fn in functions})
        if name in sys.modules and name != "__main__" and name not in already  # __main__ goes by value anyway
    ]
    for module in modules:
        cloudpickle.register_pickle_by_value(module)
    try:
        return bytes(cloudpickle.dumps((core_rules(), core_indicators())))
    finally:
        for module in modules:
            cloudpickle.unregister_pickle_by_value(module)


class FileChecker:
    """Checks (and scores) one report of a batch, as ``check_many`` would; pickles for the workers.

    Called with ``(index, path)``, returns a :class:`jixiao.FileResult` at that index. A file that
    cannot be read becomes a result with ``.error`` set, never an exception.
    """

    def __init__(self, settings: _core.CheckConfig, rubric: str, extensions: bytes) -> None:
        self._settings = settings
        self._rubric = rubric
        self._extensions = extensions
        self._unpickled: Extensions | None = None

    def __call__(self, task: tuple[int, str]) -> FileResult:
        index, path = task
        if self._unpickled is None:  # once per task a worker receives, not once per file
            import cloudpickle  # type: ignore[import-untyped,unused-ignore]

            self._unpickled = cloudpickle.loads(self._extensions)
        rules, indicators = self._unpickled
        items: list[_core.BatchItem] = []
        _core.run_batch(
            [os.fsencode(path)], self._settings, items.append, rubric=self._rubric, rules=rules, indicators=indicators
        )
        item = items[0]
        item.index = index  # its place in the whole batch, as check_many numbers it
        return FileResult(item)

    def __getstate__(self) -> tuple[_core.CheckConfig, str, bytes]:
        return (self._settings, self._rubric, self._extensions)

    def __setstate__(self, state: tuple[_core.CheckConfig, str, bytes]) -> None:
        self._settings, self._rubric, self._extensions = state
        self._unpickled = None


def check_bag(
    paths_or_folders: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    rubric: Any = None,
    config: Config | None = None,
    npartitions: int | None = None,
) -> Any:
    """A ``dask.bag.Bag`` of one :class:`jixiao.FileResult` per report, in input order.

    ``paths_or_folders``, ``rubric`` and ``config`` mean what they mean for
    :func:`jixiao.check_many`: folders are walked in sorted order (files it cannot check are left out
    of the bag: :func:`jixiao.batch.walk_paths` lists them with the reasons);
    ``rubric`` is None (no scoring), ``"auto"``, a built-in name, a rubric file, JSON text or a
    :class:`jixiao.Rubric`. The configuration, the rubric and the rules and indicators registered
    now are fixed here and shipped with the tasks. ``npartitions`` defaults to dask's choice.
    Nothing runs until the bag is computed (:func:`gather`).
    """
    bag = _dask_bag()
    items = [paths_or_folders] if isinstance(paths_or_folders, (str, os.PathLike)) else paths_or_folders
    files = expand_paths(items)
    settings = batch_settings(config, items)
    if rubric is None or rubric == "auto":
        rubric_spec = rubric or ""
    else:  # loaded here, as check_many does: names from the config's rubric files resolve, errors come first
        chosen = rubric if isinstance(rubric, _core.Rubric) else load_rubric(rubric, config)
        rubric_spec = chosen.to_json()
    checker = FileChecker(settings, rubric_spec, _pickled_extensions())
    tasks = list(enumerate(files))
    return bag.from_sequence(tasks, npartitions=npartitions).map(checker)


def gather(bag: Any) -> BatchResult:
    """Computes a bag from :func:`check_bag` (on the current dask scheduler, e.g. a distributed
    Client) and gathers it into a :class:`jixiao.BatchResult` — the same tables and writers as
    :func:`jixiao.check_many`'s (``.files``, ``.findings``, ``.scores``, ``to_excel`` …)."""
    results: list[FileResult] = bag.compute()
    return BatchResult(result._core for result in results)


__all__ = ["check_bag", "gather"]
