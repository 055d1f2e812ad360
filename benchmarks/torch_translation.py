"""CycleGAN and SRResNet training steps: keras_gans vs the same networks in idiomatic PyTorch.

    python benchmarks/torch_translation.py                 # both models, 3 interleaved trials
    python benchmarks/torch_translation.py --trials 1 --steps 1 --cyclegan 32x1x8x2 --srresnet 8x4x16x2 --out /tmp/t

PyTorch peers, written the way their reference code trains:

- CycleGAN, junyanz/pytorch-CycleGAN-and-pix2pix ``cycle_gan_model.py``:
  ``ResnetGenerator`` (reflection padding, 7x7 in/out, two stride-2 3x3 down,
  residual blocks, two transposed up, InstanceNorm2d, tanh), ``NLayerDiscriminator``
  (4x4 convs, LeakyReLU 0.2, one logit per patch), LSGAN loss, cycle 10,
  identity 5 (x cycle weight 10 in junyanz: ``lambda_identity`` 0.5), a
  50-image pool per discriminator; ``optimize_parameters``: both generators in
  one Adam step, then both discriminators (loss halved) in one.
- SRResNet, Ledig et al. 2017 (Figure 4): 9x9 conv + PReLU, B residual blocks
  (3x3 conv, BN, PReLU, 3x3 conv, BN, skip), 3x3 conv + BN + long skip, one
  (3x3 conv to 4F, PixelShuffle(2), PReLU) per factor 2, 9x9 conv, tanh;
  pixel-MSE step with Adam(1e-4).

Ours: ``keras_gans.models.CycleGAN`` with ``networks.resnet_generator`` and
``networks.patchgan_discriminator`` of the same shapes, and
``keras_gans.models.SRGAN(stage="srresnet")`` with ``networks.srresnet_generator``
(progressive upsampling, the paper's), each through ``fit``, as the plain graph
and with XLA. Every contender runs in alternating trials (medians). Writes
``benchmarks/results/train_speed_translation.{md,json}``.
"""

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

RESULTS = os.path.join(ROOT, "benchmarks", "results")


