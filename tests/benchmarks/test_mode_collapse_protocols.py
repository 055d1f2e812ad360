"""The second-edition mode-collapse benchmark: the papers' protocols, pinned, and its resume."""

import json
import os
import subprocess
import sys

import keras
import numpy as np
import pytest

from keras_gans import layers
from keras_gans import models

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
import mode_collapse_protocols as mcp  # noqa: E402


def _optimizer(opt):
    return float(opt.learning_rate), float(opt.beta_1), float(opt.beta_2)


def test_protocols_pin_the_papers_settings():
    # WGAN-GP gan_toy.py: 3 x 512 ReLU, lambda 0.1, 5 critic steps each on a full batch of 256,
    # Adam(1e-4, 0.5, 0.9), grid / 2.828.
    p = mcp.PROTOCOLS["wgan_gp_toy"]
    model, g_opt, d_opt = p.build("grid25", 100)
    assert isinstance(model, models.WGANGP) and model.gp_weight == 0.1 and model.n_critic == 5
    assert p.batch == 5 * 256 and p.data_scale["grid25"] == pytest.approx(1 / 2.828)
    assert _optimizer(g_opt) == _optimizer(d_opt) == pytest.approx((1e-4, 0.5, 0.9))
    assert [layer.units for layer in model.generator.layers if isinstance(layer, keras.layers.Dense)] == [512, 512, 512, 2]
    # PacGAN: 100 packs of m per step, D 3 x 200 maxout(5), G 4 x 400 BN, Adam(1e-4, beta_1 0.8).
    for pack in (2, 3, 4):
        p = mcp.PROTOCOLS[f"pacgan{pack}_paper"]
        model, g_opt, d_opt = p.build("grid25", 100)
        assert model.pack == pack and p.batch == 100 * pack
        assert [layer.pieces for layer in model.discriminator.layers if isinstance(layer, layers.Maxout)] == [5, 5, 5]
        assert _optimizer(g_opt)[:2] == pytest.approx((1e-4, 0.8))
        bns = [layer for layer in model.generator.layers if isinstance(layer, keras.layers.BatchNormalization)]
        assert len(bns) == 4
    # Unrolled GAN notebook: z 256-d, 2 x 128 tanh, 5 unrolled steps of D's Adam, G on the minimax value.
    model, g_opt, d_opt = mcp.PROTOCOLS["unrolled_paper"].build("grid25", 100)
    assert (model.latent_dim, model.unroll_steps, model.unroll, model.loss_name) == (256, 5, "optimizer", "minimax")
    assert _optimizer(g_opt)[:2] == pytest.approx((1e-3, 0.5)) and _optimizer(d_opt)[:2] == pytest.approx((1e-4, 0.5))
    assert mcp.PROTOCOLS["unrolled_paper"].batch == 512


def test_infogan_protocol_gives_one_code_per_mode_and_anneals_over_the_run():
    protocol = mcp.PROTOCOLS["infogan_modes"]
    for mixture, modes in (("grid25", 25), ("ring8", 8)):
        model, g_opt, d_opt = protocol.build(mixture, 1234)
        assert isinstance(model, models.InfoGAN)
        assert (model.num_categories, model.num_continuous, model.latent_dim) == (modes, 0, 2)
        assert model.discriminator.outputs[1].shape[-1] == modes
        for opt, rate in ((g_opt, 1e-3), (d_opt, 1e-3)):  # annealed to 0 at the run's end
            assert float(opt.beta_1) == 0.5
            assert float(opt._learning_rate(0)) == pytest.approx(rate)
            assert float(opt._learning_rate(1234)) == pytest.approx(0.0, abs=1e-12)
    assert protocol.paper_steps is None and protocol.published["grid25"] is None and protocol.ema_decay == 0.999
    row = {"protocol": "infogan_modes", "mixture": "grid25", "seeds": [0], "steps": 10, "modes": 25.0, "modes_std": 0.0,
           "high_quality_pct": 97.0, "high_quality_pct_std": 0.0, "reverse_kl": 0.01, "train_cpu_seconds": 1.0}
    line = next(x for x in mcp.render([row], "cmd", "machine") if x.startswith("| InfoGAN"))
    assert "10 (none)" in line and "| none |" in line


@pytest.mark.parametrize("name", ["gan_veegan", "infogan_modes"])  # the second scores an EMA generator
def test_interrupted_run_resumes_to_the_same_result(tmp_path, name):
    protocol = mcp.PROTOCOLS[name]
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    for d in (whole, parts):
        d.mkdir()
    expected = mcp.run_one(protocol, "ring8", 0, steps=4, eval_every=2, out_dir=str(whole), work_dir=str(whole))
    assert mcp.run_one(protocol, "ring8", 0, 4, 2, str(parts), str(parts), max_chunks=1) is None
    assert os.path.exists(parts / f"{name}_ring8_seed0.partial.json")
    resumed = mcp.run_one(protocol, "ring8", 0, 4, 2, str(parts), str(parts))
    assert [c["step"] for c in resumed["curve"]] == [2, 4]
    assert resumed["curve"] == expected["curve"]
    samples = [np.load(d / f"{name}_ring8_seed0.npy") for d in (whole, parts)]
    assert samples[0].shape == (2500, 2) and samples[0].dtype == np.float32
    np.testing.assert_allclose(samples[0], samples[1], atol=1e-5)
    assert not os.path.exists(parts / f"{name}_ring8_seed0.partial.json")  # cleaned up when finished
    with open(parts / f"{name}_ring8_seed0.json") as f:
        assert json.load(f)["modes"] == expected["modes"]


