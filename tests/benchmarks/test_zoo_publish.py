"""benchmarks/zoo_publish.py's command line, as a user runs it: --help, and an unknown model refused."""

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "benchmarks", "zoo_publish.py")
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3"}


def test_help_and_unknown_name():
    helped = subprocess.run([sys.executable, SCRIPT, "--help"], capture_output=True, text=True, env=ENV, timeout=180)
    assert helped.returncode == 0, helped.stderr[-2000:]
    assert "--time_log" in helped.stdout and "serving paths" in helped.stdout
    bad = subprocess.run([sys.executable, SCRIPT, "--name=nope", "--version=1", "--command=x", "--time_log=x"],
                         capture_output=True, text=True, env=ENV, timeout=180)
    assert bad.returncode == 2 and "invalid choice: 'nope'" in bad.stderr, bad.stderr[-2000:]


def _git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def test_retire_keeps_a_superseded_version_whole_in_history(tmp_path):
    """--retire as a user runs it, on a zoo in a git repository of its own: the version leaves the
    tree and the serving config, its commit restores it byte for byte, zoo.load names that commit;
    the latest version and a modified folder are refused."""
    from keras_gans import zoo

    repo = tmp_path / "repo"
    exports = repo / "exports"
    source = os.path.join(ROOT, "exports", "gmmn_grid25", "1")
    for version in ("1", "2"):
        shutil.copytree(source, exports / "gmmn_grid25" / version)
        # The empty folder every SavedModel export writes, which git does not track.
        (exports / "gmmn_grid25" / version / "assets").mkdir(exist_ok=True)
    git = ("-c", "user.name=t", "-c", "user.email=t@t")
    _git(repo, "init", "-q")
    _git(repo, *git, "add", "exports/gmmn_grid25/2")
    _git(repo, *git, "commit", "-q", "-m", "version 2 only")
    card = (exports / "gmmn_grid25" / "1" / "model_card.json").read_bytes()

    def retire(version, reason="Superseded by version 2."):
        return subprocess.run(
            [sys.executable, SCRIPT, "--name=gmmn_grid25", f"--version={version}", f"--retire={reason}",
             f"--root={exports}"], capture_output=True, text=True, env=ENV, timeout=300)

    # The refusals in process (each subprocess costs a TensorFlow import); the retirement below runs
    # as a user runs it.
    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    try:
        import zoo_publish
    finally:
        sys.path.pop(0)

    def refused(version):
        with pytest.raises(SystemExit) as exit_info:
            zoo_publish.main(["--name=gmmn_grid25", f"--version={version}", "--retire=r", f"--root={exports}"])
        return str(exit_info.value)

    assert "Version 2 is the latest of 'gmmn_grid25'" in refused(2)
    assert "must be committed and unmodified" in refused(1)
    _git(repo, *git, "add", ".")
    _git(repo, *git, "commit", "-q", "-m", "version 1")
    commit = _git(repo, "rev-parse", "HEAD").strip()
    sample = exports / "gmmn_grid25" / "1" / "sample.png"
    kept = sample.read_bytes()
    sample.write_bytes(b"edited")
    assert refused(1).startswith("Not retired: Checksum mismatch")
    sample.write_bytes(kept)
    assert not (exports / "retired.json").exists() and (exports / "gmmn_grid25" / "1").is_dir()

    done = retire(1)
    assert done.returncode == 0, done.stderr[-3000:]
    assert not (exports / "gmmn_grid25" / "1").exists()
    assert _git(repo, "ls-files", "exports/gmmn_grid25/1") == ""
    record = json.loads((exports / "retired.json").read_text())["retired"][0]
    assert record["commit"] == commit and record["path"] == "exports/gmmn_grid25/1"
    assert record["superseded_by"]["version"] == 2 and record["reason"] == "Superseded by version 2."
    restored = subprocess.run(["git", "show", f"{commit}:exports/gmmn_grid25/1/model_card.json"],
                              cwd=repo, capture_output=True, check=True).stdout
    assert restored == card and hashlib.sha256(restored).hexdigest() == record["card_sha256"]
    config = (exports / "models.config").read_text()
    assert "versions 2:" in config and "versions 1" not in config
    gallery = (exports / "zoo.md").read_text()
    assert "## Retired versions" in gallery and f"git checkout {commit[:12]} -- exports/gmmn_grid25/1" in gallery
    with pytest.raises(ValueError, match=rf"Version 1 of 'gmmn_grid25' was retired .*Superseded by version 2\. "
                                         rf".*git checkout {commit} -- exports/gmmn_grid25/1.*Expected one of \[2\]"):
        zoo.load("gmmn_grid25", version=1, root=str(exports))
    assert zoo.load("gmmn_grid25", root=str(exports)).version_dir.endswith(os.path.join("gmmn_grid25", "2"))


