"""PacGAN: the discriminator judges packs of m samples."""

import keras

from keras_gans.layers import PackSamples
from keras_gans.models.gan import GAN


def _has_packing(model):
    return any(isinstance(layer, PackSamples) for layer in getattr(model, "layers", []))


@keras.saving.register_keras_serializable(package="keras_gans")
class PacGAN(GAN):
    """:class:`GAN` whose discriminator sees ``pack`` samples at once.

    Packing is a property of the discriminator's input (the
    ``keras_gans.layers.PackSamples`` layer), so the losses and the training
    step are the GAN's. The discriminator may be given either

    - already packed: a model with a ``PackSamples(pack)`` layer taking
      ``(n, ...)`` samples (e.g. ``networks.mlp_packed_discriminator``), or
    - as a body taking packed inputs (last axis ``pack`` times the
      generator's): it is then wrapped with ``PackSamples(pack)`` in front.

    Every batch (and every ``d_steps`` slice of it) must be a multiple of ``pack``.

    Args:
        generator, discriminator: ``keras.Model``s, see above.
        pack: m, samples per packed example (PacGAN2, PacGAN4, ...).
        **kwargs: :class:`GAN` arguments.

    Raises:
        ValueError: ``pack`` < 2, or a discriminator that is neither packed
            nor takes ``pack`` times the generator's output channels.

    Example:
    ```python
    gan = keras_gans.models.PacGAN(
        keras_gans.networks.mlp_generator(),
        keras_gans.networks.mlp_discriminator(data_dim=2 * 4), pack=4)
    gan.compile()
    gan.fit(keras_gans.data.load("grid25", batch_size=256), epochs=5)
    ```

    Reference: Lin et al., "PacGAN: The power of two samples in generative
    adversarial networks", NeurIPS 2018.
    """

    def __init__(self, generator, discriminator, pack=4, **kwargs):
        if int(pack) < 2:
            raise ValueError(f"`pack` must be >= 2. Received: pack={pack}")
        pack = int(pack)
        if not _has_packing(discriminator):
            discriminator = self._wrap(generator, discriminator, pack)
        else:
            packs = [layer.pack for layer in discriminator.layers if isinstance(layer, PackSamples)]
            if packs != [pack]:
                raise ValueError(
                    f"The discriminator packs {packs} samples; expected [{pack}]. Received: pack={pack}"
                )
        super().__init__(generator, discriminator, **kwargs)
        self.pack = pack

    @staticmethod
    def _wrap(generator, body, pack):
        sample_shape = tuple(generator.outputs[0].shape[1:])
        expected = sample_shape[:-1] + (sample_shape[-1] * pack,)
        got = tuple(body.inputs[0].shape[1:]) if getattr(body, "inputs", None) else None
        if got != expected:
            raise ValueError(
                f"The discriminator must contain a PackSamples({pack}) layer or take packed "
                f"inputs of shape {expected}. Received input shape {got}"
            )
        x = keras.Input(sample_shape, name="samples")
        logits = body(PackSamples(pack, name="pack_samples")(x))
        return keras.Model(x, logits, name=body.name)

    def batch_multiple(self):
        """Every ``d_steps`` slice of a batch is packed ``pack`` samples at a time."""
        return self.pack * self.d_steps
