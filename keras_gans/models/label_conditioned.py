"""The shared base of generators steered by a class label (CGAN, ACGAN).

It owns what every label-conditioned model does the same way: checking
labels (at ``generate`` and in ``train_step``), ``generate(num, labels=...)``,
and the export signature ``{"z": float32[None, latent_dim], "label":
int32[None]} -> {"images": ...}``.
"""

import keras
import numpy as np
import tensorflow as tf

from keras_gans.models.adversarial_model import BatchPart
from keras_gans.models.latent_generator import LatentGenerator
from keras_gans.networks.conditioning import check_num_classes


def check_label_array(labels, num, num_classes, name="labels"):
    """Returns ``labels`` as int32 (num,) after checking them.

    Args:
        labels: None (cycle through the classes: 0, 1, ..., K-1, 0, ...), an
            int (every sample of that class) or an integer array of length ``num``.
        num: number of samples.
        num_classes: K.
        name: the argument name used in error messages.

    Raises:
        ValueError: wrong length or shape, non-integer values, or values
            outside ``[0, num_classes)``.
    """
    if labels is None:
        return (np.arange(num) % num_classes).astype("int32")
    array = np.asarray(labels)
    if array.ndim == 0:
        array = np.full((num,), array.item())
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        raise ValueError(
            f"`{name}` must be integer class indices. Received dtype {array.dtype} ({labels!r:.80})."
        )
    if array.shape != (num,):
        raise ValueError(
            f"`{name}` must have shape ({num},) for num={num}. Received shape {array.shape}."
        )
    if array.size and (array.min() < 0 or array.max() >= num_classes):
        raise ValueError(
            f"`{name}` must be in [0, {num_classes}) (num_classes={num_classes}). "
            f"Received values in [{array.min()}, {array.max()}]."
        )
    return array.astype("int32")


@keras.saving.register_keras_serializable(package="keras_gans")
class LabelConditionedModel(LatentGenerator):
    """Base class of the models whose generator takes ``[z, label]``.

    Args:
        generator: a ``keras.Model`` with inputs ``[z (batch, latent_dim), label (batch,)]``.
        discriminator: the subclass's discriminator.
        num_classes: number of label values K (labels are 0..K-1).
        latent_dim: size of z (inferred from the generator's first input).
        seed: seed of the latent sampling.

    Raises:
        ValueError: ``num_classes`` < 2 or a generator that does not take two inputs.
    """

    def __init__(
        self, generator, discriminator, num_classes=10, latent_dim=None, seed=None, **kwargs
    ):
        check_num_classes(num_classes)
        inputs = getattr(generator, "inputs", None)
        if inputs is not None and len(inputs) != 2:
            raise ValueError(
                f"{type(self).__name__} needs a generator with inputs [z, label]. "
                f"Received a generator with {len(inputs)} input(s): {[t.name for t in inputs]}."
            )
        super().__init__(generator, discriminator, latent_dim=latent_dim, seed=seed, **kwargs)
        self.num_classes = int(num_classes)

    def batch_parts(self):
        """``(images, labels)``: samples shaped like the generator's output, int class indices."""
        return (
            BatchPart("images", tuple(self.generator.outputs[0].shape[1:])),
            BatchPart("labels", (), kind="class", num_classes=self.num_classes),
        )

    def generator_inputs(self, z, labels):
        """``[z, labels]``: the generator draws a sample of each label."""
        return [z, labels]

    def generate(self, num, seed=None, batch_size=256, labels=None):
        """Generates ``num`` samples of the requested classes in inference mode.

        Args:
            num: number of samples.
            seed: int for reproducible latent vectors.
            batch_size: generator batch size.
            labels: None (cycle 0..K-1), one int for all samples, or an int array (num,).

        Returns:
            float32 numpy array, e.g. images (num, H, W, C) in [-1, 1].

        Raises:
            ValueError: labels of the wrong shape or dtype, or out of ``[0, num_classes)``.
        """
        labels = check_label_array(labels, int(num), self.num_classes)
        return self.run_generator([self.latent_vectors(num, seed), labels], batch_size=batch_size)

    def serving_specs(self):
        """``z`` float32 (None, latent_dim) and ``label`` int32 (None,)."""
        return [*super().serving_specs(), tf.TensorSpec([None], tf.int32, name="label")]

    def export_example_inputs(self):
        """One sample of every class, so the TFLite parity check covers all labels."""
        return {
            "z": self.latent_vectors(self.num_classes, seed=0),
            "label": np.arange(self.num_classes, dtype="int32"),
        }
