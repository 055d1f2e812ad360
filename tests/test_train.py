"""The command-line job: artefacts, resume and flag validation."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
import tensorflow as tf

from keras_gans.train_lib import AUTO_FAR
from keras_gans.train_lib import TrainConfig
from keras_gans.train_lib import close_contenders
from keras_gans.train_lib import train

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def small_config(tmp_path, **overrides):
    values = dict(
        model="dcgan", dataset="mnist_5k", epochs=2, steps_per_epoch=3, batch_size=16,
        latent_dim=8, output_dir=str(tmp_path / "run"), export_dir=str(tmp_path / "export"),
        num_samples=4, verbose=0, jit_compile=False,  # XLA is covered by test_cli_runs_and_reports_errors
    )
    values.update(overrides)
    return TrainConfig(**values)


def test_train_writes_samples_checkpoints_logs_and_export(tmp_path):
    result = train(small_config(tmp_path))
    run = tmp_path / "run"
    assert sorted(os.listdir(run / "samples")) == ["epoch_0001.png", "epoch_0002.png"]
    assert json.load(open(run / "checkpoints" / "checkpoint.json"))["epoch"] == 2
    assert any(f.startswith("events") for f in os.listdir(run / "logs" / "samples"))
    assert result["export_path"] == str(tmp_path / "export" / "1")
    card = json.load(open(tmp_path / "export" / "1" / "model_card.json"))
    assert card["training_config"]["dataset"] == "mnist_5k" and card["training_config"]["epochs"] == 2
    assert os.path.exists(tmp_path / "export" / "1" / "model.tflite")

    # Same command with more epochs: continues at epoch 3, writes a new version.
    again = train(small_config(tmp_path, epochs=3))
    assert again["initial_epoch"] == 2
    assert len(again["history"]["g_loss"]) == 1
    assert sorted(os.listdir(run / "samples"))[-1] == "epoch_0003.png"
    assert again["export_path"] == str(tmp_path / "export" / "2")
    # Already done: nothing to train, weights identical to the checkpoint.
    done = train(small_config(tmp_path, epochs=3, export_dir=None))
    assert done["initial_epoch"] == 3 and done["history"] == {}
    for a, b in zip(done["model"].generator.weights, again["model"].generator.weights, strict=True):
        np.testing.assert_array_equal(np.array(a), np.array(b))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"model": "stylegan9"}, "--model must be one of .*Received: --model=stylegan9"),
        ({"epochs": -1}, "--epochs must be a positive integer. Received: --epochs=-1"),
        ({"batch_size": 0}, "--batch_size must be a positive integer. Received: --batch_size=0"),
        ({"dataset": "nope"}, "Unknown dataset 'nope'"),
        ({"batch_size": 6000, "steps_per_epoch": None}, "larger than the dataset"),
    ],
)
def test_bad_flags(tmp_path, overrides, message):
    with pytest.raises(ValueError, match=message):
        train(small_config(tmp_path, **overrides))


def test_ema_decay_publishes_the_averaged_generator(tmp_path):
    result = train(small_config(tmp_path, epochs=1, ema_decay=0.5))
    model = result["model"]
    z = model.latent_vectors(3, seed=0)
    exported = tf.saved_model.load(result["export_path"]).signatures["serving_default"](z=tf.constant(z))
    exported = next(iter(exported.values())).numpy()
    with model.ema_weights():
        np.testing.assert_allclose(exported, np.array(model.generator(z, training=False)), atol=1e-5)
    assert np.abs(exported - np.array(model.generator(z, training=False))).max() > 1e-4
    card = json.load(open(tmp_path / "export" / "1" / "model_card.json"))
    assert card["training_config"]["ema_decay"] == 0.5
    with pytest.raises(ValueError, match="--ema_decay must be in"):
        train(small_config(tmp_path, ema_decay=1.0))


def test_ada_moves_the_augmentation_probability_and_resumes_from_it(tmp_path):
    """--hparams=ada_target: DiffAugment starts at p = 0 and the ADA callback moves it.

    A target of -0.99 sits below the r_t (mean sign of D on reals) of any D not certain that
    every real is fake, so each adjustment (every 4th batch, counted across epochs) raises p by
    batch 16 x interval 4 / 640 images = 0.1: 2 epochs of 3 steps adjust once, after batch 4.
    """
    from keras_gans.layers import DiffAugment

    hparams = {"diff_augment": "translation", "ada_target": -0.99, "ada_adjustment_images": 640}
    result = train(small_config(tmp_path, epochs=2, hparams=hparams, export_dir=""))
    augment = [layer for layer in result["model"].discriminator.layers if isinstance(layer, DiffAugment)]
    assert len(augment) == 1 and float(augment[0].probability.numpy()) == pytest.approx(0.1)
    # The probability is a weight of the discriminator: a resumed run starts from it (6 more batches: +0.1).
    again = train(small_config(tmp_path, epochs=4, hparams=hparams, export_dir=""))
    augment = [layer for layer in again["model"].discriminator.layers if isinstance(layer, DiffAugment)]
    assert again["initial_epoch"] == 2 and float(augment[0].probability.numpy()) == pytest.approx(0.2)
    with pytest.raises(ValueError, match=r"ada_target steers the probability of a DiffAugment policy: pass "
                                         r"diff_augment=<policy> too.*Received: ada_target=0.6, diff_augment=None"):
        train(small_config(tmp_path / "bad", hparams={"ada_target": 0.6}))


def test_export_dir_that_is_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValueError, match="exists and is a file"):
        train(small_config(tmp_path, export_dir=str(tmp_path / "file")))


def test_cli_runs_and_reports_errors(tmp_path):
    env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "2"}
    ok = subprocess.run(
        [sys.executable, "-m", "keras_gans.train", "--model=gan", "--dataset=ring8", "--epochs=1",
         "--steps_per_epoch=5", "--batch_size=32", f"--output_dir={tmp_path / 'r'}",
         f"--export_dir={tmp_path / 'e'}"],
        capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=300,
    )
    assert ok.returncode == 0, ok.stderr[-3000:]
    assert "Exported generator to" in ok.stdout
    # The default --jit_compile=auto: a 5-step run is too short to measure; the rule's plain graph is recorded.
    run_config = json.load(open(tmp_path / "r" / "config.json"))
    assert run_config["jit_compile"] == "auto"
    resolved = run_config["resolved"]
    assert (resolved["jit_compile"], resolved["mixed_precision"], resolved["replicas"]) == (False, "float32", 1)
    assert resolved["auto"]["method"].startswith("rule: a run of 5 steps")
    sig = tf.saved_model.load(str(tmp_path / "e" / "1")).signatures["serving_default"]
    # The CLI publishes ONNX by default (the library opts in).
    card = json.load(open(tmp_path / "e" / "1" / "model_card.json"))
    assert card["onnx"]["file"] == "model.onnx"
    assert card["value_range"] is None  # 2-D points come out of a linear layer, not a tanh
    assert sig(z=tf.zeros((3, 2)))["images"].shape == (3, 2)
    bad = subprocess.run(
        [sys.executable, "-m", "keras_gans.train", "--epochs=-2", f"--output_dir={tmp_path / 'r2'}"],
        capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=300,
    )
    assert bad.returncode != 0
    assert "--epochs must be a positive integer. Received: --epochs=-2" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_ada_from_the_command_line_as_a_subprocess(tmp_path):
    """--hparams=diff_augment=...,ada_target=...: the run's checkpoint holds the moved p; without a policy,
    one error line and exit 2, before anything is written."""
    import h5py

    env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "2"}
    common = [sys.executable, "-m", "keras_gans.train", "--recipe=hinge_mnist", "--epochs=1", "--steps_per_epoch=8",
              "--batch_size=16", "--latent_dim=4", "--jit_compile=false", "--export_dir="]
    # Target -0.99: every adjustment (after batches 4 and 8) raises p by 16 x 4 / 640 = 0.1.
    ok = subprocess.run(
        [*common, "--hparams=base_filters=4,diff_augment=translation,ada_target=-0.99,ada_adjustment_images=640",
         f"--output_dir={tmp_path / 'ada'}"], capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=300)
    assert ok.returncode == 0, ok.stderr[-3000:]
    built = json.load(open(tmp_path / "ada" / "config.json"))["built_from"]["hparams"]
    assert built["ada_target"] == -0.99 and built["diff_augment"] == "translation"
    with h5py.File(tmp_path / "ada" / "checkpoints" / "ckpt-00001.weights.h5", "r") as f:
        assert float(f["discriminator/layers/diff_augment/vars/0"][()]) == pytest.approx(0.2)
    bad = subprocess.run([*common, "--hparams=ada_target=0.6", f"--output_dir={tmp_path / 'bad'}"],
                         capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=300)
    errors = [line for line in bad.stderr.splitlines() if line.startswith("error: ")]
    assert bad.returncode == 2 and len(errors) == 1 and "Traceback" not in bad.stderr, bad.stderr[-2000:]
    assert "pass diff_augment=<policy> too" in errors[0] and not (tmp_path / "bad").exists()


def test_cli_auto_measures_and_records_and_flags_override(tmp_path, monkeypatch):
    """`auto` times its candidates and records them in config.json; explicit flags are taken as given."""
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "2", "KERAS_GANS_AUTO_MIN_RUN_S": "0",
           "KERAS_GANS_CACHE": str(cache)}
    done = subprocess.run(
        [sys.executable, "-m", "keras_gans.train", "--model=gan", "--dataset=ring8", "--epochs=1",
         "--steps_per_epoch=50", "--batch_size=32", "--export_dir=", "--noonnx", "--jit_compile=false",
         "--mixed_precision=auto", f"--output_dir={tmp_path / 'auto'}"],
        capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    auto = json.load(open(tmp_path / "auto" / "config.json"))
    assert auto["mixed_precision"] == "auto"
    record = auto["resolved"]["auto"]
    assert record["method"] == "measured" and record["total_steps"] == 50
    timed = {(c["jit"], c["precision"]): c for c in record["candidates"]}
    assert set(timed) == {(False, "float32"), (False, "mixed_bfloat16")}
    fastest = min(timed.values(), key=lambda c: c["expected_run_s"])
    assert all(c["median_step_ms"] > 0 for c in timed.values())
    # Both take the timing rounds, unless one was over AUTO_FAR times the other after its warm-up
    # (bfloat16 with oneDNN off): then neither needs them.
    dropped = [c for c in timed.values() if "dropped" in c]
    assert [c["rounds"] for c in timed.values()] == [0, 0] if dropped else all(
        c["rounds"] >= 3 for c in timed.values())
    # Rounds after the first AUTO_ROUNDS (3) are AUTO_CLOSE_LONGER (3) times as long.
    for c in timed.values():
        if not dropped:
            assert c["timed_steps"] == c["steps"] * (3 + 3 * (c["rounds"] - 3)), c
    assert fastest not in dropped
    assert (auto["resolved"]["jit_compile"], auto["resolved"]["mixed_precision"]) == (False, fastest["precision"])
    # The same model on the same machine again (another seed, in this process): the first run's
    # measurement is reused; explicit flags measure nothing.
    monkeypatch.setenv("KERAS_GANS_CACHE", str(cache))
    monkeypatch.setattr("keras_gans.train_lib.AUTO_MIN_RUN_S", 0.0)
    common = dict(model="gan", dataset="ring8", epochs=1, steps_per_epoch=50, batch_size=32, export_dir="",
                  onnx=False, verbose=0, jit_compile=False)
    train(TrainConfig(**common, mixed_precision="auto", seed=1, output_dir=str(tmp_path / "again")))
    again = json.load(open(tmp_path / "again" / "config.json"))["resolved"]
    assert again["auto"]["method"] == "measured earlier on this machine (cached)"
    assert (again["jit_compile"], again["mixed_precision"]) == (False, fastest["precision"])
    assert len(os.listdir(cache / "auto")) == 1
    train(TrainConfig(**common, mixed_precision="mixed_bfloat16", output_dir=str(tmp_path / "flags")))
    flags_run = json.load(open(tmp_path / "flags" / "config.json"))["resolved"]
    assert flags_run["auto"] == {"method": "flags"}
    assert (flags_run["jit_compile"], flags_run["mixed_precision"]) == (False, "mixed_bfloat16")


def test_auto_step_clock_stops_a_warm_up_whose_first_timed_step_is_too_slow():
    import keras

    from keras_gans.train_lib import _StepClock

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    data = tf.data.Dataset.from_tensors((tf.ones((4, 2)), tf.ones((4, 1)))).repeat()
    seen = []
    counter = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(batch))
    slow = _StepClock(stop_above_s=0.0)  # every step is slower than 0 s: stops after step 1 (the first timed)
    model.fit(data, epochs=1, steps_per_epoch=5, verbose=0, callbacks=[slow, counter])
    assert seen == [0, 1] and slow.steps == 1
    seen.clear()
    model.fit(data, epochs=1, steps_per_epoch=5, verbose=0, callbacks=[_StepClock(stop_above_s=60.0), counter])
    assert seen == [0, 1, 2, 3, 4]


def test_auto_measures_longer_only_the_candidates_close_to_the_best():
    # Expected run of 100 steps: a 2 + 100 * 0.10 = 12 s, b 1 + 100 * 0.105 = 11.5 s (the best),
    # c 0 + 100 * 0.20 = 20 s. Within 10 % of 11.5 s (12.65 s): a and b; c is out.
    a = {"compile_s": 2.0, "step_s": [0.09, 0.10, 0.30]}
    b = {"compile_s": 1.0, "step_s": [0.105, 0.2, 0.1]}
    c = {"compile_s": 0.0, "step_s": [0.2, 0.2, 0.2]}
    assert close_contenders([a, b, c], 100) == [a, b]
    assert close_contenders([a, b, c], 100, close=0.04) == [b]
    assert close_contenders([a, b, c], 100, close=0.8) == [a, b, c]
    # AUTO_FAR = 3: after the warm-ups, c (20 s) is within 3 x 11.5 s; a 40 s candidate is not.
    d = {"compile_s": 0.0, "step_s": [0.4]}
    assert close_contenders([a, b, c, d], 100, close=AUTO_FAR - 1) == [a, b, c]


def checkpoint_arrays(path, prefix):
    """The arrays of a ``.weights.h5`` checkpoint whose names start with ``prefix``, by name."""
    import h5py

    found = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: found.__setitem__(name, obj[()])
                     if isinstance(obj, h5py.Dataset) and name.startswith(prefix) else None)
    return found


def test_seqgan_phases_chain_on_the_command_line(tmp_path):
    """One run per SeqGAN phase: the adversarial run (another seed) starts from the MLE run's checkpoint
    (``init_weights``), so its D (2 steps at Adam 1e-4 since) is still the checkpoint's; a missing
    checkpoint is one error line and exit 2, before anything is written."""
    env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "2"}
    small = "embedding_dim=4,hidden_dim=4,d_embedding_dim=4,filter_sizes=(2,3),num_filters=(4,4),num_rollouts=2,d_steps=1"
    common = [sys.executable, "-m", "keras_gans.train", "--recipe=seqgan_python_docs", "--epochs=1",
              "--steps_per_epoch=2", "--batch_size=8", "--jit_compile=false", "--export_dir="]

    def run(phase, name, extra="", seed=0):
        return subprocess.run([*common, f"--seed={seed}", f"--hparams=phase={phase},{small}{extra}",
                               f"--output_dir={tmp_path / name}"],
                              capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=300)

    mle = run("mle", "mle")
    assert mle.returncode == 0, mle.stderr[-3000:]
    checkpoint = tmp_path / "mle" / "checkpoints" / "ckpt-00001.weights.h5"
    # Another seed: without the checkpoint its D would start elsewhere (the MLE phase leaves D as initialised).
    adversarial = run("adversarial", "adv", f",init_weights={checkpoint}", seed=1)
    assert adversarial.returncode == 0, adversarial.stderr[-3000:]

    before = checkpoint_arrays(checkpoint, "discriminator/")
    after = checkpoint_arrays(tmp_path / "adv" / "checkpoints" / "ckpt-00001.weights.h5", "discriminator/")
    assert before and set(before) == set(after)
    assert max(float(np.max(np.abs(before[k] - after[k]))) for k in before) < 1e-3
    bad = run("adversarial", "bad", f",init_weights={tmp_path / 'none.weights.h5'}")
    errors = [line for line in bad.stderr.splitlines() if line.startswith("error: ")]
    assert bad.returncode == 2 and len(errors) == 1 and "Traceback" not in bad.stderr, bad.stderr[-2000:]
    assert "existing checkpoint file" in errors[0] and not (tmp_path / "bad").exists()


def test_pix2pixhd_stages_chain_on_the_command_line(tmp_path):
    """pix2pixHD coarse to fine, one CLI run per stage: the local run (another seed) starts from the global run's
    checkpoint, and the local stage leaves G1's half-size head alone, so the head is the checkpoint's exactly."""
    env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "2"}
    small = "base_filters=2,global_downsampling=1,global_blocks=1,local_blocks=1,d_layers=1,d_filters=2"

    def run(stage, name, extra="", seed=0):
        return subprocess.run(
            [sys.executable, "-m", "keras_gans.train", "--recipe=pix2pixhd_label2scene", "--epochs=1",
             "--steps_per_epoch=2", "--batch_size=2", "--image_size=32,32", "--jit_compile=false", "--export_dir=",
             f"--seed={seed}", f"--hparams=stage={stage},{small}{extra}", f"--output_dir={tmp_path / name}"],
            capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=300)

    first = run("global", "global")
    assert first.returncode == 0, first.stderr[-3000:]
    checkpoint = tmp_path / "global" / "checkpoints" / "ckpt-00001.weights.h5"
    second = run("local", "local", f",init_weights={checkpoint}", seed=1)
    assert second.returncode == 0, second.stderr[-3000:]

    before = checkpoint_arrays(checkpoint, "global_head/")
    after = checkpoint_arrays(tmp_path / "local" / "checkpoints" / "ckpt-00001.weights.h5", "global_head/")
    assert before and set(before) == set(after)
    for name in before:
        np.testing.assert_array_equal(before[name], after[name])
