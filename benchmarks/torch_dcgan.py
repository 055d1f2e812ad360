"""The keras_gans DCGAN networks written the idiomatic PyTorch way (pytorch/examples dcgan).

Same layers, shapes and parameter counts as ``keras_gans.networks.dcgan_*``
(Linear projection of z + BatchNorm1d, ConvTranspose2d(4, stride 2) blocks
with BatchNorm2d + ReLU, tanh output; Conv2d(4, stride 2) + LeakyReLU(0.2)
discriminator with BatchNorm after the first block, one logit), trained the
way pytorch/examples/dcgan/main.py trains: BCE on logits, D on real then on
``fake.detach()``, G through the same ``fake``, Adam(2e-4, betas=(0.5, 0.999)),
a ``DataLoader`` over an in-memory ``TensorDataset``.

Also counts the model FLOPs of one training step from the layer shapes.
"""

import time

import numpy as np

PLAN = {28: (7, 2), 32: (4, 3), 64: (4, 4)}  # as keras_gans.networks.dcgan._plan


def build(image_shape, latent_dim=100, base_filters=64):
    import torch
    from torch import nn

    size, _, channels = image_shape
    start, ups = PLAN[size]
    filters = base_filters * 2 ** (ups - 1)

    class Generator(nn.Module):
        def __init__(self):
            super().__init__()
            self.project = nn.Sequential(
                nn.Linear(latent_dim, start * start * filters, bias=False),
                nn.BatchNorm1d(start * start * filters, momentum=0.1),
                nn.ReLU(True),
            )
            layers, f = [], filters
            for _ in range(ups - 1):
                layers += [nn.ConvTranspose2d(f, f // 2, 4, 2, 1, bias=False),
                           nn.BatchNorm2d(f // 2), nn.ReLU(True)]
                f //= 2
            layers += [nn.ConvTranspose2d(f, channels, 4, 2, 1), nn.Tanh()]
            self.main = nn.Sequential(*layers)

        def forward(self, z):
            return self.main(self.project(z).view(-1, filters, start, start))

    layers, f, c = [], base_filters, channels
    for i in range(ups):
        layers.append(nn.Conv2d(c, f, 4, 2, 1, bias=i == 0))
        if i > 0:
            layers.append(nn.BatchNorm2d(f))
        layers.append(nn.LeakyReLU(0.2, inplace=True))
        c, f = f, f * 2
    final = size // 2**ups if size != 28 else 7
    discriminator = nn.Sequential(*layers, nn.Flatten(), nn.Linear(c * final * final, 1))
    return Generator(), discriminator, torch


def trainer(images_nhwc, batch, compiled=False, latent_dim=100):
    """Returns ``trial(steps) -> images/s`` of the idiomatic PyTorch DCGAN loop."""
    import torch
    from torch import nn
    from torch.utils.data import DataLoader
    from torch.utils.data import TensorDataset

    torch.manual_seed(0)
    net_g, net_d, _ = build(images_nhwc.shape[1:], latent_dim)
    if compiled:
        net_g, net_d = torch.compile(net_g), torch.compile(net_d)
    opt_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    criterion = nn.BCEWithLogitsLoss()
    data = torch.from_numpy(np.ascontiguousarray(images_nhwc.transpose(0, 3, 1, 2)))
    loader = DataLoader(TensorDataset(data), batch_size=batch, shuffle=True, drop_last=True)
    ones, zeros = torch.ones(batch), torch.zeros(batch)

    def batches():
        while True:
            yield from loader

    stream = batches()

    def step():
        (real,) = next(stream)
        net_d.zero_grad()
        err_real = criterion(net_d(real).view(-1), ones)
        err_real.backward()
        fake = net_g(torch.randn(batch, latent_dim))
        err_fake = criterion(net_d(fake.detach()).view(-1), zeros)
        err_fake.backward()
        opt_d.step()
        net_g.zero_grad()
        err_g = criterion(net_d(fake).view(-1), ones)
        err_g.backward()
        opt_g.step()
        return err_g

    for _ in range(3 if compiled else 2):  # warm-up (and compilation)
        step()

    def trial(steps):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        return batch * steps / (time.perf_counter() - t0)

    return trial


def forward_macs(image_shape, latent_dim=100, base_filters=64):
    """Multiply-accumulates of one forward pass per image: ``(G, D)``."""
    size, _, channels = image_shape
    start, ups = PLAN[size]
    filters = base_filters * 2 ** (ups - 1)
    g = latent_dim * start * start * filters
    hw, f = start, filters
    for i in range(ups):
        out = channels if i == ups - 1 else f // 2
        g += hw * hw * f * out * 16  # each input pixel scatters a 4x4 kernel
        hw, f = hw * 2, out
    d, hw, c, f = 0, size, channels, base_filters
    for _ in range(ups):
        hw = (hw + 1) // 2
        d += hw * hw * f * c * 16
        c, f = f, f * 2
    d += hw * hw * c
    return g, d


def step_flops(image_shape, latent_dim=100):
    """FLOPs per image of one training step (one D and one G update).

    A forward pass costs F, its backward 2F (input and weight gradients) or
    ~F when only input gradients are needed. keras_gans: D step = G fwd +
    D fwd/bwd on real and fake (1G + 6D); G step draws fresh z: G fwd/bwd +
    D fwd + D input-grads (3G + 2D) -> 4G + 8D. pytorch/examples reuses the
    D-step fake and also computes D's weight gradients in the G step -> 3G + 9D.
    """
    g, d = forward_macs(image_shape, latent_dim)
    return {"ours": 2 * (4 * g + 8 * d), "torch": 2 * (3 * g + 9 * d),
            "generator_forward": 2 * g, "discriminator_forward": 2 * d}
