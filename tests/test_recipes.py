"""The recipe registry and how the command line reads it (in process; the subprocess runs are elsewhere)."""

import json
import os

import numpy as np
import pytest
from PIL import Image

from keras_gans import models
from keras_gans import recipes
from keras_gans.data.task_streams import load_task_data
from keras_gans.train_lib import TrainConfig
from keras_gans.train_lib import train

NAMED = ("dcgan_mnist", "wgan_gp_grid25", "cgan_mnist", "infogan_mnist", "cyclegan_thin2thick",
         "pix2pix_edges2digits", "srgan_x4_photos", "stargan_digits", "completion_digits",
         "segan_synthetic_speech", "pix2pixhd_label2scene", "pix2pix_label2scene",
         "vae_mnist", "gmmn_mnist", "gmmn_ring8", "gmmn_ae_mnist", "infogan_grid25")


def test_infogan_grid25_is_the_mode_collapse_tables_infogan_protocol():
    # benchmarks/mode_collapse_protocols.py's infogan_modes: one code per mode, z of 2, 3 x 128 MLPs,
    # Adam(1e-3, 0.5) for both players annealed to 0 over the run (20 epochs x 1,000 steps), batch 256.
    recipe = recipes.get_recipe("infogan_grid25")
    hp = recipe.resolve_hparams(seed=0)
    data = load_task_data(recipe.data, recipe.dataset, batch_size=2, seed=0, repeat=True, hparams=hp)
    model = recipe.build(recipes.data_spec(recipe, data.element_spec, recipe.dataset), hp)
    assert isinstance(model, models.InfoGAN)
    assert (model.num_categories, model.num_continuous, model.latent_dim) == (25, 0, 2)
    assert [layer.units for layer in model.generator.layers if hasattr(layer, "units")] == [128, 128, 128, 2]
    g_opt, d_opt = recipe.optimizers(hp)
    steps = recipe.epochs * recipe.steps_per_epoch
    assert (recipe.batch_size, steps) == (256, 20_000)
    for opt in (g_opt, d_opt):
        assert float(opt.beta_1) == 0.5
        assert float(opt._learning_rate(0)) == pytest.approx(1e-3)
        assert float(opt._learning_rate(steps)) == pytest.approx(0.0, abs=1e-12)


def test_every_objective_has_a_default_recipe_and_the_named_ones_exist():
    assert len(recipes.OBJECTIVES) == 26
    for objective, name in recipes.OBJECTIVES.items():
        assert recipes.RECIPES[name].objective == objective
    assert set(NAMED) <= set(recipes.RECIPES)
    translators = {o for o, n in recipes.OBJECTIVES.items() if recipes.RECIPES[n].task == recipes.TRANSLATOR}
    assert translators == {"pix2pix", "cyclegan", "srgan", "stargan", "completion", "segan", "pix2pixhd"}
    lines = recipes.listing().splitlines()
    assert len(lines) == 2 + len(recipes.OBJECTIVES) + len(recipes.RECIPES)


def test_model_and_recipe_must_agree_and_unknown_names_say_what_exists():
    assert recipes.recipe_for(None).name == "dcgan_mnist"
    assert recipes.recipe_for("cyclegan").name == "cyclegan_thin2thick"
    assert recipes.recipe_for("wgan_gp", "wgan_gp_grid25").name == "wgan_gp_grid25"
    with pytest.raises(ValueError, match=r"--recipe=cgan_mnist trains --model=cgan\. Received: --model=dcgan"):
        recipes.recipe_for("dcgan", "cgan_mnist")
    with pytest.raises(ValueError, match=r"--recipe must be one of \[.*'dcgan_mnist'.*\]\. Received: --recipe=nope"):
        recipes.recipe_for(None, "nope")
    with pytest.raises(ValueError, match=r"--hparams \['filterz'\] are not hyper-parameters of recipe 'cyclegan_thin2thick'"):
        recipes.get_recipe("cyclegan_thin2thick").resolve_hparams({"filterz": 3})


def test_parse_hparams():
    assert recipes.parse_hparams("hidden_units=(8, 8),lr=1e-3,stage=srgan") == {
        "hidden_units": (8, 8), "lr": 1e-3, "stage": "srgan"}
    assert recipes.parse_hparams("") == {}
    with pytest.raises(ValueError, match="name=value pairs.*Received: 'oops'"):
        recipes.parse_hparams("oops")


def test_flags_override_recipe_fields():
    config = TrainConfig(recipe="wgan_gp_grid25", batch_size=32).resolved()
    assert (config.model, config.dataset, config.batch_size) == ("wgan_gp", "grid25", 32)
    assert config.steps_per_epoch == recipes.get_recipe("wgan_gp_grid25").steps_per_epoch
    assert TrainConfig(model="cyclegan", dataset="folder:a,b").resolved().dataset == "folder:a,b"


