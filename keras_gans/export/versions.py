"""TF Serving's version layout: ``<base>/<integer version>/``, published atomically."""

import os
import shutil
import socket
import uuid

from keras_gans.output_files import fsync_path

STAGING_PREFIX = ".staging-"


def existing_versions(base_dir):
    """Sorted integer versions already published under ``base_dir``."""
    if not os.path.isdir(base_dir):
        return []
    return sorted(int(d) for d in os.listdir(base_dir) if d.isdigit() and os.path.isdir(os.path.join(base_dir, d)))


def next_version(base_dir):
    """``max(existing) + 1``, or 1 for an empty base directory."""
    versions = existing_versions(base_dir)
    return versions[-1] + 1 if versions else 1


def check_base_dir(base_dir):
    if os.path.exists(base_dir) and not os.path.isdir(base_dir):
        raise ValueError(f"Export directory {base_dir!r} exists and is a file; expected a directory.")
    os.makedirs(base_dir, exist_ok=True)
    if not os.access(base_dir, os.W_OK):
        raise ValueError(f"Export directory {base_dir!r} is not writable.")


def staging_dir(base_dir):
    """A fresh hidden directory inside ``base_dir`` (same filesystem, so rename is atomic).

    TF Serving only loads all-digit directory names, so it never sees it. The
    name records the host and process id so that :func:`remove_stale_staging`
    can tell a killed exporter's leftovers from a live exporter's work.
    """
    host = socket.gethostname().replace("-", "_")
    path = os.path.join(base_dir, f"{STAGING_PREFIX}{host}-{os.getpid()}-{uuid.uuid4().hex}")
    os.makedirs(path)
    return path


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(base_dir):
    """Deletes staging directories left by killed exporters on this host.

    Only directories whose process is gone are removed; a concurrent export
    (a live process, or another host on a shared filesystem) is left alone.

    Returns:
        The names removed.
    """
    if not os.path.isdir(base_dir):
        return []
    host = socket.gethostname().replace("-", "_")
    removed = []
    for name in os.listdir(base_dir):
        parts = name[len(STAGING_PREFIX) :].split("-")
        if not name.startswith(STAGING_PREFIX) or len(parts) != 3 or parts[0] != host:
            continue
        if parts[1].isdigit() and not _alive(int(parts[1])):
            shutil.rmtree(os.path.join(base_dir, name), ignore_errors=True)
            removed.append(name)
    return removed


def _fsync_tree(root):
    # Contents reach the disk before the rename publishes them (power loss, not only kills).
    for dirpath, _, names in os.walk(root):
        for name in names:
            fsync_path(os.path.join(dirpath, name))
        fsync_path(dirpath)


def publish(staged, base_dir, version=None):
    """Renames a finished staging directory to ``<base_dir>/<version>``.

    With ``version=None`` the next free integer is taken; if another exporter
    published that number first, the next one is tried. An explicit version
    that already exists is an error: a published version is never replaced.

    Returns:
        The version published.
    """
    _fsync_tree(staged)
    explicit = version is not None
    for _ in range(1000):
        number = int(version) if explicit else next_version(base_dir)
        target = os.path.join(base_dir, str(number))
        try:
            os.rename(staged, target)  # fails if target exists and is non-empty
            fsync_path(base_dir)
            return number
        except OSError:
            if os.path.isdir(target) and os.listdir(target) == []:
                os.rmdir(target)  # an empty placeholder; retry the same number
                continue
            if explicit:
                shutil.rmtree(staged, ignore_errors=True)
                raise ValueError(
                    f"Version {number} already exists in {base_dir!r}; published versions "
                    "are never overwritten. Pass version=None for the next free one."
                ) from None
    shutil.rmtree(staged, ignore_errors=True)
    raise RuntimeError(f"Could not publish a version under {base_dir!r}.")
