"""SEGAN benchmark rows read from exported generators: the zoo's published versions and CLI runs.

``benchmarks/segan.py``'s own sections train in its work directory; a model trained by
``python -m keras_gans.train`` (as the zoo's are) is scored here through its SavedModel's
serving signature, on the same 40 held-out utterances and measures, so both kinds of row sit
in one table. ``--section=export`` writes a CLI run's row to ``<work_dir>/<row>.json``:

    python benchmarks/segan.py --section=export --row_name=cli_preemph \\
        --export_dir=runs/zoo/unpublished/segan_speech_pre/1 --time_log=runs/zoo/segan_speech_pre_1.log \\
        --train_command="python -m keras_gans.train ..." --label="..."

With ``--checkpoint=<run>/checkpoints/ckpt-N.weights.h5`` (the run's last) the row also scores G's own
weights (``raw_scores``) beside the export's moving average, the EMA's share of the row.
"""

import glob
import json
import os

import numpy as np
from zoo_publish import cpu_seconds

from keras_gans.metrics import speech as sm

ZOO_NAME = "segan_synthetic_speech"


def enhance_all(version_dir, test):
    """Each held-out noisy utterance, whole, through the export's ``serving_default``."""
    import tensorflow as tf

    serve = tf.saved_model.load(version_dir).signatures["serving_default"]
    return [serve(waveform=tf.constant(x[None], tf.float32))["waveform"].numpy()[0] for x in test.noisy]


def _run(version_dir, test, label, cpu_s, commands):
    card = json.load(open(os.path.join(version_dir, "model_card.json")))
    config = card["training_config"]
    enhanced = enhance_all(version_dir, test)
    run = {"scores": sm.evaluate_enhancement(test.clean, enhanced), "label": label, "export": version_dir,
           "steps": config["epochs"] * config["steps_per_epoch"], "cpu_s": cpu_s,
           "hparams": config["built_from"]["hparams"], "ema_decay": config.get("ema_decay"), "commands": commands,
           "dc_offset": float(np.mean([abs(float(np.mean(y))) for y in enhanced]))}
    return run, enhanced


def zoo_rows(test, root):
    """The published versions of ``segan_synthetic_speech`` under ``root``: ``({row: run}, {label: outputs})``,
    CPU seconds and commands from each card."""
    runs, outputs = {}, {}
    folder = os.path.join(root, ZOO_NAME)
    for version in sorted((int(v) for v in os.listdir(folder) if v.isdigit()) if os.path.isdir(folder) else []):
        path = os.path.join(folder, str(version))
        card = json.load(open(os.path.join(path, "model_card.json")))
        hp, ema = card["training_config"]["built_from"]["hparams"], card["training_config"].get("ema_decay")
        label = (f"zoo `{ZOO_NAME}` v{version}: channels {','.join(map(str, hp['channels']))}, EMA {ema} from step 0, "
                 "trained by the CLI (its card's commands), overlap-add")
        runs[f"zoo_v{version}"], outputs[f"zoo v{version}"] = _run(
            path, test, label, card["zoo"]["cpu_seconds"], card["zoo"]["commands"])
    return runs, outputs


def cli_rows(test, work_dir, known):
    """The rows ``--section=export`` wrote to ``work_dir`` (not in ``known``), their outputs re-enhanced from
    their exports for the band table: ``({row: run}, {label: outputs})``."""
    runs, outputs = {}, {}
    for path in sorted(glob.glob(os.path.join(work_dir, "*.json"))):
        row = os.path.basename(path)[: -len(".json")]
        run = json.load(open(path))
        if row in known or "export" not in run:
            continue
        runs[row] = run
        outputs[f"`{row}`"] = enhance_all(run["export"], test)
    return runs, outputs


def raw_scores(checkpoint, hparams, test):
    """The scores of G's own weights in a CLI run's ``checkpoint`` (the export holds their EMA)."""
    from keras_gans import recipes

    recipe = recipes.get_recipe(ZOO_NAME)  # the card's hparams, less the resolved extras and the start file
    hp = {k: (tuple(v) if isinstance(v, list) else v) for k, v in hparams.items()
          if k in recipe.hparams and k != "init_weights"}
    model, _ = recipe.make(recipes.DataSpec((int(hp["window"]), 1)), hp)
    model.load_weights(checkpoint)
    return sm.evaluate_enhancement(test.clean, [model.enhance(x) for x in test.noisy])


def score_checkpoint(checkpoint, test):
    """A CLI run's checkpoint scored without an export (a run stopped before its end): G's own weights and,
    when the run keeps one (its ``config.json``'s ``ema_decay``), their moving average; steps from G's
    optimizer."""
    from keras_gans import recipes

    config = json.load(open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(checkpoint))), "config.json")))
    recipe = recipes.get_recipe(config["recipe"])
    hp = {k: (tuple(v) if isinstance(v, list) else v) for k, v in config["hparams"].items() if k != "init_weights"}
    model, optimizers = recipe.make(recipes.DataSpec((int(recipe.resolve_hparams(hp)["window"]), 1)), hp)
    model.compile(g_optimizer=optimizers[0], d_optimizer=optimizers[1], ema_decay=config.get("ema_decay"))
    model.load_weights(checkpoint)
    result = {"checkpoint": checkpoint, "steps": int(model.g_optimizer.iterations.numpy()), "hparams": config["hparams"],
              "raw_scores": sm.evaluate_enhancement(test.clean, [model.enhance(x) for x in test.noisy])}
    if config.get("ema_decay"):
        with model.ema_weights():
            result["scores"] = sm.evaluate_enhancement(test.clean, [model.enhance(x) for x in test.noisy])
    return result