@pytest.mark.parametrize("name", NAMED)
def test_named_recipes_build_for_their_data(name):
    recipe = recipes.get_recipe(name)
    hp = recipe.resolve_hparams(seed=0)
    data = load_task_data(recipe.data, recipe.dataset, batch_size=2, seed=0, repeat=True, hparams=hp)
    spec = recipes.data_spec(recipe, data.element_spec, recipe.dataset)
    model = recipe.build(spec, hp)
    # The model's class says its task; the CLI, sample grids and the export read it from there.
    assert model.task == recipe.task
    assert isinstance(model, models.Translator if recipe.task == recipes.TRANSLATOR else models.LatentGenerator)
    if recipe.task == recipes.TRANSLATOR:
        batch = [np.asarray(x) for x in next(iter(data))]
        columns = recipe.preview(model, tuple(batch))
        assert len({c.shape[1:3] for c in columns}) == 1  # one grid row per input
    else:
        assert model.generator is not None


def _folder(path, sizes):
    os.makedirs(path)
    for i, size in enumerate(sizes):
        Image.fromarray(np.full(size, 40 * i, "uint8")).save(os.path.join(path, f"{i}.png"))
    return str(path)


def test_image_size_and_channels_reach_the_folder_loader(tmp_path):
    """Photos of mixed sizes and modes train once --image_size and --channels say what to make of them."""
    folder = _folder(tmp_path / "photos", [(30, 40), (28, 28, 3), (50, 20), (28, 28)])
    config = TrainConfig(
        model="dcgan", dataset=f"folder:{folder}", image_size=[28, 28], channels=1, batch_size=2, epochs=1,
        steps_per_epoch=1, latent_dim=4, hparams={"base_filters": 4}, output_dir=str(tmp_path / "run"),
        export_dir=None, num_samples=4, verbose=0, jit_compile=False,
    )
    result = train(config)
    assert result["model"].generator.output_shape == (None, 28, 28, 1)
    saved = json.load(open(tmp_path / "run" / "config.json"))
    assert saved["image_size"] == [28, 28] and saved["channels"] == 1
    assert saved["built_from"]["name"] == "dcgan_mnist" and saved["built_from"]["hparams"]["base_filters"] == 4
    with pytest.raises(ValueError, match="pass channels=1 or channels=3"):
        train(TrainConfig(model="dcgan", dataset=f"folder:{folder}", output_dir=str(tmp_path / "refused"),
                          export_dir=str(tmp_path / "exports")))
    assert not os.path.exists(tmp_path / "refused") and not os.path.exists(tmp_path / "exports")


def test_segan_paper_recipe_has_the_papers_size():
    # Not built here (about 100M weights); the compact default is built above.
    hp = recipes.get_recipe("segan_paper").hparams
    assert hp["window"] == 2**14 and hp["kernel_size"] == 31 and hp["learning_rate"] == 2e-4
    assert tuple(hp["channels"]) == (16, 32, 32, 64, 64, 128, 128, 256, 256, 512, 1024)
    assert recipes.get_recipe("segan_paper").batch_size == 100 and recipes.get_recipe("segan_paper").epochs == 86
    assert "COMPACT" in recipes.get_recipe("segan_synthetic_speech").summary
    assert hp["residual"] is False and recipes.get_recipe("segan_synthetic_speech").hparams["residual"] is False


def test_segan_residual_hparam_builds_the_residual_generator():
    model, _ = recipes.build("segan_synthetic_speech", seed=0, compile=False,
                             hparams={"channels": (4, 8), "residual": True, "num_utterances": 8})
    assert model.generator.layers[-1].name == "residual"


def test_segan_starts_from_a_checkpoint_of_another_run(tmp_path):
    """init_weights: the adversarial term switched on from an L1-only run (gan_weight=0 -> 1) starts from
    that run's G and D; a path that is not a .weights.h5 checkpoint is refused by name."""
    small = {"channels": (4, 8), "num_utterances": 8}
    trained, _ = recipes.build("segan_synthetic_speech", seed=0, compile=False, hparams={**small, "gan_weight": 0.0})
    path = str(tmp_path / "ckpt-00300.weights.h5")
    trained.save_weights(path)
    started, _ = recipes.build("segan_synthetic_speech", seed=1, compile=False,
                               hparams={**small, "init_weights": path})
    fresh, _ = recipes.build("segan_synthetic_speech", seed=1, compile=False, hparams=small)
    assert started.gan_weight == 1.0 and trained.gan_weight == 0.0
    for network in ("generator", "discriminator"):
        for a, b in zip(getattr(trained, network).get_weights(), getattr(started, network).get_weights(), strict=True):
            np.testing.assert_array_equal(a, b)
    assert not np.array_equal(trained.generator.get_weights()[0], fresh.generator.get_weights()[0])
    with pytest.raises(ValueError, match="init_weights.*Received: init_weights='model.keras'"):
        recipes.build("segan_synthetic_speech", seed=0, compile=False, hparams={**small, "init_weights": "model.keras"})


