"""Synthesised data sets that take seconds to make and are always the same: made once, kept on disk.

The folder is ``$KERAS_GANS_CACHE`` or ``~/.cache/keras_gans``. A file is written
to a temporary name and renamed into place, so a concurrent reader (another
process of the same test run, another training) sees the whole file or none; a
damaged file is made again; a read-only home still works, only slower.
"""

import hashlib
import os
import pathlib
import zipfile

import numpy as np


def cache_root():
    """``$KERAS_GANS_CACHE`` or ``~/.cache/keras_gans``."""
    return pathlib.Path(os.environ.get("KERAS_GANS_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "keras_gans"))


def cache_key(*parts):
    """A short stable hex digest of ``parts`` (their ``str``), for file names."""
    return hashlib.sha1("-".join(str(p) for p in parts).encode()).hexdigest()[:12]


def cached_arrays(kind, name, build):
    """``build()`` (a dict of numpy arrays) kept as ``<cache_root>/<kind>/<name>.npz``; read back on later calls.

    ``name`` must change whenever what ``build`` makes changes (put a version
    or a hash of the generating code in it, see :func:`cache_key`).
    """
    path = cache_root() / kind / f"{name}.npz"
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as f:
                return {key: f[key] for key in f.files}
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pass  # a damaged cache file: make it again
    arrays = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only or full cache folder: the arrays are still returned
    return arrays
