"""Writing a run's files so that a full disk ends the run cleanly.

Every file a training run writes (checkpoints, their commit point, sample
grids, TensorBoard logs, config.json, exports) goes through one of these
paths. A write that fails for lack of space or any other I/O reason raises
:class:`OutputWriteError`, which names the file and the cause; the temporary
file is removed, and what was published before (the previous checkpoint,
every export version) is untouched because nothing is ever written in place.
``python -m keras_gans.train`` turns the error into one ``error:`` line and
exit status 4.
"""

import contextlib
import errno
import os

import tensorflow as tf

from keras_gans import faults

# The causes a full or failing disk reports; anything else is a bug to see in full.
_CAUSES = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EIO: "input/output error",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EFBIG: "file too large",
}
# TensorFlow's C++ file system reports errno as text inside an OpError.
_TF_MESSAGES = {
    "No space left on device": errno.ENOSPC,
    "Disk quota exceeded": errno.EDQUOT,
    "Input/output error": errno.EIO,
    "Read-only file system": errno.EROFS,
    "Permission denied": errno.EACCES,
    "File too large": errno.EFBIG,
}


class OutputWriteError(OSError):
    """A file of the run could not be written (disk full, quota, I/O error, read-only).

    Attributes:
        path: the file (or directory) being written.
        cause: a short description of the cause, e.g. ``"no space left on device"``.
    """

    def __init__(self, path, code, cause):
        super().__init__(code, cause, path)
        self.path = path
        self.cause = cause

    def __str__(self):
        return f"could not write {self.path!r}: {self.cause} (errno {self.errno})"


def as_output_error(error, path):
    """Returns an :class:`OutputWriteError` for a write failure, or None for any other error."""
    if isinstance(error, OutputWriteError):
        return error
    if isinstance(error, OSError) and error.errno in _CAUSES:
        return OutputWriteError(getattr(error, "filename", None) or path, error.errno, _CAUSES[error.errno])
    if isinstance(error, tf.errors.OpError):
        for text, code in _TF_MESSAGES.items():
            if text in str(error.message):
                return OutputWriteError(path, code, _CAUSES[code])
    return None


@contextlib.contextmanager
def writing(path, site):
    """Converts write failures inside the block into :class:`OutputWriteError` for ``path``.

    Args:
        path: what the block writes (named in the error).
        site: the write site's name for fault injection (``KERAS_GANS_FAIL_WRITE``).
    """
    try:
        faults.write_point(site, path)
        yield
    except Exception as error:  # noqa: BLE001 - re-raised unchanged unless it is a write failure
        converted = as_output_error(error, path)
        if converted is None or converted is error:
            raise
        raise converted from error


def write_bytes_atomic(path, payload, site, tmp_prefix=".tmp-", before_rename=None):
    """Writes ``payload`` to ``path`` through a temporary file, fsync and rename.

    ``before_rename`` (optional) is called between the fsync and the rename
    (the kill-and-resume tests pause there).

    On any failure the temporary file is removed and ``path`` keeps its
    previous content (or stays absent).

    Raises:
        OutputWriteError: the disk is full, over quota, failing or read-only.
    """
    directory, name = os.path.split(path)
    tmp = os.path.join(directory, f"{tmp_prefix}{name}")
    try:
        with writing(path, site):
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            if before_rename is not None:
                before_rename()
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise
    fsync_path(directory or ".")


def fsync_path(path):
    """Flushes a file, or a directory's entries (a rename in it), to disk; best effort."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
