"""Renders benchmarks/results/train_speed.json as Markdown."""

import json
import sys


def _fmt(x, digits=1):
    return f"{x:.{digits}f}"


def _load(machine):
    if "load_average_start" not in machine:
        return "Load average: not recorded (the CPU was shared with other jobs)."
    start = machine["load_average_start"]
    end = machine.get("load_average_end", start)
    return (f"Load average (1 min) at the start {start[0]:.1f}, at the end {end[0]:.1f}, on "
            f"{machine['cpus']} cores (above ~2 means other jobs shared the CPU).")


def _table(title, header, rows):
    """Markdown lines of a titled table: a blank line, the title, a blank line, the table."""
    return ["", title, "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows)]


def markdown(report):
    lines = [
        "# DCGAN training speed: keras_gans `fit` vs idiomatic PyTorch",
        "",
        f"Command: `{report['command']}`",
        "",
        f"Machine: {report['machine']['cpus']} CPU cores ({report['machine']['processor'] or 'x86_64'}), "
        f"{report['machine']['platform']}. {_load(report['machine'])} Every contender "
        "ran in alternating short trials so they saw the same load, and the medians are reported.",
        "",
        f"Versions: {', '.join(f'{k} {v}' for k, v in report['versions'].items())}. "
        f"Threads: intra-op {report['threads']['intra_op']}, inter-op {report['threads']['inter_op']} "
        "for both frameworks.",
        "",
        f"Measured fp32 matmul throughput (1024x1024, best of 20): TF "
        f"{_fmt(report['matmul_gflops']['tf'])} GFLOP/s, torch {_fmt(report['matmul_gflops']['torch'])} GFLOP/s.",
        "",
        "## Training throughput (images/s, median of interleaved trials)",
        "",
        "| image | batch | ours: fit | ours: fit + XLA (CLI default) | torch eager | torch.compile "
        "| fit / torch eager | fit + XLA / torch eager | GFLOP/s (ours, best) | fraction of matmul peak |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report["speed"]:
        r = row["images_per_s"]
        compiled = _fmt(r["torch_compile"]["median"]) if "torch_compile" in r else "not run"
        lines.append(
            f"| {row['size']}x{row['size']} | {row['batch']} | {_fmt(r['tf_fit']['median'])} | "
            f"{_fmt(r['tf_fit_xla']['median'])} | {_fmt(r['torch_eager']['median'])} | {compiled} | "
            f"{row['ratio_tf_fit_vs_torch_eager']:.2f}x | "
            f"**{row.get('ratio_tf_fit_xla_vs_torch_eager', float('nan')):.2f}x** | {_fmt(row['achieved_gflops_tf'])} | "
            f"{row['fraction_of_matmul_peak_tf']:.2f} |"
        )
    lines += ["", "Model FLOPs of one training step, per image (counted from layer shapes, "
              "see `benchmarks/torch_dcgan.py::step_flops`):", ""]
    seen = set()
    for row in report["speed"]:
        if row["size"] in seen:
            continue
        seen.add(row["size"])
        lines.append(f"- {row['size']}x{row['size']}: ours {row['flops_per_image_ours'] / 1e6:.0f} MFLOP "
                     f"(4 G-forwards + 8 D-forwards), torch loop {row['flops_per_image_torch'] / 1e6:.0f} MFLOP.")
    if report["scaling"]:
        lines += _table(
            "## Step time vs batch size (28x28, median of 3)",
            ["batch", "ours: fit step (ms)", "torch eager step (ms)", "ours ms/image"],
            [[row["batch"], _fmt(row["tf_step_ms"], 0), _fmt(row["torch_eager_step_ms"], 0),
              _fmt(row["tf_step_ms"] / row["batch"], 2)] for row in report["scaling"]],
        )
    if report["inference"]:
        lines += _table(
            "## Generator inference latency per image (ms, median of 20, interleaved)",
            ["image", "batch", "SavedModel (tf.saved_model.load)", "TFLite (LiteRT)"],
            [[f"{row['size']}x{row['size']}", row["batch"], _fmt(row["saved_model_ms_per_image"], 3),
              _fmt(row["tflite_ms_per_image"], 3)] for row in report["inference"]],
        )
    for note in report.get("notes", []):
        lines += ["", note]
    lines += ["", f"Wall time of the run: {report['wall_s'] / 60:.1f} min.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results/train_speed.json"
    with open(path) as f:
        print(markdown(json.load(f)))
