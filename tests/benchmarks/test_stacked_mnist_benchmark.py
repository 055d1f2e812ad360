"""benchmarks/stacked_mnist.py: its command line, the small-discriminator models and their table."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

import stacked_mnist  # noqa: E402

SCRIPT = os.path.join(ROOT, "benchmarks", "stacked_mnist.py")
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3"}


@pytest.mark.parametrize("args, expected", [
    (["--help"], "--d_fraction"),
    (["--d_fraction", "0"], "error: --d_fraction must be in (0, 1]. Received: 0.0"),
    (["--model", "mrgan", "--d_fraction", "0.25"], "error: --d_fraction applies to dcgan, pacdcgan2"),
])
def test_command_line_as_a_subprocess(args, expected):
    done = subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True, env=ENV, timeout=120)
    assert expected in done.stdout + done.stderr and "Traceback" not in done.stderr
    assert done.returncode == (0 if args == ["--help"] else 1)


def test_small_discriminators_are_a_quarter_of_the_generator():
    full = stacked_mnist.build("dcgan", 100, 0)
    small = {name: stacked_mnist.build(name, 100, 0, d_filters=16) for name in stacked_mnist.SMALL_D_MODELS}
    assert small["dcgan"].generator.count_params() == full.generator.count_params()
    # Conv widths 16-32 against 64-128: about 1/16 of the parameters, 1/4 of the filters.
    assert small["dcgan"].discriminator.count_params() < full.discriminator.count_params() / 10
    assert [small[f"pacdcgan{k}"].pack for k in (2, 3, 4)] == [2, 3, 4]
    assert stacked_mnist.pack_of("pacdcgan3") == 3 and stacked_mnist.pack_of("unrolled5") == 1
    assert small["unrolled5"].unroll_steps == 5 and small["unrolled5"].unroll == "optimizer"
    with pytest.raises(ValueError, match="A smaller discriminator is built for"):
        stacked_mnist.build("improved_mbd", 100, 0, d_filters=16)


def test_small_d_table_groups_seeds_beside_the_published_rows(tmp_path):
    def run(model, seed, modes, kl):
        return {"model": model, "seed": seed, "modes": modes, "kl": kl, "steps": 800, "batch_size": 64,
                "d_fraction": 0.25, "discriminator_params": 10673, "train_seconds": 60.0, "load_average": [2.0],
                "command": f"python benchmarks/stacked_mnist.py --model {model} --seed {seed}"}

    path = tmp_path / "table.md"
    stacked_mnist.write_small_d_markdown({"runs": [run("pacdcgan4", 0, 600, 2.0), run("dcgan", 0, 30, 6.0),
                                                   run("dcgan", 1, 50, 5.0)]}, str(path))
    text = path.read_text()
    assert "| DCGAN | 0.25 | 40.0 [30-50] | 5.50 [5.00-6.00] | 800 x 64 | 2 |" in text
    assert text.index("| DCGAN | 0.25") < text.index("| PacDCGAN4 | 0.25")
    assert "| PacDCGAN4 | 1/4 | 667.4 | 1.81 | GPU, full training | | | PacGAN Table 3 |" in text