def test_command_line_help():
    result = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", "mode_collapse_protocols.py"), "--help"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "--max_chunks" in result.stdout


def test_a_run_past_its_deadline_ends_with_the_chunk_it_is_in(tmp_path):
    import time

    record = mcp.run_one(mcp.PROTOCOLS["gan_veegan"], "ring8", 0, steps=20, eval_every=5, out_dir=str(tmp_path),
                         work_dir=str(tmp_path), deadline=time.time())
    assert record["steps"] == 5 and record["planned_steps"] == 20 and record["stopped_at_deadline"]
    assert [c["step"] for c in record["curve"]] == [5]
    assert np.load(tmp_path / "gan_veegan_ring8_seed0.npy").shape == (2500, 2)
    assert mcp._steps(mcp.summarize([record, {**record, "seed": 1, "steps": 10}])[0]) == "5-10"


def test_gpu_script_pins_the_paper_lengths_and_refuses_without_a_gpu():
    # The prepared GPU run: paper lengths, 42 workers, XLA, a 6-minute deadline. Its --smoke run
    # (the same worker pool on a CPU, about a minute) is run by hand before a GPU session, not here.
    import gpu_mode_collapse

    argv = gpu_mode_collapse.command(False, "/tmp/out")
    assert argv[:2] == ["--paper_length", "--jit"]
    # The seven shortened protocols (InfoGAN's CPU row is its whole run), 2 mixtures x 3 seeds, one worker each.
    protocols = argv[argv.index("--protocols") + 1:argv.index("--seeds")]
    assert "infogan_modes" not in protocols and len(protocols) == 7
    assert argv[argv.index("--workers") + 1] == "42" and argv[argv.index("--deadline_min") + 1] == "6.0"
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    script = os.path.join(ROOT, "benchmarks", "gpu_mode_collapse.py")
    refused = subprocess.run([sys.executable, script], capture_output=True, text=True, cwd=ROOT,
                             env={**env, "CUDA_VISIBLE_DEVICES": ""})
    assert refused.returncode == 1 and "error: no GPU visible" in refused.stderr
    helped = subprocess.run([sys.executable, script, "--help"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert helped.returncode == 0 and "--smoke" in helped.stdout


def test_probe_variants_change_only_what_they_say(tmp_path):
    import mode_collapse_probes as probes

    chosen = probes.protocol("infogan_ema")
    assert chosen.ema_decay == mcp.PROTOCOLS["infogan_modes"].ema_decay == 0.999 and chosen.batch == 256
    assert probes.protocol("infogan_no_ema").ema_decay is None
    _, g_opt, d_opt = probes.protocol("infogan_d2e-4").build("grid25", 100)
    assert float(g_opt._learning_rate(0)) == pytest.approx(1e-3) and float(d_opt._learning_rate(0)) == pytest.approx(2e-4)
    _, g_opt, _ = probes.protocol("infogan_ema_constant").build("grid25", 100)
    assert float(g_opt.learning_rate) == pytest.approx(1e-3)  # a constant rate, no schedule
    fast = probes.protocol("pacgan4_lr1e-3")
    model, g_opt, d_opt = fast.build("grid25", 100)
    assert model.pack == 4 and fast.batch == 400 and fast.name == "pacgan4_lr1e-3"
    assert _optimizer(g_opt)[:2] == _optimizer(d_opt)[:2] == pytest.approx((1e-3, 0.8))
    assert probes.protocol("pacgan4_long").build is mcp.PROTOCOLS["pacgan4_paper"].build
    # Where samples lie: points on the centres are all high quality; uniform points are not.
    centers, _ = mcp.toys.mixture_spec("grid25")
    np.save(tmp_path / "wgan_gp_toy_grid25_seed0.npy", np.repeat(centers, 4, axis=0).astype("float32"))
    rows = probes.geometry(str(tmp_path))
    assert rows["wgan_gp_toy"] == [1, 0.0, 1.0, 1.0]
    assert rows["uniform"][1] > 0.7 and rows["uniform"][2] < 0.05
    record = {"label": "pacgan4_long", "seed": 0, "curve": [{"step": 2, "high_quality_pct": 1.0}]}
    probes.plot([record], str(tmp_path), str(tmp_path / "curves.png"))
    assert (tmp_path / "curves.png").stat().st_size > 0


def test_the_default_command_runs_each_protocol_on_its_table_seeds():
    # InfoGAN's row is measured on seeds 3-5 (its probes chose the protocol on 0-2).
    rows = mcp.main(["--quick", "--protocols", "infogan_modes", "gan_veegan", "--mixtures", "ring8",
                     "--steps_per_execution", "5"])
    assert {row["protocol"]: row["seeds"] for row in rows} == {"infogan_modes": [3, 4, 5], "gan_veegan": [0, 1, 2]}
