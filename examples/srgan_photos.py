"""Train SRResNet then SRGAN (x4) on photo patches; write a bicubic | SRGAN | HR grid.

    python examples/srgan_photos.py --pretrain_steps=2000 --gan_steps=1000 --output_dir=runs/srgan
    python examples/srgan_photos.py --content_features=vgg19 --vgg19_weights=vgg19_notop.h5
    python examples/srgan_photos.py --data=tfds:div2k/bicubic_x4   # or --data=folder:/path/to/hr
    # The CPU recipe measured in benchmarks/results/restoration.md (small net, residual over bicubic):
    python examples/srgan_photos.py --num_blocks=6 --filters=32 --hr_size=64 --bicubic_residual --upsampling=final

Content loss: pixel MSE by default (the paper's SRGAN-MSE), because the
paper's VGG54 loss needs ImageNet weights that cannot be downloaded here and
a VGG with random weights measures nothing perceptual. Pass
``--content_features=vgg19 --vgg19_weights=PATH`` to use real VGG19 features.
"""

import os

import numpy as np

from keras_gans import metrics
from keras_gans import networks
from keras_gans import recipes
from keras_gans.callbacks import save_translation_grid
from keras_gans.command_line import example_main
from keras_gans.data import sr_patches
from keras_gans.export import save_and_export


def run(output_dir="runs/srgan_photos", pretrain_steps=1000, gan_steps=1000, num_blocks=16, filters=64, hr_size=96, batch_size=16,
        content_features="pixel", vgg19_weights=None, data="skimage", export_dir=None, num_examples=3,
        bicubic_residual=False, upsampling="progressive"):
    """Trains both stages and writes ``before_after.png``; returns paths and held-out PSNRs."""
    # The recipe with this script's defaults: the paper's 16-block, 64-filter SRResNet.
    model, _ = recipes.build("srgan_x4_photos", batch_size=batch_size, hparams={
        "num_blocks": num_blocks, "filters": filters, "bicubic_residual": bicubic_residual, "upsampling": upsampling,
        "hr_size": hr_size, "content_features": content_features, "vgg19_weights": vgg19_weights,
    })
    dataset = sr_patches.load_sr(data, batch_size=batch_size, hr_size=hr_size, scale=4)
    model.fit(dataset, epochs=1, steps_per_epoch=pretrain_steps, verbose=2)
    model.set_stage("srgan")
    model.fit(dataset, epochs=1, steps_per_epoch=gan_steps, verbose=2)
    result = save_and_export(model, output_dir, "srgan", export_dir)
    columns, psnr = [[], [], []], {"bicubic": [], "srgan": []}
    for lr, hr in sr_patches.eval_pairs(4, max_side=128)[:num_examples]:
        bicubic = sr_patches.bicubic_upscale(lr).numpy()
        sr = model.super_resolve(lr)
        psnr["bicubic"].append(float(metrics.psnr_y(hr, bicubic)[0]))
        psnr["srgan"].append(float(metrics.psnr_y(hr, sr)[0]))
        for column, image in zip(columns, (bicubic, sr, hr), strict=True):
            column.append(image[0])
    result["grid"] = save_translation_grid([np.stack(c) for c in columns], os.path.join(output_dir, "before_after.png"))
    result["psnr_y"] = psnr
    return result


def main(argv=None):
    names = ("output_dir", "pretrain_steps", "gan_steps", "num_blocks", "filters", "hr_size", "batch_size",
             "content_features", "vgg19_weights", "data", "export_dir", "bicubic_residual", "upsampling")
    return example_main(run, __doc__, names, argv=argv,
                        choices={"content_features": ("pixel", "vgg19"), "upsampling": networks.srresnet.UPSAMPLINGS},
                        helps={"bicubic_residual": "predict a residual over bicubic upsampling"})


if __name__ == "__main__":
    main()