def test_segan_preview_spectrograms_read_in_dbfs():
    """A 1 kHz sine of amplitude 0.5 (bin 16 of a 256-sample frame at 16 kHz) reads -6.02 dBFS:
    1 - 2 * 6.02 / 80 = 0.849 in the row 16 above the bottom; silence is black (-1); 121 frames of hop 32."""
    from keras_gans.recipes.speech import spectrogram_dbfs

    t = np.arange(4096) / 16000.0
    waves = np.stack([0.5 * np.sin(2 * np.pi * 1000.0 * t), np.zeros(4096)])[..., None]
    images = spectrogram_dbfs(waves)
    assert images.shape == (2, 128, 121, 1)
    np.testing.assert_allclose(images[0, 127 - 16, :, 0], 1 - 2 * 20 * np.log10(0.5) / -80, atol=1e-3)
    assert images[0, 127 - 16].min() == images[0].max()
    assert images[0, : 127 - 18].max() < -0.5 and np.all(images[1] == -1.0)


def test_stargan_recipe_runs_the_papers_protocol():
    """5 critic steps of 16 images per generator step, 6 residual blocks, a 2x2 critic map on 28 px
    (the paper's 2x2 on 128 px), the paper's loss weights (Choi et al. 2018, yunjey/stargan)."""
    recipe = recipes.get_recipe("stargan_digits")
    hp = recipe.hparams
    assert (hp["d_steps"], hp["num_residual"], hp["d_layers"]) == (5, 6, 4)
    assert recipe.batch_size // hp["d_steps"] == 16
    assert (hp["lambda_cls"], hp["lambda_rec"], hp["lambda_gp"]) == (1.0, 10.0, 10.0)
    model, _ = recipes.get_recipe("stargan_digits").make(recipes.DataSpec((28, 28, 3), num_domains=4), {}, seed=0)
    source, domains = model.discriminator(np.zeros((2, 28, 28, 3), "float32"))
    assert tuple(source.shape) == (2, 2, 2, 1) and tuple(domains.shape) == (2, 4)
    assert model.d_steps == 5


