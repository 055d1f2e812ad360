"""Generator inference latency per serving path: SavedModel, TFLite (float32, float16, dynamic range), ONNX Runtime.

    python benchmarks/serving_speed.py             # DCGAN, SRResNet x4, CycleGAN at batch 1 and 64
    python benchmarks/serving_speed.py --quick     # DCGAN at batch 1 and 2, one trial, into a temp dir

Paths, each fed the same numpy inputs and returning numpy outputs:

- ``savedmodel``: ``tf.saved_model.load(version)`` and its ``serving_default``
  signature, the graph TF Serving runs;
- ``tflite_f32``, ``tflite_f16``: the published ``model.tflite`` and
  ``model_float16.tflite`` through LiteRT's signature runner;
- ``tflite_dynamic``: the SavedModel converted now with ``tf.lite.Optimize.DEFAULT``
  (int8 weights, float activations), written to a temp dir, never into exports/;
- each TFLite file twice: with LiteRT's default XNNPACK delegate
  (``OpResolverType.AUTO``) and with the built-in kernels only
  (``BUILTIN_WITHOUT_DEFAULT_DELEGATES``, suffix ``_builtin``);
- ``onnxruntime``: ``model.onnx`` with the CPUExecutionProvider.

Generators: the zoo's latest DCGAN (``exports/dcgan_mnist/<latest>``) and SRResNet x4
(``exports/srresnet_x4_photos/<latest>``, LR input hr_size / scale from its card), and
the ``cyclegan_thin2thick`` recipe's generator, untrained (latency does not depend
on the weights), exported with ``export_generator`` (float16 TFLite and ONNX, as
the CLI does) into a temp dir. Input names and shapes come from the SavedModel's
``serving_default`` signature; dynamic height and width from the model card.

Every runtime gets ``--threads`` threads (TF intra-op and LiteRT/ORT kernels;
inter-op 1). After warm-up calls, the paths take turns in ``--trials``
interleaved trials (order reversed every other trial), each trial about
``--trial_s`` seconds of calls; the table gives the median ms per call and the
max |difference| of each path's outputs from the SavedModel's on the same input.
Writes ``<out>.md`` and ``<out>.json``.
"""

import argparse
import importlib.metadata
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time

import numpy as np
from recording import RESULTS
from recording import ROOT
from recording import cell
from recording import load_sentence
from recording import write_results

# Zoo models (their latest version: a superseded one may be retired from exports/).
EXPORTS = {"DCGAN": "dcgan_mnist", "SRResNet x4": "srresnet_x4_photos"}
CYCLEGAN = "CycleGAN"
CYCLEGAN_RECIPE = "cyclegan_thin2thick"
MODELS = ("DCGAN", "SRResNet x4", CYCLEGAN)
# name: (file in the version directory, or None: converted at bench time; XNNPACK delegate)
TFLITE_PATHS = {
    "tflite_f32": ("model.tflite", True), "tflite_f32_builtin": ("model.tflite", False),
    "tflite_f16": ("model_float16.tflite", True), "tflite_f16_builtin": ("model_float16.tflite", False),
    "tflite_dynamic": (None, True), "tflite_dynamic_builtin": (None, False),
}
PATHS = ("savedmodel", *TFLITE_PATHS, "onnxruntime")
# A path whose outputs differ from the SavedModel's by more than this (outputs in [-1, 1]) is not recommended:
# the float16 export's own tolerance (keras_gans.export.generator.TFLITE_TOLERANCE).
PARITY_LIMIT = 1e-2
XNNPACK_NOTE = (
    "LiteRT's `Interpreter(experimental_op_resolver_type=...)` chooses: `AUTO` (its default) applies the "
    "XNNPACK delegate, `BUILTIN_WITHOUT_DEFAULT_DELEGATES` runs the built-in kernels only (`_builtin` columns)."
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS), help=f"comma-separated, of {', '.join(MODELS)}")
    parser.add_argument("--batches", default="1,64", help="comma-separated batch sizes")
    parser.add_argument("--threads", type=int, default=2, help="threads for every runtime")
    parser.add_argument("--trials", type=int, default=5, help="interleaved trials per path")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls per path before the trials")
    parser.add_argument("--trial_s", type=float, default=0.5, help="seconds of calls per path and trial")
    parser.add_argument("--zoo", action="store_true",
                        help="every published version in exports/ instead of --models (default --out: serving_speed_zoo)")
    parser.add_argument("--quick", action="store_true",
                        help="DCGAN at batch 1 and 2, 1 trial, into a temp dir; prints the table (the test's run)")
    parser.add_argument("--out", default=None, help="output stem (.md, .json); default benchmarks/results/serving_speed")
    args = parser.parse_args(argv)
    args.out = args.out or os.path.join(RESULTS, "serving_speed_zoo" if args.zoo else "serving_speed")
    if args.quick:
        args.models, args.batches, args.trials, args.warmup, args.trial_s = "DCGAN", "1,2", 1, 1, 0.05
        args.out = os.path.join(tempfile.mkdtemp(prefix="serving_speed_"), "serving_speed")
    args.model_list = [m.strip() for m in args.models.split(",") if m.strip()]
    if not args.model_list or set(args.model_list) - set(MODELS):
        raise ValueError(f"--models must name some of {list(MODELS)}. Received: --models={args.models}")
    try:
        args.batch_list = [int(b) for b in args.batches.split(",")]
        assert all(b > 0 for b in args.batch_list)
    except (ValueError, AssertionError):
        raise ValueError(f"--batches must be positive integers, comma-separated. Received: --batches={args.batches}"
                         ) from None
    for flag in ("threads", "trials", "warmup"):
        if getattr(args, flag) < 1:
            raise ValueError(f"--{flag} must be at least 1. Received: --{flag}={getattr(args, flag)}")
    if args.trial_s <= 0:
        raise ValueError(f"--trial_s must be positive. Received: --trial_s={args.trial_s}")
    return args