def checkpoint_runs(work_dir):
    """The rows ``--section=checkpoint`` wrote to ``work_dir``: ``{row: run}``."""
    runs = {os.path.basename(p)[: -len(".json")]: json.load(open(p))
            for p in sorted(glob.glob(os.path.join(work_dir, "*.json")))}
    return {row: run for row, run in runs.items() if "checkpoint" in run and "export" not in run}


def checkpoint_lines(work_dir, noisy):
    """A report table: the rows ``--section=checkpoint`` wrote (runs stopped before their export)."""
    rows = list(checkpoint_runs(work_dir).values())
    if not rows:
        return []
    lines = ["", "Runs stopped before their export, scored from a checkpoint (`--section=checkpoint`): PESQ (gain over "
             "noisy) / SSNR dB / STOI, of the EMA and of G's own weights:", "",
             "| run | steps | EMA | G's own weights | command |", "|---|---|---|---|---|"]
    for r in rows:
        cells = [" / ".join((f"{s['pesq']['mean']:.3f} ({s['pesq']['mean'] - noisy['pesq']['mean']:+.3f})",
                             f"{s['ssnr']['mean']:.2f}", f"{s['stoi']['mean']:.3f}")) if s else "-"
                 for s in (r.get("scores"), r["raw_scores"])]
        lines.append(f"| {r['label']} | {r['steps']} | {cells[0]} | {cells[1]} | `{r['command']}` |")
    return lines


def ema_lines(runs):
    """A report table: each row with ``raw_scores``, its export (the EMA) beside G's own weights."""
    rows = [(row, run) for row, run in runs.items() if "raw_scores" in run]
    if not rows:
        return []
    lines = ["", "The moving average's share: each export (EMA of G's weights) beside G's own weights in the run's "
             "last checkpoint (`--checkpoint`), PESQ / SSNR dB / STOI:", "",
             "| row | steps | export (EMA) | G's own weights | EMA - own PESQ |", "|---|---|---|---|---|"]
    for row, run in rows:
        ema, raw = run["scores"], run["raw_scores"]
        cells = [" / ".join(f"{s[m]['mean']:.{3 if m != 'ssnr' else 2}f}" for m in ("pesq", "ssnr", "stoi"))
                 for s in (ema, raw)]
        lines.append(f"| `{row}` | {run['steps']} | {cells[0]} | {cells[1]} | "
                     f"{ema['pesq']['mean'] - raw['pesq']['mean']:+.3f} |")
    return lines


def missing(args):
    """What ``--section=export`` (or ``checkpoint``) lacks, as a parser error message; None when complete."""
    if args.section == "checkpoint":
        needed = [k for k in ("row_name", "checkpoint", "label") if not getattr(args, k)]
        if needed:
            return "--section=checkpoint needs " + ", ".join(f"--{k}" for k in needed)
        run = os.path.dirname(os.path.dirname(os.path.abspath(args.checkpoint)))
        if not (os.path.isfile(args.checkpoint) and os.path.isfile(os.path.join(run, "config.json"))):
            return ("--checkpoint must be a CLI run's <output_dir>/checkpoints/ckpt-*.weights.h5 (beside the run's "
                    f"config.json). Received: --checkpoint={args.checkpoint}")
        return None
    needed = ("row_name", "export_dir", "time_log", "train_command", "label")
    if not all(getattr(args, k) for k in needed):
        return "--section=export needs " + ", ".join(f"--{k}" for k in needed if not getattr(args, k))
    if args.init_steps < 0:
        return f"--init_steps must be >= 0. Received: --init_steps={args.init_steps}"
    if len(args.time_log) != len(args.train_command):
        return (f"--section=export needs one --time_log per --train_command. Received: {len(args.time_log)} time "
                f"logs and {len(args.train_command)} commands")
    return None


def checkpoint_row(args, test):
    """``--section=checkpoint``: a stopped run's checkpoint scored into ``<work_dir>/<row_name>.json``."""
    run = {**score_checkpoint(args.checkpoint, test), "label": args.label, "command": args.command}
    with open(os.path.join(args.work_dir, f"{args.row_name}.json"), "w") as f:
        json.dump(run, f, indent=2)
    return run


def score_export(args, test):
    """``--section=export``: one CLI-trained export scored into ``<work_dir>/<row_name>.json``."""
    run, _ = _run(args.export_dir, test, args.label, round(sum(cpu_seconds(log) for log in args.time_log), 1),
                  list(args.train_command))
    run["command"] = args.command
    run["steps"] += args.init_steps  # a run started by init_weights: the steps behind its checkpoint too
    if args.checkpoint:
        run["raw_scores"], run["checkpoint"] = raw_scores(args.checkpoint, run["hparams"], test), args.checkpoint
    with open(os.path.join(args.work_dir, f"{args.row_name}.json"), "w") as f:
        json.dump(run, f, indent=2)
    return run
