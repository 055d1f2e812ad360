"""The task base of the image-to-image objectives: an input sample -> an output sample."""

import keras
import numpy as np

from keras_gans.models import translation_io
from keras_gans.models.adversarial_model import AdversarialModel


@keras.saving.register_keras_serializable(package="keras_gans")
class Translator(AdversarialModel):
    """A generator that maps an input sample (optionally with a target domain) to an output sample.

    There is no z and no ``latent_dim``: what varies the output is the input
    (and, for some objectives, a target domain, a mask or dropout noise).
    Objectives define :meth:`translate`, which checks numpy inputs and runs
    the generator in inference mode; ``generate`` is its alias. The exported
    ``serving_default`` takes the same inputs by name (:meth:`example_inputs`
    names them) and returns ``{"image": ...}``.

    Args:
        generator: a built ``keras.Model`` whose first input is the input image.
        discriminator: a built ``keras.Model``.
        seed: int seed of the model's random draws (None: random).

    Example:
    ```python
    model = keras_gans.models.Pix2Pix(
        keras_gans.networks.unet_generator(1, 1, depth=5),
        keras_gans.networks.patchgan_discriminator(1, 1, num_downsampling=2))
    digits = model.translate(edges)
    ```
    """

    task = "translator"  # keras_gans.recipes.TRANSLATOR
    # Older versions kept the input channel count in `latent_dim`; such configs still load.
    legacy_config_keys = ("latent_dim",)

    def __init__(self, generator, discriminator, seed=None, **kwargs):
        super().__init__(generator, discriminator, seed=seed, **kwargs)
        inputs = getattr(generator, "inputs", None)
        self.input_channels = int(inputs[0].shape[-1]) if inputs else None

    # Training stages (SRGAN's SRResNet pre-training, ...), switched with set_stage between fits.
    stages = ()

    def check_stage(self, stage):
        if stage not in self.stages:
            raise ValueError(f"`stage` must be one of {self.stages}. Received: stage={stage!r}")

    def set_stage(self, stage):
        """Switches the training stage; the next ``fit`` retraces its step."""
        self.check_stage(stage)
        self.stage = stage
        self.train_function = None

    def translate(self, images, *args, **kwargs):
        """Translates numpy ``images`` in inference mode; returns float32 numpy."""
        raise NotImplementedError(f"{type(self).__name__} defines no translate.")

    def generate(self, images, *args, **kwargs):
        """Same as :meth:`translate` (a translator has no z to sample)."""
        return self.translate(images, *args, **kwargs)

    def serving_specs(self):
        """The named inputs of ``serving_default``, in the generator's input order."""
        return [translation_io.image_spec(self.input_channels)]

    def serving_endpoints(self):
        """``serving_default``: the inputs of :meth:`serving_specs` -> ``{"image": ...}``.

        Batch, height and width are dynamic. Where :meth:`spatial_multiple` is
        above 1, the SavedModel refuses other sizes with an InvalidArgumentError
        naming the multiple (rather than a shape error deep in the network).
        """
        if self.spatial_multiple() > 1:
            return {"serving_default": (translation_io.serving_fn(self.generator), self.serving_specs())}

        def serve(*inputs):
            return {"image": self.generator(inputs[0] if len(inputs) == 1 else list(inputs), training=False)}

        return {"serving_default": (serve, self.serving_specs())}

    # (height, width) of the images it trained on; the command line sets it before exporting, so the
    # export's example inputs (and the output shape its card records, which the zoo's sampler resizes
    # a user's --input to) are the trained size, not a 32x32 placeholder.
    trained_image_size = None

    def example_inputs(self):
        """Valid ``serving_default`` inputs by name (the export's parity check and tests use them)."""
        return {"image": translation_io.example_images(self.input_channels, self.spatial_multiple(),
                                                        size=self.trained_image_size)}

    def spatial_multiple(self):
        """Input height and width must be multiples of this (the generator's stride)."""
        return 1

    def export_example_inputs(self):
        return self.example_inputs()

    def generator_example_inputs(self):
        """:meth:`example_inputs` as the generator takes them (an array or a list)."""
        inputs = [np.asarray(v) for v in self.example_inputs().values()]
        return inputs[0] if len(inputs) == 1 else inputs