# ----------------------------------------------------------------------------- models and inputs
def export_cyclegan(directory):
    """Exports the untrained generator of the CycleGAN recipe as the CLI would (float16 TFLite, ONNX)."""
    from keras_gans import recipes
    from keras_gans.export import export_generator

    model, _ = recipes.build(CYCLEGAN_RECIPE, compile=False)
    config = {"recipe": CYCLEGAN_RECIPE, "untrained": True, "image_size": list(model.image_size)}
    return export_generator(model, directory, tflite_variants=("float16",), training_config=config, onnx=True)


def spatial_size(card):
    """(height, width) of a translator's input from its card: the training image size, or hr_size / scale."""
    config = card.get("training_config") or {}
    if config.get("image_size"):
        size = config["image_size"]
        return tuple(size) if isinstance(size, (list, tuple)) else (int(size), int(size))
    hparams = (config.get("built_from") or {}).get("hparams") or {}
    if hparams.get("hr_size") and hparams.get("scale"):
        return (hparams["hr_size"] // hparams["scale"],) * 2
    outputs = [o.get("shape") or [] for o in (card.get("outputs") or {}).values()]
    if card.get("objective") == "ImageCompletion" and outputs and len(outputs[0]) == 4 and all(outputs[0][1:3]):
        return tuple(outputs[0][1:3])  # a completion model's output is its input's size, recorded at the trained size
    from keras_gans.data.paired import load_paired_arrays

    if config.get("dataset") in ("edges2digits", "edges2digits_train", "gray2color_photos", "label2scene"):
        return tuple(load_paired_arrays(config["dataset"])[0].shape[1:3])  # the size it trained on
    if config.get("dataset") in ("thin2thick_digits", "thin2thick_digits_train"):
        from keras_gans.data.unpaired import load_unpaired_arrays

        return tuple(load_unpaired_arrays(config["dataset"])[0].shape[1:3])
    if config.get("dataset") == "digit_domains":
        from keras_gans.data.task_streams import domain_arrays

        return tuple(domain_arrays(config["dataset"])[0].shape[1:3])
    raise ValueError("The model card names no image size (training_config.image_size, or built_from hparams "
                     f"hr_size and scale). Received training_config keys: {sorted(config)}")


WAVEFORM_SAMPLES = 16000


def example_feed(signature, card, batch, seed=0):
    """``{input name: array}`` for ``serving_default``: its names, dtypes and fixed dims; batch and H, W filled in."""
    rng = np.random.default_rng(seed)
    feed = {}
    for name, spec in sorted(signature.structured_input_signature[1].items()):
        dims = list(spec.shape)
        if len(dims) == 2 and dims[1] is None:  # a waveform of any length (SEGAN): one second at 16 kHz
            dims[1] = WAVEFORM_SAMPLES
        elif None in dims[1:]:  # dynamic height and width of an image input
            dims[1:-1] = spatial_size(card)
        shape = [batch, *dims[1:]]
        dtype = spec.dtype.as_numpy_dtype
        feed[name] = (rng.integers(0, 2, size=shape) if spec.dtype.is_integer
                      else rng.uniform(-1, 1, size=shape)).astype(dtype)
    return feed


# ----------------------------------------------------------------------------- the paths
def make_calls(version, signature, dynamic_tflite, feed, threads):
    """``{path: call}``: each call runs ``feed`` once and returns ``{output name: array}``; unbuildable: the error."""
    from keras_gans.export import onnx as onnx_lib
    from keras_gans.export import tflite as tflite_lib

    def savedmodel():
        return lambda: {k: v.numpy() for k, v in signature(**feed).items()}

    def tflite(file, xnnpack):
        path = dynamic_tflite if file is None else os.path.join(version, file)
        runner = tflite_lib.interpreter(path, num_threads=threads, xnnpack=xnnpack).get_signature_runner(
            "serving_default")
        return lambda: runner(**feed)

    def onnxruntime():
        path = os.path.join(version, onnx_lib.ONNX_FILE)
        session = onnx_lib.session(path, threads=threads)
        names = onnx_lib.output_names(path)  # signature name -> graph name
        graph_names = list(names.values())
        return lambda: dict(zip(names, session.run(graph_names, feed), strict=True))

    makers = {"savedmodel": savedmodel, "onnxruntime": onnxruntime}
    makers.update({k: (lambda f=f, x=x: tflite(f, x)) for k, (f, x) in TFLITE_PATHS.items()})
    calls = {}
    for name in PATHS:
        try:
            calls[name] = makers[name]()
        except Exception as error:  # recorded in the table, not hidden
            calls[name] = error
    return calls


def parity(calls):
    """Runs each call once: ``{path: max |output - SavedModel output|}``; a failing path keeps its error."""
    reference = calls["savedmodel"]()
    diffs = {}
    for name, call in list(calls.items()):
        if isinstance(call, Exception):
            continue
        try:
            out = call()
            if sorted(out) != sorted(reference):
                raise ValueError(f"outputs {sorted(out)}; the SavedModel's are {sorted(reference)}")
            diffs[name] = max(float(np.max(np.abs(out[k].astype("float64") - reference[k]))) for k in reference)
        except Exception as error:
            calls[name] = error
    return diffs


def measure(calls, trials, warmup, trial_s):
    """Median seconds per call of every runnable path, in interleaved trials."""
    runnable = {k: v for k, v in calls.items() if not isinstance(v, Exception)}
    per_trial = {}
    for name, call in runnable.items():
        for _ in range(warmup):
            start = time.perf_counter()
            call()
            last = time.perf_counter() - start
        per_trial[name] = max(1, min(10_000, round(trial_s / max(last, 1e-6))))
    times = {k: [] for k in runnable}
    for t in range(trials):
        for name in list(runnable) if t % 2 == 0 else list(reversed(runnable)):
            start = time.perf_counter()
            for _ in range(per_trial[name]):
                runnable[name]()
            times[name].append((time.perf_counter() - start) / per_trial[name])
    return {k: {"median_s": statistics.median(v), "trials_ms": [1e3 * x for x in v], "calls_per_trial": per_trial[k]}
            for k, v in times.items()}


def bench_model(name, version, batches, args, workdir, log):
    import tensorflow as tf

    from keras_gans.export import tflite as tflite_lib

    with open(os.path.join(version, "model_card.json")) as f:
        card = json.load(f)
    signature = tf.saved_model.load(version).signatures["serving_default"]
    dynamic = os.path.join(workdir, name.split()[0].lower() + "_dynamic_range.tflite")
    try:
        blob = tflite_lib.convert_saved_model(version, signature_keys=["serving_default"], optimization="dynamic_range")
        with open(dynamic, "wb") as f:
            f.write(blob)
    except Exception as error:
        log(f"{name}: dynamic-range conversion failed: {error!r}")
    rows = []
    for batch in batches:
        feed = example_feed(signature, card, batch)
        calls = make_calls(version, signature, dynamic, feed, args.threads)
        diffs = parity(calls)
        timed = measure(calls, args.trials, args.warmup, args.trial_s)
        paths = {}
        for path in PATHS:
            if path in timed:
                t = timed[path]
                paths[path] = {"median_ms": 1e3 * t["median_s"], "images_per_s": batch / t["median_s"],
                               "max_abs_diff_vs_savedmodel": diffs[path], "trials_ms": t["trials_ms"],
                               "calls_per_trial": t["calls_per_trial"]}
            else:
                error = calls[path]
                paths[path] = {"error": f"{type(error).__name__}: {str(error).splitlines()[0][:200] if str(error) else ''}"}
        fastest = min(timed, key=lambda k: timed[k]["median_s"])
        matching = [k for k in timed if diffs[k] <= PARITY_LIMIT]
        fastest_matching = min(matching, key=lambda k: timed[k]["median_s"]) if matching else None
        rows.append({"model": name, "version": os.path.relpath(version, ROOT) if version.startswith(ROOT) else version,
                     "batch": batch, "inputs": {k: list(v.shape) for k, v in feed.items()}, "paths": paths,
                     "fastest": fastest, "fastest_within_parity_limit": fastest_matching})
        log(f"{name} batch {batch}: " + ", ".join(
            f"{k}={v['median_ms']:.3g} ms" if "median_ms" in v else f"{k}=failed" for k, v in paths.items())
            + f"; fastest {fastest}")
    return rows


# ----------------------------------------------------------------------------- report
def package_versions():
    import keras
    import onnxruntime
    import tensorflow as tf

    return {"python": platform.python_version(), "tensorflow": tf.__version__, "keras": keras.__version__,
            # LiteRT's module has no __version__; its distribution's metadata has.
            "ai-edge-litert": importlib.metadata.version("ai-edge-litert"), "onnxruntime": onnxruntime.__version__,
            "numpy": np.__version__}


def markdown(report):
    m = report["machine"]
    lines = ["# Serving paths: generator inference latency (CPU)", "",
             f"Command: `{report['command']}`", "",
             f"Machine: {m['cpu']}, {m['cpus']} cores; oneDNN {'on' if m['onednn'] else 'off'} (as TF reports); "
             f"{report['threads']} threads for every runtime (TF intra-op, LiteRT `num_threads`, ORT "
             f"`intra_op_num_threads`; inter-op 1). {load_sentence(m)}"
             f". Wall {report['wall_s']:.0f} s, CPU {report['cpu_s']:.0f} s. Inputs: seed 0, uniform [-1, 1]. "
             f"Interleaved trials: {report['trials']}, each about {report['trial_s']} s of calls per path after "
             f"{report['warmup']} warm-up call(s).", "",
             "Versions: " + ", ".join(f"{k} {v}" for k, v in report["versions"].items()) + ".", "",
             XNNPACK_NOTE, "",
             "| model | batch | " + " | ".join(PATHS) + " | fastest |",
             "|---|---|" + "---|" * len(PATHS) + "---|"]
    for row in report["rows"]:
        cells = []
        for path in PATHS:
            p = row["paths"][path]
            cells.append(f"{p['median_ms']:.3g} (Δ {p['max_abs_diff_vs_savedmodel']:.1e})" if "median_ms" in p
                         else "not run: " + cell(p["error"]))
        fastest = row["paths"][row["fastest"]]
        named = f"**{row['fastest']}** ({fastest['images_per_s']:.0f} images/s)"
        if row["fastest"] != row["fastest_within_parity_limit"]:
            best = row["fastest_within_parity_limit"]
            named += (f", but its Δ is above {PARITY_LIMIT:g}; within it: "
                      + (f"**{best}** ({row['paths'][best]['images_per_s']:.0f} images/s)" if best else "none"))
        lines.append(f"| {row['model']} | {row['batch']} | " + " | ".join(cells) + f" | {named} |")
    lines += ["", "Milliseconds per call, median of the trials (lower is faster); in brackets the max |difference| "
              "of the path's outputs from the SavedModel's on the same input (outputs in [-1, 1]). The last column "
              f"names the fastest path and its throughput (and the fastest within {PARITY_LIMIT:g} of the "
              "SavedModel where that differs).", "", "## Which path to serve", ""]
    lines += recommendations(report["rows"])
    return lines


def recommendations(rows):
    """One line per model: the path fastest at most batch sizes, among those within PARITY_LIMIT of the SavedModel."""
    lines = []
    for model in dict.fromkeys(r["model"] for r in rows):
        wins, detail = {}, []
        for row in (r for r in rows if r["model"] == model):
            best = row["fastest_within_parity_limit"]
            if best is None:
                detail.append(f"batch {row['batch']}: no path within {PARITY_LIMIT:g}")
                continue
            wins[best] = wins.get(best, 0) + 1
            ratio = row["paths"]["savedmodel"]["median_ms"] / row["paths"][best]["median_ms"]
            detail.append(f"batch {row['batch']}: {best}, {ratio:.2f}x the SavedModel's speed")
        choice = f"`{max(wins, key=wins.get)}`" if wins else "none of the paths (see the table)"
        lines.append(f"- **{model}**: serve with {choice} ({'; '.join(detail)}; paths whose outputs differ from "
                     f"the SavedModel's by more than {PARITY_LIMIT:g} are not considered).")
    return lines


def serving_block(rows, threads):
    """What a model card records of a version's serving paths: per batch the fastest path within
    PARITY_LIMIT of the SavedModel and every path's ms per call, and the path to serve it with
    (the one fastest at most batch sizes)."""
    per_batch, wins = {}, {}
    for row in rows:
        best = row["fastest_within_parity_limit"]
        per_batch[str(row["batch"])] = {
            "fastest": best,
            "ms_per_call": {k: round(v["median_ms"], 4) for k, v in row["paths"].items() if "median_ms" in v},
        }
        if best is not None:
            wins[best] = wins.get(best, 0) + 1
    return {"measured_by": "benchmarks/serving_speed.py", "threads": threads, "parity_limit": PARITY_LIMIT,
            "per_batch": per_batch, "serve_with": max(wins, key=wins.get) if wins else None}


def measure_version(version, batches=(1, 64), threads=2, trials=3):
    """``serving_block`` of an exported version directory (the zoo publisher records it in the card)."""
    import tensorflow as tf

    from benchmarks.train_speed import tf_setup

    try:
        tf_setup(threads)
    except RuntimeError:  # TF already ran in this process (the publisher measured quality): its threads stay
        pass
    args = argparse.Namespace(threads=threads, trials=trials, warmup=3, trial_s=0.5)
    with tempfile.TemporaryDirectory(prefix="serving_speed_") as workdir:
        rows = bench_model(os.path.basename(os.path.dirname(os.path.abspath(version))), version, batches, args,
                           workdir, lambda msg: None)
    return {**serving_block(rows, threads), "tf_intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
            "load_average": os.getloadavg()}


def main(argv=None):
    args = parse_args(argv)
    from benchmarks.train_speed import cpu_info
    from benchmarks.train_speed import onednn_enabled
    from benchmarks.train_speed import tf_setup

    started, cpu0 = time.time(), time.process_time()
    tf_setup(args.threads)
    report = {
        "command": ("python benchmarks/serving_speed.py " + " ".join(argv if argv is not None else sys.argv[1:])).strip(),
        "machine": {**cpu_info(), "onednn": onednn_enabled(), "load_average_start": os.getloadavg()},
        "versions": package_versions(), "threads": args.threads, "trials": args.trials, "warmup": args.warmup,
        "trial_s": args.trial_s, "seed": 0, "xnnpack": XNNPACK_NOTE, "rows": [],
    }
    lines = []

    def log(msg):
        print(msg, flush=True)
        lines.append(msg)

    with tempfile.TemporaryDirectory(prefix="serving_speed_") as workdir:
        if args.zoo:
            from keras_gans import zoo

            for entry in zoo.entries(os.path.join(ROOT, "exports")):
                report["rows"] += bench_model(f"{entry['name']} v{entry['version']}", entry["path"], args.batch_list,
                                              args, workdir, log)
        for name in [] if args.zoo else args.model_list:
            if name == CYCLEGAN:
                version = export_cyclegan(os.path.join(workdir, "cyclegan"))
                log(f"{name}: untrained {CYCLEGAN_RECIPE} generator exported to {version}")
            else:
                from keras_gans import zoo

                version = zoo.version_dir(EXPORTS[name], root=os.path.join(ROOT, "exports"))
            report["rows"] += bench_model(name, version, args.batch_list, args, workdir, log)
    report["machine"]["load_average_end"] = os.getloadavg()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    report["wall_s"] = time.time() - started
    report["cpu_s"] = time.process_time() - cpu0 + children.ru_utime + children.ru_stime
    report["log"] = lines
    report["serving"] = {row["version"]: serving_block([r for r in report["rows"] if r["version"] == row["version"]],
                                                       args.threads) for row in report["rows"]}
    table = markdown(report)
    write_results(os.path.basename(args.out), report, table, directory=os.path.dirname(os.path.abspath(args.out)))
    if args.quick:
        print("\n".join(table))
    print(f"wrote {args.out}.md and .json")


if __name__ == "__main__":
    main()
