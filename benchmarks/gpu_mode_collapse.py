"""The 2-D protocols at their papers' length on one GPU, in one run of at most 8 minutes (issue 16, point 8).

    python benchmarks/gpu_mode_collapse.py            # on the GPU machine: ~7 minutes, writes the table
    python benchmarks/gpu_mode_collapse.py --smoke    # anywhere: 1 protocol, 1 seed, 10 steps, nothing written

Every protocol of ``mode_collapse_protocols.py`` that the CPU table shortens (its networks,
optimizers, batches, data scaling; InfoGAN's row is already its whole run), every mixture and 3
seeds, with the papers' numbers of generator updates (PacGAN 400,000; WGAN-GP 100,000; Unrolled
25,000; VEEGAN's GAN 100,000): 42 runs, all at once in
worker processes that share the GPU (memory grows as needed), XLA on, 500 steps per
execution. A run that has not reached its paper's length when the time is up ends with the
chunk it is in: the table's column 'steps' says where each got, the curves show the trend.
Results: ``benchmarks/results/mode_collapse_protocols_gpu.{md,json,png}`` and the scored
samples in ``benchmarks/results/mode_collapse_gpu/``.
"""

import argparse
import os
import sys

import recording  # noqa: F401 - puts the checkout on sys.path

TRAIN_MINUTES = 6.0  # of the 8-minute run: start-up and scoring take the rest


def command(smoke, out_dir):
    if smoke:  # the same worker pool and deadline path; --quick: 10 steps, a temp dir, the table printed
        return ["--quick", "--protocols", "gan_veegan", "--mixtures", "ring8", "--seeds", "0",
                "--steps_per_execution", "5", "--workers", "2", "--deadline_min", "5"]
    import mode_collapse_protocols

    # Protocols whose papers ran longer than our CPU rows (InfoGAN's row is already its whole run).
    shortened = [name for name, p in mode_collapse_protocols.PROTOCOLS.items() if p.paper_steps is not None]
    runs = len(shortened) * 2 * 3  # both mixtures, 3 seeds: one worker each, all at once
    return ["--paper_length", "--jit", "--protocols", *shortened, "--seeds", "0", "1", "2",
            "--steps_per_execution", "500", "--eval_every", "5000",
            "--workers", str(runs), "--deadline_min", str(TRAIN_MINUTES), "--out_dir", out_dir,
            "--work_dir", os.path.join(recording.ROOT, "runs", "mode_collapse_gpu"),
            "--name", "mode_collapse_protocols_gpu"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few steps on any machine, results in a temp dir")
    parser.add_argument("--out_dir", default=os.path.join(recording.RESULTS, "mode_collapse_gpu"))
    args = parser.parse_args(argv)
    import tensorflow as tf

    if not args.smoke and not tf.config.list_physical_devices("GPU"):
        sys.exit("error: no GPU visible to TensorFlow; --smoke runs the same path on a CPU")
    import mode_collapse_protocols

    return mode_collapse_protocols.main(command(args.smoke, args.out_dir))


if __name__ == "__main__":
    main()
