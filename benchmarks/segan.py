"""SEGAN benchmark: speech enhancement on the held-out synthetic test set, beside the paper's table.

Rows: the noisy input, a Wiener filter (decision-directed a priori SNR,
``keras_gans.metrics.speech.wiener_filter``), the L1-only generator
(``gan_weight=0``: the adversarial term's share) and SEGAN, both from the
compact CPU recipe ``segan_synthetic_speech``, trained for the same CPU-time
budget each (``time.process_time``; training continues in chunks until the
budget is spent and the steps done are recorded). Measures on the 40 held-out
test utterances (held-out voices and sentences, SNRs 2.5/7.5/12.5/17.5 dB):
wide-band PESQ, STOI, segmental SNR and SNR, mean and standard deviation.

Each model's section writes ``<work_dir>/<row>.json`` and a checkpoint after
every chunk, so a stopped run resumes where it was; ``--section=report``
merges them into ``benchmarks/results/segan.md`` (+ ``.json``).

    python benchmarks/segan.py --section=l1 --cpu_budget_s=900
    python benchmarks/segan.py --section=segan --cpu_budget_s=900
    python benchmarks/segan.py --section=report

A row can start from another row's state: copy ``<work_dir>/<row>.json`` (without its
``scores`` and ``done``) and ``<row>.weights.h5`` to the new row's names, then run its
section with a larger ``--cpu_budget_s`` (it trains on from the copied steps and CPU time; a
budget already spent only scores it). ``segan_long_ola`` and ``segan_anneal`` started from
``segan_long`` so: the rows are scored with the model's ``enhance`` of the day (50 %
overlap-add since session 17; the earlier rows were scored window by window).
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np  # noqa: E402
import recording  # the checkout on sys.path, quiet TensorFlow; before keras_gans
import segan_exports

from keras_gans import recipes  # noqa: E402
from keras_gans.data import speech  # noqa: E402
from keras_gans.metrics import speech as sm  # noqa: E402

RECIPE = "segan_synthetic_speech"
PAPER = {  # Pascual et al. 2017, Table 1 (Valentini test set): PESQ, CSIG, CBAK, COVL, SSNR
    "noisy": (1.97, 3.35, 2.44, 2.63, 1.68), "Wiener": (2.22, 3.23, 2.68, 2.67, 5.07),
    "SEGAN": (2.16, 3.48, 2.94, 2.80, 7.73),
}
# The first rows (results/segan_v1.*) trained without pre-emphasis and with biases in G (the compact recipe's
# settings); the *_preemph rows pre-emphasise (0.95), and without "biased" have no biases in G, as the reference.
ROWS = {"l1": {"gan_weight": 0.0, "preemphasis": 0.0, "g_bias": True}, "segan": {"preemphasis": 0.0, "g_bias": True},
        "segan_preemph_biased": {"preemphasis": 0.95, "g_bias": True},
        "l1_preemph": {"gan_weight": 0.0, "preemphasis": 0.95, "g_bias": False},
        "segan_preemph": {"preemphasis": 0.95, "g_bias": False},
        "segan_long": {"preemphasis": 0.0, "g_bias": True},
        # Started from segan_long's weights and record (copied into the row's files, see the docstring):
        # the same weights scored with the overlap-add enhancement; then continued at a tenth of the rate.
        "segan_long_ola": {"preemphasis": 0.0, "g_bias": True},
        "segan_anneal": {"preemphasis": 0.0, "g_bias": True, "learning_rate": 1e-4},
        "segan_ema": {"preemphasis": 0.0, "g_bias": True}}
# Rows that keep an exponential moving average of G's weights and are scored with it (the quick SSNR
# too). Keras sets the average to the weights at the row's first step; the checkpoint holds both.
EMA = {"segan_ema": 0.999}
LABELS = {"l1": "L1-only generator (gan_weight=0), no pre-emphasis", "segan": "SEGAN (LS + 100 x L1), no pre-emphasis",
          "segan_preemph_biased": "SEGAN, pre-emphasis 0.95, G with biases",
          "l1_preemph": "L1-only generator, pre-emphasis 0.95, G without biases",
          "segan_preemph": "SEGAN (LS + 100 x L1), pre-emphasis 0.95, G without biases (the reference's)",
          "segan_long": "SEGAN (LS + 100 x L1), no pre-emphasis, the compact recipe's settings, a longer budget, non-overlapping windows",
          "segan_long_ola": "segan_long's weights, enhanced with 50 % overlap-add (the model's enhance since session 17)",
          "segan_anneal": "segan_long continued at RMSprop 1e-4 (a tenth of the rate), overlap-add",
          "segan_ema": "segan_long continued at the recipe's rate, scored by the EMA (0.999) of G's weights, overlap-add"}
V1 = "segan_v1"  # the first run's results file (no pre-emphasis; its work directory is gone), shown beside
V2 = "segan_v2"  # the second run's (the pre-emphasis rows; its work directory is gone too), shown beside


def machine():
    try:
        model = [line.split(":", 1)[1].strip() for line in subprocess.run(
            ["lscpu"], capture_output=True, text=True).stdout.splitlines() if line.startswith("Model name")][0]
    except (OSError, IndexError):
        model = platform.processor()
    return {"cpu": model, "cores_visible": os.cpu_count(), "oneDNN": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on)")}


def evaluate(enhance_fn, test):
    outputs = [enhance_fn(x) for x in test.noisy]
    return sm.evaluate_enhancement(test.clean, outputs)


def train_section(row, args):
    import keras

    path = os.path.join(args.work_dir, f"{row}.json")
    weights = os.path.join(args.work_dir, f"{row}.weights.h5")
    state = json.load(open(path)) if os.path.exists(path) else {"steps": 0, "cpu_s": 0.0, "curve": []}
    import contextlib

    model, data = recipes.build(RECIPE, seed=args.seed, hparams=ROWS[row], compile=row not in EMA)
    if row in EMA:
        recipe = recipes.get_recipe(RECIPE)
        g_optimizer, d_optimizer = recipe.optimizers(recipe.resolve_hparams(ROWS[row], None, args.seed))
        model.compile(g_optimizer=g_optimizer, d_optimizer=d_optimizer, ema_decay=EMA[row])
    if os.path.exists(weights):
        model.load_weights(weights)
    test = speech.speech_pairs("test")

    def scored():
        """G as the row scores it: the moving average of its weights for an EMA row."""
        return model.ema_weights() if row in EMA else contextlib.nullcontext()

    class Chunk(keras.callbacks.Callback):
        """After every chunk of steps: checkpoint, a quick SSNR, stop when the CPU budget is spent."""

        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.process_time()

        def on_epoch_end(self, epoch, logs=None):
            state["cpu_s"] += time.process_time() - self.start
            state["steps"] += args.chunk
            model.save_weights(weights)
            with scored():
                quick = np.mean([sm.segmental_snr(c, model.enhance(x))
                                 for c, x in zip(test.clean[::4], test.noisy[::4], strict=True)])
            state["curve"].append({"steps": state["steps"], "cpu_s": round(state["cpu_s"], 1),
                                   "ssnr_10": float(quick), **{k: float(v) for k, v in (logs or {}).items()}})
            print(row, state["curve"][-1], flush=True)
            with open(path, "w") as f:
                json.dump(state, f, indent=2)
            if state["cpu_s"] >= args.cpu_budget_s:
                model.stop_training = True

    if state["cpu_s"] < args.cpu_budget_s:
        # One fit, so the shuffled stream runs on across chunks instead of restarting at its first batch.
        model.fit(data, epochs=10_000, steps_per_epoch=args.chunk, callbacks=[Chunk()], verbose=0)
    with scored():
        state["scores"] = evaluate(model.enhance, test)
        if row in EMA:  # the report loads the raw weights; the average's offset is measured here
            state["dc_offset"] = float(np.mean([abs(float(np.mean(model.enhance(x)))) for x in test.noisy]))
    state["done"] = True
    state["hparams"] = {**recipes.get_recipe(RECIPE).hparams, **ROWS[row]}
    state["command"] = args.command
    with open(path, "w") as f:
        json.dump(state, f, indent=2)
    keras.backend.clear_session()


def report(args):
    test = speech.speech_pairs("test")
    first = recording.read_json(V1)
    baselines = ("noisy", "Wiener (scipy STFT, decision-directed)")
    if args.recompute_baselines or not all(k in first.get("rows", {}) for k in baselines):
        rows = {baselines[0]: evaluate(lambda x: x, test), baselines[1]: evaluate(sm.wiener_filter, test)}
    else:  # deterministic on the cached test set: the first run's scores, not recomputed (CPU is scarce)
        rows = {k: first["rows"][k] for k in baselines}
    runs = {}
    for row in ("l1", "segan"):  # measured by the first run, read back from its results file
        if row in first.get("runs", {}) and not os.path.exists(os.path.join(args.work_dir, f"{row}.json")):
            label = LABELS[row] + " (first run, `segan_v1.md`)"
            old = {"L1-only generator (gan_weight=0)": "l1", "SEGAN (LS + 100 x L1)": "segan"}
            scores = next(v for k, v in first["rows"].items() if old.get(k) == row)
            runs[row] = {**first["runs"][row], "scores": scores}
            rows[label] = scores
    second = recording.read_json(V2)
    for row in ("segan_preemph_biased", "segan_preemph"):  # measured by the second run, read back likewise
        if LABELS[row] in second.get("rows", {}) and not os.path.exists(os.path.join(args.work_dir, f"{row}.json")):
            runs[row] = {**second["runs"][row], "scores": second["rows"][LABELS[row]]}
            rows[LABELS[row] + " (second run, `segan_v2.md`)"] = runs[row]["scores"]
    for row, label in LABELS.items():
        path = os.path.join(args.work_dir, f"{row}.json")
        if os.path.exists(path):
            runs[row] = json.load(open(path))
            if "scores" not in runs[row]:  # stopped before its budget: score the last checkpoint
                model, _ = recipes.build(RECIPE, seed=args.seed, hparams=ROWS[row])
                model.load_weights(os.path.join(args.work_dir, f"{row}.weights.h5"))
                runs[row]["scores"] = evaluate(model.enhance, test)
                runs[row]["hparams"] = {**recipes.get_recipe(RECIPE).hparams, **ROWS[row]}
                runs[row]["stopped_early"] = True
            rows[label] = runs[row]["scores"]
            # A constant offset in the output (de-emphasis multiplies one by 1 / (1 - 0.95) = 20): mean |mean|.
            if row in EMA and "dc_offset" in runs[row]:
                continue
            model, _ = recipes.build(RECIPE, seed=args.seed, hparams=ROWS[row])
            model.load_weights(os.path.join(args.work_dir, f"{row}.weights.h5"))
            runs[row]["dc_offset"] = float(np.mean([abs(float(np.mean(model.enhance(x)))) for x in test.noisy]))
    zoo_runs, zoo_outputs = segan_exports.zoo_rows(test, args.zoo_root)
    cli_runs, cli_outputs = segan_exports.cli_rows(test, args.work_dir, LABELS)
    for extra in (cli_runs, zoo_runs):
        runs.update(extra)
        rows.update({run["label"]: run["scores"] for run in extra.values()})
    noisy = rows["noisy"]
    lines = [
        "# SEGAN: speech enhancement on held-out synthetic speech",
        "",
        f"Command: `{args.command}` (sections `--section=<row>` for each trained row, then `--section=report`); "
        f"recipe `{RECIPE}` (the COMPACT CPU recipe, not the paper's network: see `keras_gans/recipes/speech.py`); "
        f"model seed {args.seed}; corpus seed 0.",
        f"Machine: {machine()['cpu']}, {machine()['cores_visible']} cores visible (shared with other jobs), "
        "TensorFlow oneDNN on (default).",
        "Test set: 40 utterances, 8 espeak-ng voice variants and 400 sentences never trained on, SNR 2.5 / 7.5 / "
        "12.5 / 17.5 dB, noises white / pink / brown / babble / hum. Measures: wide-band PESQ (`pesq`), "
        "STOI (`pystoi`), segmental SNR (Loizou's definition), SNR; mean +- standard deviation over utterances.",
        "",
        "| row | PESQ (wb) | STOI | SSNR dB | SNR dB | output offset | train steps | train CPU s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, scores in rows.items():
        run = next((r for k, r in runs.items() if r.get("scores") is scores), None)
        cells = [f"{scores[m]['mean']:.3f} +- {scores[m]['std']:.3f}" for m in ("pesq", "stoi", "ssnr", "snr")]
        offset = float(np.mean([abs(float(np.mean(x))) for x in test.noisy])) if label == "noisy" else (
            run or {}).get("dc_offset")
        cells.append("-" if offset is None else f"{offset:.4f}")
        extra = [str(run["steps"]), f"{run['cpu_s']:.0f}"] if run else ["-", "-"]
        lines.append(f"| {label} | " + " | ".join(cells + extra) + " |")
    for row, run in runs.items():
        if run.get("stopped_early"):
            lines.append(f"\n`{row}` was stopped before its CPU budget, after {run['steps']} steps "
                         f"({run['cpu_s']:.0f} CPU s); its row scores the last checkpoint.")
    if args.note:
        lines.append("\n" + args.note)
    lines.append("\nOutput offset: the mean over test utterances of |mean of the output waveform| (the clean "
                 "speech's is " + f"{float(np.mean([abs(float(np.mean(c))) for c in test.clean])):.4f}" + "); "
                 "measured for the rows whose weights are in the work directory.")
    if not args.recompute_baselines and rows["noisy"] is first.get("rows", {}).get("noisy"):
        lines.append("\nThe noisy and Wiener rows are the first run's (`segan_v1.json`): both are deterministic on "
                     "the cached test set, so they were not scored again.")
    lines += ["", "Gains over the noisy input (mean over utterances):", ""]
    for label, scores in rows.items():
        if label == "noisy":
            continue
        lines.append(f"- {label}: SSNR {scores['ssnr']['mean'] - noisy['ssnr']['mean']:+.2f} dB, "
                     f"PESQ {scores['pesq']['mean'] - noisy['pesq']['mean']:+.3f}, "
                     f"STOI {scores['stoi']['mean'] - noisy['stoi']['mean']:+.3f}")
    wiener_ssnr = rows["Wiener (scipy STFT, decision-directed)"]["ssnr"]["mean"]
    lines += ["", "Aims (issue #17: SSNR gain over noisy >= 5 dB, PESQ gain >= 0.2, SSNR above the Wiener filter):", ""]
    for label, scores in rows.items():
        if label in ("noisy", "Wiener (scipy STFT, decision-directed)"):
            continue
        ssnr_gain = scores["ssnr"]["mean"] - noisy["ssnr"]["mean"]
        pesq_gain = scores["pesq"]["mean"] - noisy["pesq"]["mean"]
        met = [ssnr_gain >= 5, pesq_gain >= 0.2, scores["ssnr"]["mean"] > wiener_ssnr]
        lines.append(f"- {label}: {sum(met)} of 3 met (SSNR gain {ssnr_gain:+.2f} dB, PESQ gain {pesq_gain:+.3f}, "
                     f"SSNR {scores['ssnr']['mean']:.2f} against Wiener's {wiener_ssnr:.2f} dB)")
    lines += segan_exports.ema_lines(runs)
    lines += segan_exports.checkpoint_lines(args.work_dir, noisy)
    lines += by_group(test, rows)
    lines += error_by_band(test, runs, args, {**cli_outputs, **zoo_outputs})
    lines += ["", "Quick SSNR during training (dB, every 4th test utterance, after each chunk of steps):", ""]
    for row, run in ((r, run) for r, run in runs.items() if "curve" in run):
        curve = ", ".join(f"{c['steps']}: {c['ssnr_10']:.2f}" for c in run.get("curve", []))
        lines.append(f"- `{row}` ({LABELS[row]}): {curve}")
    lines += [
        "",
        "The paper (Pascual et al. 2017, Table 1; Valentini/VCTK test set, 86 epochs of the full network on a GPU):",
        "",
        "| row | PESQ | CSIG | CBAK | COVL | SSNR |",
        "|---|---|---|---|---|---|",
        *[f"| {k} | " + " | ".join(str(v) for v in vals) + " |" for k, vals in PAPER.items()],
        "",
        "CSIG/CBAK/COVL (composite measures) are not computed here. Learning curves (SSNR on every 4th test "
        "utterance after each chunk) are in the JSON.",
    ]
    record = {"command": args.command, "seed": args.seed, "recipe": RECIPE, "machine": machine(),
              "rows": {k: {m: {"mean": v[m]["mean"], "std": v[m]["std"]} for m in v} for k, v in rows.items()},
              "runs": {k: {key: r[key] for key in ("steps", "cpu_s", "curve", "hparams", "dc_offset", "label", "commands",
                                          "export", "ema_decay", "command", "raw_scores", "checkpoint")
                           if key in r}
                       for k, r in runs.items()},
              "paper": PAPER, "stopped_runs": {  # --section=checkpoint rows, per-utterance values left out
                  row: {**run, **{k: {m: {"mean": v["mean"], "std": v["std"]} for m, v in run[k].items()}
                                  for k in ("scores", "raw_scores") if k in run}}
                  for row, run in segan_exports.checkpoint_runs(args.work_dir).items()}}
    recording.write_results("segan", record, lines)
    print("\n".join(lines))


def by_group(test, rows):
    """Report lines: PESQ, SSNR and STOI per input SNR and per noise type, of the noisy input, the Wiener filter and
    each row with per-utterance scores (both baselines scored again here: deterministic, and the rows above keep
    only their means)."""
    scored = {"noisy": evaluate(lambda x: x, test), "Wiener": evaluate(sm.wiener_filter, test),
              **{k: v for k, v in rows.items() if "values" in v.get("pesq", {})}}
    lines = []
    for name, groups in (("input SNR", [f"{s:g} dB" for s in test.snr_db]), ("noise", list(test.noise))):
        groups = np.asarray(groups)
        names = sorted(set(groups.tolist()), key=lambda g: (float(g.split()[0]) if name == "input SNR" else g))
        lines += ["", f"By {name} (mean over the utterances of each; PESQ / SSNR dB / STOI):", "",
                  "| row | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        for label, scores in scored.items():
            cells = []
            for group in names:
                mask = groups == group
                pesq, ssnr, stoi = (float(np.mean(np.asarray(scores[k]["values"])[mask])) for k in ("pesq", "ssnr", "stoi"))
                cells.append(f"{pesq:.2f} / {ssnr:.2f} / {stoi:.3f}")
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


BANDS_HZ = (0, 250, 500, 1000, 2000, 4000, 8000)


def band_errors(clean, output):
    """10 log10 of the error's energy over the clean speech's, per frequency band of ``BANDS_HZ`` (dB)."""
    freqs = np.fft.rfftfreq(len(clean), 1.0 / speech.SAMPLE_RATE)
    error = np.abs(np.fft.rfft(np.asarray(output, "float64") - clean)) ** 2
    power = np.abs(np.fft.rfft(np.asarray(clean, "float64"))) ** 2
    bands = zip(BANDS_HZ[:-1], BANDS_HZ[1:], strict=True)
    return [10 * np.log10(error[(freqs >= lo) & (freqs < hi)].sum() / power[(freqs >= lo) & (freqs < hi)].sum())
            for lo, hi in bands]


def error_by_band(test, runs, args, extra):
    """Report lines: where in frequency the output differs from the clean speech, for the noisy input, the
    EMA rows (their averaged weights) and the ``extra`` ``{label: outputs}``, at each input SNR: what the enhancer
    removes and what it adds."""
    outputs = {"noisy": list(test.noisy)}
    for row in (r for r in runs if r in EMA and os.path.exists(os.path.join(args.work_dir, f"{r}.weights.h5"))):
        model, _ = recipes.build(RECIPE, seed=args.seed, hparams=ROWS[row], compile=False)
        recipe = recipes.get_recipe(RECIPE)
        g_optimizer, d_optimizer = recipe.optimizers(recipe.resolve_hparams(ROWS[row], None, args.seed))
        model.compile(g_optimizer=g_optimizer, d_optimizer=d_optimizer, ema_decay=EMA[row])
        model.load_weights(os.path.join(args.work_dir, f"{row}.weights.h5"))
        with model.ema_weights():
            outputs[f"`{row}` (EMA)"] = [model.enhance(x) for x in test.noisy]
    outputs.update(extra)
    snr = np.asarray(test.snr_db)
    names = [f"{lo / 1000:g}-{hi / 1000:g}" for lo, hi in zip(BANDS_HZ[:-1], BANDS_HZ[1:], strict=True)]
    lines = ["", "Error by frequency band (dB: energy of output minus clean over the clean speech's, mean over the "
             "10 utterances of each input SNR; lower is better). Where a row reads higher than noisy, the "
             "enhancer adds more distortion there than the noise it removes:", "",
             "| row | input SNR | " + " | ".join(f"{n} kHz" for n in names) + " |", "|---|---|" + "---|" * len(names)]
    for label, outs in outputs.items():
        for level in sorted(set(snr.tolist())):
            chosen = [i for i in range(len(snr)) if snr[i] == level]
            values = np.mean([band_errors(test.clean[i], outs[i]) for i in chosen], axis=0)
            lines.append(f"| {label} | {level:g} dB | " + " | ".join(f"{v:.1f}" for v in values) + " |")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--section", choices=(*ROWS, "export", "checkpoint", "report"), required=True,
                        help="a row to train, `export` (score a CLI-trained export: see segan_exports.py), "
                        "`checkpoint` (a stopped CLI run's checkpoint) or `report`")
    parser.add_argument("--cpu_budget_s", type=float, default=900.0, help="training CPU seconds per model")
    parser.add_argument("--chunk", type=int, default=50, help="steps between checkpoints")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work_dir", default=os.path.join(recording.ROOT, "runs", "segan_benchmark"))
    parser.add_argument("--note", help="a sentence for the report, e.g. the commands that trained its rows")
    parser.add_argument("--zoo_root", default=os.path.join(recording.ROOT, "exports"),
                        help="the zoo whose segan_synthetic_speech versions the report scores beside the rows")
    parser.add_argument("--row_name", help="--section=export or checkpoint: the row's name (its JSON in --work_dir)")
    parser.add_argument("--export_dir", help="--section=export: the export's version directory")
    parser.add_argument("--time_log", action="append", help="--section=export: each training command's time -v log")
    parser.add_argument("--train_command", action="append", help="--section=export: each training command")
    parser.add_argument("--label", help="--section=export or checkpoint: the row's label in the tables")
    parser.add_argument("--init_steps", type=int, default=0, help="--section=export: steps of the run whose "
                        "checkpoint the row's init_weights names (its time logs and commands come first)")
    parser.add_argument("--checkpoint", help="--section=export, optional: the run's last checkpoint, to score G's "
                        "own weights beside the export's EMA of them; --section=checkpoint: the one to score")
    parser.add_argument("--recompute_baselines", action="store_true",
                        help="score noisy and Wiener again instead of reading them from results/segan_v1.json")
    args = parser.parse_args(argv)
    args.command = "python benchmarks/segan.py " + " ".join(sys.argv[1:] if argv is None else argv)
    if args.note:  # the note is printed in the report itself
        args.command = args.command.replace(args.note, "'...'")
    if args.section in ("export", "checkpoint") and segan_exports.missing(args):
        parser.error(segan_exports.missing(args))
    os.makedirs(args.work_dir, exist_ok=True)
    if args.section == "report":
        report(args)
    elif args.section == "export":
        print(segan_exports.score_export(args, speech.speech_pairs("test")))
    elif args.section == "checkpoint":
        print(segan_exports.checkpoint_row(args, speech.speech_pairs("test")))
    else:
        train_section(args.section, args)


if __name__ == "__main__":
    main()
