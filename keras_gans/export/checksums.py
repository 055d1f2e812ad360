"""Sizes and sha256 checksums of the files in an export version (recorded in its card)."""

import hashlib
import os


def file_records(root):
    """``{relative path: {"bytes", "sha256"}}`` for every file under ``root``."""
    records = {}
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            path = os.path.join(dirpath, name)
            digest = hashlib.sha256()
            with open(path, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    digest.update(chunk)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            records[rel] = {"bytes": os.path.getsize(path), "sha256": digest.hexdigest()}
    return dict(sorted(records.items()))