# ----------------------------------------------------------------------------- PyTorch peers
def torch_cyclegan(size, batch, ngf, blocks, channels=3, device="cpu", amp=None):
    """Returns ``step()`` of a junyanz-style CycleGAN training iteration.

    ``amp``: None (float32), 'float16' (autocast + GradScaler, CUDA AMP) or 'bfloat16' (autocast).
    """
    import torch
    from torch import nn

    def resnet_generator():
        norm = lambda c: nn.InstanceNorm2d(c)  # noqa: E731 - junyanz: affine=False, no running stats
        layers = [nn.ReflectionPad2d(3), nn.Conv2d(channels, ngf, 7, bias=True), norm(ngf), nn.ReLU(True)]
        for i in range(2):
            m = 2**i
            layers += [nn.Conv2d(ngf * m, ngf * m * 2, 3, stride=2, padding=1, bias=True), norm(ngf * m * 2),
                       nn.ReLU(True)]

        class Block(nn.Module):
            def __init__(self, dim):
                super().__init__()
                self.body = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias=True), norm(dim),
                                          nn.ReLU(True), nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias=True),
                                          norm(dim))

            def forward(self, x):
                return x + self.body(x)

        layers += [Block(ngf * 4) for _ in range(blocks)]
        for i in range(2):
            m = 2 ** (2 - i)
            layers += [nn.ConvTranspose2d(ngf * m, ngf * m // 2, 3, stride=2, padding=1, output_padding=1,
                                          bias=True), norm(ngf * m // 2), nn.ReLU(True)]
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, channels, 7), nn.Tanh()]
        return nn.Sequential(*layers)

    def patch_discriminator(ndf=2 * ngf, n_layers=2):
        layers = [nn.Conv2d(channels, ndf, 4, 2, 1), nn.LeakyReLU(0.2, True)]
        mult = 1
        for n in range(1, n_layers):
            prev, mult = mult, min(2**n, 8)
            layers += [nn.Conv2d(ndf * prev, ndf * mult, 4, 2, 1, bias=True), nn.InstanceNorm2d(ndf * mult),
                       nn.LeakyReLU(0.2, True)]
        prev, mult = mult, min(2**n_layers, 8)
        layers += [nn.Conv2d(ndf * prev, ndf * mult, 4, 1, 1, bias=True), nn.InstanceNorm2d(ndf * mult),
                   nn.LeakyReLU(0.2, True), nn.Conv2d(ndf * mult, 1, 4, 1, 1)]
        return nn.Sequential(*layers)

    class ImagePool:  # junyanz util/image_pool.py
        def __init__(self, size=50):
            self.size, self.images = size, []

        def query(self, images):
            out = []
            for image in images.detach():
                image = image.unsqueeze(0)
                if len(self.images) < self.size:
                    self.images.append(image)
                    out.append(image)
                elif np.random.uniform() > 0.5:
                    i = np.random.randint(0, self.size)
                    out.append(self.images[i].clone())
                    self.images[i] = image
                else:
                    out.append(image)
            return torch.cat(out, 0)

    torch.manual_seed(0)
    g_a, g_b = resnet_generator().to(device), resnet_generator().to(device)
    d_a, d_b = patch_discriminator().to(device), patch_discriminator().to(device)
    scaler = torch.amp.GradScaler(device, enabled=amp == "float16")

    def autocast():
        return torch.autocast(device, dtype=getattr(torch, amp or "bfloat16"), enabled=amp is not None)
    opt_g = torch.optim.Adam(list(g_a.parameters()) + list(g_b.parameters()), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(list(d_a.parameters()) + list(d_b.parameters()), lr=2e-4, betas=(0.5, 0.999))
    mse, l1 = nn.MSELoss(), nn.L1Loss()
    pool_a, pool_b = ImagePool(), ImagePool()
    rng = np.random.default_rng(0)
    data_a = torch.from_numpy(rng.uniform(-1, 1, (64, channels, size, size)).astype("float32")).to(device)
    data_b = torch.from_numpy(rng.uniform(-1, 1, (64, channels, size, size)).astype("float32")).to(device)
    lam_a = lam_b = 10.0
    lam_idt = 0.5
    state = {"i": 0}

    def gan_loss(pred, real):
        return mse(pred, torch.ones_like(pred) if real else torch.zeros_like(pred))

    def step():
        i = state["i"] % (64 // batch)
        state["i"] += 1
        real_a, real_b = data_a[i * batch:(i + 1) * batch], data_b[i * batch:(i + 1) * batch]
        with autocast():
            fake_b, fake_a = g_a(real_a), g_b(real_b)
            rec_a, rec_b = g_b(fake_b), g_a(fake_a)
        for p in list(d_a.parameters()) + list(d_b.parameters()):
            p.requires_grad_(False)
        opt_g.zero_grad()
        with autocast():
            idt_a, idt_b = g_a(real_b), g_b(real_a)
            loss_g = (gan_loss(d_a(fake_b), True) + gan_loss(d_b(fake_a), True)
                      + l1(rec_a, real_a) * lam_a + l1(rec_b, real_b) * lam_b
                      + l1(idt_a, real_b) * lam_b * lam_idt + l1(idt_b, real_a) * lam_a * lam_idt)
        scaler.scale(loss_g).backward()
        scaler.step(opt_g)
        for p in list(d_a.parameters()) + list(d_b.parameters()):
            p.requires_grad_(True)
        opt_d.zero_grad()
        for d, real, fake in ((d_a, real_b, pool_b.query(fake_b)), (d_b, real_a, pool_a.query(fake_a))):
            with autocast():
                loss_d = (gan_loss(d(real), True) + gan_loss(d(fake.detach()), False)) * 0.5
            scaler.scale(loss_d).backward()
        scaler.step(opt_d)
        scaler.update()

    return step


def torch_srresnet(lr_size, batch, filters, blocks, scale=4, channels=3):
    """Returns ``step()`` of an SRResNet (Ledig et al. 2017) pixel-MSE training step."""
    import torch
    from torch import nn

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(nn.Conv2d(filters, filters, 3, padding=1), nn.BatchNorm2d(filters),
                                      nn.PReLU(), nn.Conv2d(filters, filters, 3, padding=1), nn.BatchNorm2d(filters))

        def forward(self, x):
            return x + self.body(x)

    class SRResNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.head = nn.Sequential(nn.Conv2d(channels, filters, 9, padding=4), nn.PReLU())
            self.body = nn.Sequential(*[Block() for _ in range(blocks)],
                                      nn.Conv2d(filters, filters, 3, padding=1), nn.BatchNorm2d(filters))
            up = []
            for _ in range(int(np.log2(scale))):
                up += [nn.Conv2d(filters, filters * 4, 3, padding=1), nn.PixelShuffle(2), nn.PReLU()]
            self.tail = nn.Sequential(*up, nn.Conv2d(filters, channels, 9, padding=4), nn.Tanh())

        def forward(self, x):
            head = self.head(x)
            return self.tail(head + self.body(head))

    torch.manual_seed(0)
    net = SRResNet()
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    rng = np.random.default_rng(0)
    lr_images = torch.from_numpy(rng.uniform(-1, 1, (batch, channels, lr_size, lr_size)).astype("float32"))
    hr_images = torch.from_numpy(rng.uniform(-1, 1, (batch, channels, lr_size * scale, lr_size * scale))
                                 .astype("float32"))
    loss_fn = nn.MSELoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(net(lr_images), hr_images)
        loss.backward()
        opt.step()

    return step


# ----------------------------------------------------------------------------- ours
def tf_cyclegan(size, batch, ngf, blocks, jit, channels=3, precision="float32"):
    return _fit_stepper(*cyclegan_parts(size, batch, ngf, blocks, jit, channels, precision))


def cyclegan_parts(size, batch, ngf, blocks, jit, channels=3, precision="float32"):
    """Our compiled CycleGAN of these shapes and its ``tf.data`` of random (A, B) batches."""
    import keras
    import tensorflow as tf

    from keras_gans import models
    from keras_gans import networks

    keras.utils.set_random_seed(0)

    def gen():
        return networks.resnet_generator(channels, num_blocks=blocks, base_filters=ngf)

    def disc():
        return networks.patchgan_discriminator(channels, num_downsampling=2, base_filters=2 * ngf)

    keras.mixed_precision.set_global_policy(precision)
    try:
        model = models.CycleGAN(gen(), disc(), gen(), disc(), pool_size=50, image_size=(size, size), seed=0)
        model.compile(jit_compile=jit)
    finally:
        keras.mixed_precision.set_global_policy("float32")
    rng = np.random.default_rng(0)
    a = rng.uniform(-1, 1, (64, size, size, channels)).astype("float32")
    b = rng.uniform(-1, 1, (64, size, size, channels)).astype("float32")
    data = tf.data.Dataset.from_tensor_slices((a, b)).repeat().batch(batch, drop_remainder=True).prefetch(2)
    return model, data


def tf_srresnet(lr_size, batch, filters, blocks, jit, scale=4, channels=3):
    return _fit_stepper(*srresnet_parts(lr_size, batch, filters, blocks, jit, scale, channels))


def srresnet_parts(lr_size, batch, filters, blocks, jit, scale=4, channels=3, precision="float32"):
    """Our compiled SRResNet (SRGAN's first stage) of these shapes and its ``tf.data`` of one (LR, HR) batch."""
    import keras
    import tensorflow as tf

    from keras_gans import models
    from keras_gans import networks

    keras.utils.set_random_seed(0)
    keras.mixed_precision.set_global_policy(precision)
    try:
        generator = networks.srresnet_generator(channels, scale=scale, num_blocks=blocks, filters=filters,
                                                upsampling="progressive")
        discriminator = networks.srgan_discriminator(channels, filters=16, num_blocks=1, dense_units=16)
        model = models.SRGAN(generator, discriminator, stage="srresnet", seed=0)
        model.compile(g_optimizer=keras.optimizers.Adam(1e-4), jit_compile=jit)
    finally:
        keras.mixed_precision.set_global_policy("float32")
    rng = np.random.default_rng(0)
    lr_images = rng.uniform(-1, 1, (batch, lr_size, lr_size, channels)).astype("float32")
    hr_images = rng.uniform(-1, 1, (batch, lr_size * scale, lr_size * scale, channels)).astype("float32")
    data = tf.data.Dataset.from_tensors((lr_images, hr_images)).repeat().prefetch(2)
    return model, data


def _fit_stepper(model, data):
    from benchmarks.train_speed import _StepTimer

    timer = _StepTimer()
    model.fit(data, epochs=1, steps_per_epoch=2, verbose=0)

    def trial(steps):
        model.fit(data, epochs=1, steps_per_epoch=steps, verbose=0, callbacks=[timer])
        return (timer.times[-1] - timer.times[0]) / steps

    return trial


def _torch_trial(step):
    step()
    step()

    def trial(steps):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        return (time.perf_counter() - t0) / steps

    return trial


def compare(name, contenders, trials, steps, log):
    results = {k: [] for k in contenders}
    for t in range(trials):
        for k in list(contenders) if t % 2 == 0 else list(reversed(contenders)):
            results[k].append(contenders[k](steps))
        log(f"  {name} trial {t}: " + ", ".join(f"{k}={1e3 * v[-1]:.0f} ms" for k, v in results.items()))
    return {k: {"median_ms": 1e3 * statistics.median(v), "trials_ms": [1e3 * x for x in v]} for k, v in results.items()}


def _dims(text, flag):
    try:
        values = [int(v) for v in text.split("x")]
        assert len(values) == 4 and min(values) > 0
        return values
    except (ValueError, AssertionError):
        raise ValueError(f"--{flag} must be four positive integers AxBxCxD. Received: --{flag}={text}") from None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cyclegan", default="64x4x32x6", help="image size x batch x ngf x residual blocks")
    parser.add_argument("--srresnet", default="24x16x64x16", help="LR size x batch x filters x residual blocks (x4)")
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--steps", type=int, default=3, help="timed steps per trial")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no_xla", action="store_true", help="skip our XLA contender (its compile is long on CPU)")
    parser.add_argument("--out", default=os.path.join(RESULTS, "train_speed_translation"))
    args = parser.parse_args(argv)
    cyc, sr = _dims(args.cyclegan, "cyclegan"), _dims(args.srresnet, "srresnet")
    from benchmarks.train_speed import cpu_info
    from benchmarks.train_speed import onednn_enabled
    from benchmarks.train_speed import tf_setup

    tf_setup(args.threads)
    import tensorflow as tf
    import torch

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    started, cpu0 = time.time(), time.process_time()
    report = {"command": "python benchmarks/torch_translation.py " + " ".join(argv if argv is not None else sys.argv[1:]),
              "machine": {**cpu_info(), "onednn": onednn_enabled(), "load_average_start": os.getloadavg()},
              "versions": {"tensorflow": tf.__version__, "torch": torch.__version__},
              "threads": args.threads, "seeds": 0, "rows": []}
    lines = []

    def log(msg):
        print(msg, flush=True)
        lines.append(msg)

    for name, config, ours, theirs in (
        ("CycleGAN", cyc, tf_cyclegan, torch_cyclegan), ("SRResNet x4", sr, tf_srresnet, torch_srresnet),
    ):
        contenders = {"ours: graph": ours(*config, jit=False)}
        if not args.no_xla:
            contenders["ours: XLA"] = ours(*config, jit=True)
        contenders["torch eager"] = _torch_trial(theirs(*config))
        result = compare(name, contenders, args.trials, args.steps, log)
        best = min(v["median_ms"] for k, v in result.items() if k.startswith("ours"))
        report["rows"].append({"model": name, "config": config, "ms_per_step": result,
                               "ratio_best_ours_vs_torch": result["torch eager"]["median_ms"] / best})
    report["machine"]["load_average_end"] = os.getloadavg()
    report["wall_s"], report["cpu_s"] = time.time() - started, time.process_time() - cpu0
    report["log"] = lines
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out + ".json", "w") as f:
        json.dump(report, f, indent=2)
    with open(args.out + ".md", "w") as f:
        f.write(markdown(report))