def test_reexport_keeps_the_weights_and_publishing_inherits_the_commands(tmp_path):
    """zoo_reexport.py as a user runs it, on a copy of a shipped version: the next version's SavedModel
    gives the same outputs, every converted file agrees within its card's tolerance, and publishing it
    with --inherit lists the source's commands and CPU time first."""
    from keras_gans import zoo

    exports = tmp_path / "exports"
    shutil.copytree(os.path.join(ROOT, "exports", "gmmn_grid25", "1"), exports / "gmmn_grid25" / "1")
    reexport = os.path.join(ROOT, "benchmarks", "zoo_reexport.py")
    done = subprocess.run([sys.executable, reexport, "--name=gmmn_grid25", "--version=1", f"--root={exports}"],
                          capture_output=True, text=True, env=ENV, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    new = zoo.verify(str(exports / "gmmn_grid25" / "2"))
    measured = new["training_config"]["reexported_from"]
    assert measured["version"] == "1" and measured["max_abs_difference"]["saved_model/serving_default"] == 0.0
    assert set(measured["max_abs_difference"]) == {"saved_model/serving_default", "saved_model/sample",
                                                   "model.tflite/serving_default",
                                                   "model_float16.tflite/serving_default", "model.onnx"}
    unknown = subprocess.run([sys.executable, reexport, "--name=gmmn_grid25", "--version=7", f"--root={exports}"],
                             capture_output=True, text=True, env=ENV, timeout=300)
    assert unknown.returncode == 2 and "error: Unknown version '7' of 'gmmn_grid25'. Expected one of [1, 2]" in unknown.stderr
    assert "Traceback" not in unknown.stderr and sorted(os.listdir(exports / "gmmn_grid25")) == ["1", "2"]
    log = tmp_path / "time.log"
    log.write_text("\tUser time (seconds): 5.5\n\tSystem time (seconds): 0.5\n")
    published = subprocess.run(
        [sys.executable, SCRIPT, "--name=gmmn_grid25", "--version=2", "--inherit=1", f"--root={exports}",
         "--command=python benchmarks/zoo_reexport.py ...", f"--time_log={log}", "--num_samples=500", "--quick=100"],
        capture_output=True, text=True, env=ENV, timeout=600)
    assert published.returncode == 0, published.stderr[-3000:]
    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    try:
        import zoo_reexport
    finally:
        sys.path.pop(0)
    source, block = (zoo.read_card(str(exports / "gmmn_grid25" / v))["zoo"] for v in ("1", "2"))
    assert block["commands"] == [*source["commands"], "python benchmarks/zoo_reexport.py ..."]
    assert block["cpu_seconds_per_command"] == [*source["cpu_seconds_per_command"], 6.0]
    assert block["cpu_seconds"] == pytest.approx(source["cpu_seconds"] + 6.0)
    # A generator whose variables do not match the published ones is refused, naming them.
    model = zoo_reexport.rebuild(new)
    values = zoo_reexport.published_variables(str(exports / "gmmn_grid25" / "1"))
    dropped = sorted(values)[0]
    with pytest.raises(ValueError, match=f"lacks, and it has \\['{dropped}'\\]"):
        zoo_reexport.assign(model, {k: v for k, v in values.items() if k != dropped})


def test_speech_sample_is_spectrograms_of_held_out_speech(tmp_path):
    """A speech enhancer's sample.png: noisy | enhanced | clean spectrograms of held-out utterances; redrawn
    from the shipped SEGAN, it is the image its version holds (8-bit rounding aside)."""
    import numpy as np
    from PIL import Image

    from keras_gans import zoo

    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    import zoo_publish

    generator = zoo.load("segan_synthetic_speech")
    drawn = zoo_publish.spectrograms(generator, "speech:synthetic_speech", str(tmp_path / "s.png"))
    got = np.asarray(Image.open(drawn).convert("L"), "float32")
    shipped = np.asarray(Image.open(os.path.join(generator.version_dir, zoo.SAMPLE_FILE)).convert("L"), "float32")
    assert got.shape == shipped.shape and got.shape[0] == 2 * 64  # two utterances, 64 frequency rows each
    assert np.mean(np.abs(got - shipped)) < 1.0
    third = got.shape[1] // 3  # the enhanced column differs from the noisy one: the model did something
    assert np.mean(np.abs(got[:, third:2 * third] - got[:, :third])) > 5.0
