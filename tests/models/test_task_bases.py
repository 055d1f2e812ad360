"""The two task bases: latent generators (z -> sample) and translators (sample -> sample)."""

import json
import os
import zipfile

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import callbacks
from keras_gans import models
from keras_gans import recipes
from keras_gans.export import export_generator
from keras_gans.export.generator import write_saved_model
from tests.contract.cases import CASES

TRANSLATOR_CASES = {c.name: c for c in CASES if c.name in ("pix2pix", "cyclegan", "srgan", "stargan", "image_completion")}
OBJECTIVES = [
    cls for cls in vars(models).values()
    if isinstance(cls, type) and issubclass(cls, models.AdversarialModel)
    and cls not in (models.AdversarialModel, models.LatentGenerator, models.Translator, models.LabelConditionedModel)
]


def test_every_objective_has_exactly_one_task_named_like_the_recipes():
    assert models.LatentGenerator.task == recipes.LATENT
    assert models.Translator.task == recipes.TRANSLATOR
    translators = {cls.__name__ for cls in OBJECTIVES if issubclass(cls, models.Translator)}
    latent = {cls.__name__ for cls in OBJECTIVES if issubclass(cls, models.LatentGenerator)}
    # SEGAN translates waveforms ({"waveform": ...}); its own tests cover its export (tests/models/test_segan.py).
    assert translators == {"Pix2Pix", "CycleGAN", "SRGAN", "StarGAN", "ImageCompletion", "SEGAN", "Pix2PixHD"}
    assert len(latent) == 19 and not latent & translators  # 16 GANs, VAE, GMMN, GMMNAE


@pytest.mark.parametrize("name", sorted(TRANSLATOR_CASES))
def test_translators_have_no_latent_dim_and_translate_like_their_export(name, tmp_path):
    model = TRANSLATOR_CASES[name].build()
    assert model.task == recipes.TRANSLATOR
    assert not hasattr(model, "latent_dim") and not hasattr(model, "latent_vectors")
    assert "latent_dim" not in model.get_config()
    inputs = model.example_inputs()
    translated = model.translate(*inputs.values())
    np.testing.assert_array_equal(model.generate(*inputs.values()), translated)
    write_saved_model(model, str(tmp_path / "saved"))
    served = tf.saved_model.load(str(tmp_path / "saved")).signatures["serving_default"](
        **{k: tf.constant(v) for k, v in inputs.items()}
    )["image"]
    np.testing.assert_allclose(served.numpy(), translated, atol=1e-5, rtol=0)


def test_export_card_reads_the_task(tmp_path):
    translator = TRANSLATOR_CASES["pix2pix"].build()
    card_dir = export_generator(translator, str(tmp_path / "pix2pix"), tflite=False)
    card = json.load(open(os.path.join(card_dir, "model_card.json")))
    assert card["task"] == "translator" and card["latent_dim"] is None
    latent = next(c for c in CASES if c.name == "gan").build()
    card_dir = export_generator(latent, str(tmp_path / "gan"), tflite=False)
    card = json.load(open(os.path.join(card_dir, "model_card.json")))
    assert card["task"] == "latent" and card["latent_dim"] == latent.latent_dim == latent.generator.inputs[0].shape[-1]


def test_translator_saved_with_the_old_latent_dim_still_loads(tmp_path):
    model = TRANSLATOR_CASES["pix2pix"].build()
    path = str(tmp_path / "new.keras")
    model.save(path)
    # Rewrite the file as older versions wrote it: the input channel count in `latent_dim`.
    old = str(tmp_path / "old.keras")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(old, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "config.json":
                config = json.loads(data)
                assert "latent_dim" not in config["config"]
                config["config"]["latent_dim"] = 1
                data = json.dumps(config).encode()
            target.writestr(item, data)
    loaded = keras.saving.load_model(old, safe_mode=True)
    assert type(loaded) is models.Pix2Pix and not hasattr(loaded, "latent_dim")
    image = model.example_inputs()["image"]
    np.testing.assert_array_equal(loaded.translate(image), model.translate(image))


def test_sample_grid_of_a_translator_shows_inputs_and_translations(tmp_path):
    model = TRANSLATOR_CASES["pix2pix"].build()
    grid = callbacks.SampleGrid(str(tmp_path))
    grid.set_model(model)
    grid.on_epoch_end(0)
    assert [os.path.basename(p) for p in grid.paths] == ["epoch_0001.png"]