def markdown(report):
    from benchmarks.recording import load_sentence

    m = report["machine"]
    lines = ["# CycleGAN and SRResNet training steps: keras_gans vs PyTorch (CPU)", "",
             f"Command: `{report['command']}`", "",
             f"Machine: {m['cpu']}, {m['cpus']} cores; oneDNN {'on' if m['onednn'] else 'off'}; threads "
             f"{report['threads']} (intra-op), 1 (inter-op) for both. {load_sentence(m)}"
             + f". Wall {report['wall_s'] / 60:.1f} min, CPU {report['cpu_s']:.0f} s. Seeds 0.", "",
             "| model | config | ours: graph | ours: XLA | torch eager | torch / best of ours |", "|---|---|---|---|---|---|"]
    for row in report["rows"]:
        r = row["ms_per_step"]
        cfg = ("image {}, batch {}, ngf {}, {} blocks" if row["model"] == "CycleGAN"
               else "LR {}, batch {}, {} filters, {} blocks").format(*row["config"])
        xla = f"{r['ours: XLA']['median_ms']:.0f}" if "ours: XLA" in r else "not run"
        lines.append(f"| {row['model']} | {cfg} | {r['ours: graph']['median_ms']:.0f} | {xla}"
                     f" | {r['torch eager']['median_ms']:.0f} | **{row['ratio_best_ours_vs_torch']:.2f}x** |")
    lines += ["", "Milliseconds per training step, median of interleaved trials (lower is faster); the last column "
              "is PyTorch's step time over our faster one (above 1: ours is faster)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
