"""Runs a MultiWorkerMirroredStrategy job as local worker processes on 127.0.0.1.

``run_local_workers(num_workers, workdir)`` picks free ports, starts
``python -m keras_gans.testing.multiworker`` once per worker with its
``TF_CONFIG``, and returns each worker's final weights. Every worker trains
through ``keras_gans.train_lib.train(strategy="multiworker")`` (the CLI path:
chief-only checkpoints and export) and then takes a short ``fit`` on
``(points, labels)`` tuple batches, the two things Keras 3.15's ``fit`` needed
fixes for under this strategy.
"""

import argparse
import json
import os
import socket
import subprocess
import sys

import numpy as np


def free_ports(count):
    """``count`` currently free TCP ports on 127.0.0.1."""
    sockets, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return ports


def tf_config(ports, index):
    return json.dumps({
        "cluster": {"worker": [f"127.0.0.1:{p}" for p in ports]},
        "task": {"type": "worker", "index": index},
    })


def run_local_workers(num_workers, workdir, epochs=2, steps_per_epoch=2, timeout=120):
    """Starts the workers, waits, and returns ``[weights of worker i]``.

    Raises:
        AssertionError: a worker failed or timed out (its log tail is shown).
    """
    ports = free_ports(num_workers)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "CUDA_VISIBLE_DEVICES": "-1"}
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join([root, env.get("PYTHONPATH", "")])
    procs = []
    for index in range(num_workers):
        log = open(os.path.join(workdir, f"worker{index}.log"), "w")
        command = [sys.executable, "-m", "keras_gans.testing.multiworker", "--index", str(index),
                   "--workdir", workdir, "--epochs", str(epochs), "--steps_per_epoch", str(steps_per_epoch)]
        procs.append((subprocess.Popen(command, env={**env, "TF_CONFIG": tf_config(ports, index)},
                                       stdout=log, stderr=subprocess.STDOUT), log))
    failures = []
    for index, (proc, log) in enumerate(procs):
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            for other, _ in procs:
                other.kill()
            proc.wait()
        log.close()
        if proc.returncode != 0:
            with open(log.name) as f:
                failures.append(f"worker {index} exit {proc.returncode}:\n{f.read()[-3000:]}")
    assert not failures, "\n".join(failures)
    weights = []
    for index in range(num_workers):
        with np.load(os.path.join(workdir, f"weights{index}.npz")) as data:
            weights.append([data[k] for k in sorted(data.files, key=lambda k: int(k[4:]))])
    return weights


def _worker(args):
    from keras_gans import data as kg_data
    from keras_gans.train_lib import TrainConfig
    from keras_gans.train_lib import train

    config = TrainConfig(
        model="gan", dataset="ring8", epochs=args.epochs, steps_per_epoch=args.steps_per_epoch,
        batch_size=32, seed=0, strategy="multiworker", verbose=0, num_samples=4,
        output_dir=os.path.join(args.workdir, "run"), export_dir=os.path.join(args.workdir, "export"),
    )
    model = train(config)["model"]
    tuples = kg_data.load("ring8", batch_size=32, seed=0, with_labels=True, repeat=True)
    model.fit(tuples, epochs=1, steps_per_epoch=args.steps_per_epoch, verbose=0)
    weights = model.generator.get_weights() + model.discriminator.get_weights()
    np.savez(os.path.join(args.workdir, f"weights{args.index}.npz"),
             **{f"arr_{i}": w for i, w in enumerate(weights)})


def main(argv=None):
    parser = argparse.ArgumentParser(description="One worker of a local MultiWorkerMirrored job.")
    parser.add_argument("--index", type=int, required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--steps_per_epoch", type=int, default=2)
    _worker(parser.parse_args(argv))


if __name__ == "__main__":
    main()