def test_srgan_starts_from_an_srresnet_checkpoint_with_the_papers_schedule(tmp_path):
    """stage=srgan with init_weights: the generator is the checkpoint's; lr_decay_steps divides lr by 10."""
    recipe = recipes.get_recipe("srgan_x4_photos")
    small = {"num_blocks": 1, "filters": 4, "d_filters": 4, "d_blocks": 1, "d_dense_units": 4}
    spec = recipes.DataSpec((8, 8, 3))
    trained, _ = recipe.make(spec, small, seed=0)
    path = str(tmp_path / "ckpt-00001.weights.h5")
    trained.save_weights(path)
    started, optimizers = recipe.make(
        spec, {**small, "stage": "srgan", "init_weights": path, "lr": 1e-3, "lr_decay_steps": 5}, seed=1
    )
    assert started.stage == "srgan"
    for a, b in zip(trained.generator.get_weights(), started.generator.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    for optimizer in optimizers:  # the paper's Adam(beta_1=0.9) for both networks
        assert np.isclose(optimizer.beta_1, 0.9)
        optimizer.iterations.assign(4)
        assert np.isclose(float(optimizer.learning_rate), 1e-3)
        optimizer.iterations.assign(6)
        assert np.isclose(float(optimizer.learning_rate), 1e-4)
    with pytest.raises(ValueError, match="init_weights.*Received: init_weights='model.keras'"):
        recipe.make(spec, {**small, "init_weights": "model.keras"})


def test_seqgan_phase_starts_from_the_last_phases_checkpoint(tmp_path):
    """init_weights: one command-line run per SeqGAN phase, each starting from the one before (G, D and
    the rollout copy); a path that is not a .weights.h5 file, or is missing, is refused by name."""
    recipe = recipes.get_recipe("seqgan_oracle")
    small = {"vocab_size": 12, "sequence_length": 6, "embedding_dim": 4, "hidden_dim": 4, "d_embedding_dim": 4,
             "filter_sizes": (2, 3), "num_filters": (3, 3)}
    spec = recipes.DataSpec((6,))
    trained, _ = recipe.make(spec, small, seed=0)
    path = str(tmp_path / "ckpt-00003.weights.h5")
    trained.save_weights(path)
    started, _ = recipe.make(spec, {**small, "phase": "adversarial", "init_weights": path}, seed=1)
    fresh, _ = recipe.make(spec, {**small, "phase": "adversarial"}, seed=1)
    assert started.phase == "adversarial"
    for a, b in zip(trained.get_weights(), started.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert not all(np.array_equal(a, b) for a, b in zip(trained.get_weights(), fresh.get_weights(), strict=True))
    with pytest.raises(ValueError, match="init_weights.*Received: init_weights='model.keras'"):
        recipe.make(spec, {**small, "init_weights": "model.keras"})
    missing = str(tmp_path / "ckpt-00009.weights.h5")
    with pytest.raises(ValueError, match=f"existing checkpoint file. Received: init_weights='{missing}' \\(not found\\)"):
        recipe.make(spec, {**small, "init_weights": missing})


def test_pix2pixhd_local_stage_starts_from_the_global_stages_checkpoint(tmp_path):
    """The command line trains one pix2pixHD stage per run: the local run's init_weights is the global run's
    checkpoint (G1 with its head, G2 and D as saved)."""
    recipe = recipes.get_recipe("pix2pixhd_label2scene")
    small = {"base_filters": 2, "global_downsampling": 1, "global_blocks": 1, "local_blocks": 1, "d_filters": 2,
             "d_layers": 1}
    spec = recipes.DataSpec((32, 32, 3), target_shape=(32, 32, 3))
    trained, _ = recipe.make(spec, {**small, "stage": "global"}, seed=0)
    path = str(tmp_path / "ckpt-00002.weights.h5")
    trained.save_weights(path)
    started, _ = recipe.make(spec, {**small, "init_weights": path}, seed=1)
    assert trained.stage == "global" and started.stage == "local"
    for a, b in zip(trained.get_weights(), started.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_mixture_recipes_decay_the_learning_rate_as_the_benchmark_does():
    """grid25 recipes: lr 2e-3 along a cosine to 0 over lr_decay_steps (3000 = 15 x 200 steps), as
    benchmarks/mode_collapse.py trains them; cos(pi/2) halves it at step 1500; None keeps it constant."""
    import keras

    recipe = recipes.get_recipe("mad_gan_grid25")
    assert recipe.hparams["lr_decay_steps"] == recipe.epochs * recipe.steps_per_epoch == 3000
    g_opt, d_opt = recipe.optimizers(dict(recipe.hparams))
    g_opt.build([keras.Variable(0.0)])
    for step, expected in ((0, 2e-3), (1500, 1e-3), (3000, 0.0)):
        g_opt.iterations.assign(step)
        assert float(g_opt.learning_rate) == pytest.approx(expected, abs=1e-9)
    constant = recipes.get_recipe("wgan_grid25").optimizers({**recipe.hparams, "lr_decay_steps": None})[0]
    constant.build([keras.Variable(0.0)])
    constant.iterations.assign(1500)
    assert float(constant.learning_rate) == pytest.approx(2e-3)
    with pytest.raises(ValueError, match="`lr_decay_steps` must be a positive integer or None. Received: lr_decay_steps=0"):
        recipe.optimizers({**recipe.hparams, "lr_decay_steps": 0})


@pytest.mark.parametrize("name", ["hinge_mnist", "acgan_mnist"])
def test_diff_augment_hparam_puts_the_layer_before_every_image_discriminator(name):
    """--hparams=diff_augment=<policy> (parsed with its commas) puts DiffAugment on D's image input,
    ahead of the recipe's discriminator, and the model trains; without it D is unchanged; a bad
    policy is refused."""
    from keras_gans import layers

    hparams = recipes.parse_hparams("base_filters=4,diff_augment=translation,cutout")
    assert hparams == {"base_filters": 4, "diff_augment": "translation,cutout"}
    model, data = recipes.build(name, batch_size=8, hparams=hparams)
    kinds = [type(layer).__name__ for layer in model.discriminator.layers]
    augment = kinds.index("DiffAugment")
    assert kinds[:augment] == ["InputLayer"] * augment and kinds[augment + 1:] == ["Functional"], kinds
    assert model.discriminator.layers[augment].policy == "translation,cutout"
    history = model.fit(data, epochs=1, steps_per_epoch=1, verbose=0)
    assert all(np.isfinite(v[0]) for v in history.history.values())
    plain, _ = recipes.build(name, batch_size=8, hparams={"base_filters": 4})
    assert not any(isinstance(layer, layers.DiffAugment) for layer in plain.discriminator.layers)
    with pytest.raises(ValueError, match="`policy` must be a comma-separated subset"):
        recipes.build(name, batch_size=8, hparams={"base_filters": 4, "diff_augment": "zoom"})
