"""Publishing versions: killed exports leave nothing TF Serving would load; racers get distinct versions."""

import os
import subprocess
import sys
import textwrap
import time

import pytest

from keras_gans.export import existing_versions
from keras_gans.export import versions
from keras_gans.testing import processes

VERSIONS_PY = os.path.join(os.path.dirname(versions.__file__), "versions.py")

# Loads versions.py alone (no TensorFlow import) so the racers start in a fraction of a second.
RACER = textwrap.dedent(
    """
    import importlib.util, os, sys, time
    spec = importlib.util.spec_from_file_location("versions", sys.argv[1])
    versions = importlib.util.module_from_spec(spec); spec.loader.exec_module(versions)
    base, tag, count, start_at = sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    staged = []
    for i in range(count):
        path = versions.staging_dir(base)
        with open(os.path.join(path, "payload"), "w") as f:
            f.write(f"{tag}-{i}")
        staged.append(path)
    while time.time() < start_at:
        pass
    for path in staged:
        print(versions.publish(path, base))
    """
)


def test_racing_publishers_get_distinct_versions_and_keep_their_contents(tmp_path):
    base = tmp_path / "exports"
    base.mkdir()
    start_at = time.time() + 1.5
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, VERSIONS_PY, str(base), tag, "25", str(start_at)],
            stdout=subprocess.PIPE, text=True,
        )
        for tag in ("a", "b")
    ]
    published = [[int(v) for v in r.communicate(timeout=120)[0].split()] for r in racers]
    assert all(r.returncode == 0 for r in racers)
    both = published[0] + published[1]
    assert sorted(both) == list(range(1, 51))  # 50 publishes, 50 distinct versions
    for tag, numbers in zip(("a", "b"), published, strict=True):
        for i, number in enumerate(numbers):
            assert (base / str(number) / "payload").read_text() == f"{tag}-{i}"
    assert sorted(os.listdir(base)) == sorted(str(n) for n in both)  # no staging left


def test_explicit_existing_version_is_refused_and_untouched(tmp_path):
    base = tmp_path / "exports"
    first = versions.staging_dir(str(base))
    (tmp_path / "exports").joinpath(os.path.basename(first), "payload").write_text("v1")
    assert versions.publish(first, str(base)) == 1
    second = versions.staging_dir(str(base))
    with pytest.raises(ValueError, match="Version 1 already exists"):
        versions.publish(second, str(base), version=1)
    assert (base / "1" / "payload").read_text() == "v1"
    assert sorted(os.listdir(base)) == ["1"]


def test_stale_staging_of_dead_process_is_removed_live_one_kept(tmp_path):
    base = tmp_path / "exports"
    live = versions.staging_dir(str(base))  # this process: alive
    dead_proc = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_proc.wait()
    host = os.path.basename(live).split("-")[1]
    dead = base / f"{versions.STAGING_PREFIX}{host}-{dead_proc.pid}-0123"
    dead.mkdir()
    (dead / "saved_model.pb").write_bytes(b"half")
    assert versions.remove_stale_staging(str(base)) == [dead.name]
    assert os.path.isdir(live) and not dead.exists()


EXPORTER = textwrap.dedent(
    """
    import sys
    import keras_gans
    from keras_gans import networks
    from keras_gans.export import export_generator
    from keras_gans.models import GAN
    model = GAN(networks.mlp_generator(2, 4), networks.mlp_discriminator(2), seed=0)
    print(export_generator(model, sys.argv[1]))
    """
)


@pytest.mark.slow
def test_sigkill_mid_export_leaves_no_version_and_old_versions_intact(tmp_path):
    base = tmp_path / "exports"
    (base / "1").mkdir(parents=True)
    (base / "1" / "saved_model.pb").write_bytes(b"the served version")
    marker, log = tmp_path / "paused", tmp_path / "log.txt"
    proc = processes.start(
        [sys.executable, "-c", EXPORTER, str(base)], log, pause_at="export", marker=str(marker)
    )
    processes.wait_for_file(marker, proc, log)
    staging = [d for d in os.listdir(base) if d.startswith(versions.STAGING_PREFIX)]
    assert len(staging) == 1  # the export was complete up to the rename...
    assert {"saved_model.pb", "model.tflite", "model_card.json"} <= set(os.listdir(base / staging[0]))
    assert processes.sigkill(proc) == -9
    assert existing_versions(str(base)) == [1]  # ...and TF Serving sees no version 2
    assert (base / "1" / "saved_model.pb").read_bytes() == b"the served version"
    # The next publish cleans the dead exporter's staging directory and takes version 2.
    assert versions.remove_stale_staging(str(base)) == staging
    assert versions.publish(versions.staging_dir(str(base)), str(base)) == 2
    assert sorted(os.listdir(base)) == ["1", "2"]
