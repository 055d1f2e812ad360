"""From a recipe name to a model and its data: the one way examples, benchmarks and the CLI make models."""

from keras_gans.data.loader import load_arrays
from keras_gans.data.task_streams import load_task_data
from keras_gans.recipes.recipe import DataSpec
from keras_gans.recipes.recipe import Recipe
from keras_gans.recipes.recipe import get_recipe


def data_spec(recipe, element_spec, dataset=None, image_size=None, channels=None):
    """The :class:`DataSpec` of a stream of ``recipe``'s data (its ``element_spec``).

    Labelled in-memory data count their classes (ring8: 8, grid25: 25,
    mnist_5k: 10); tfds data use the recipe's ``num_classes``.
    """
    parts = element_spec if isinstance(element_spec, tuple) else (element_spec,)
    shape = tuple(parts[0].shape[1:])
    if recipe.data == "labelled":
        num_classes = recipe.hparams.get("num_classes")
        if dataset and not dataset.startswith("tfds:"):
            _, labels = load_arrays(dataset, with_labels=True, image_size=image_size, channels=channels)
            num_classes = int(labels.max()) + 1
        return DataSpec(shape, num_classes=num_classes)
    if recipe.data == "domains":
        return DataSpec(shape, num_domains=int(parts[1].shape[-1]))
    if recipe.data == "paired":
        return DataSpec(shape, target_shape=tuple(parts[1].shape[1:]))
    return DataSpec(shape)


def build(recipe, dataset=None, batch_size=None, seed=0, hparams=None, latent_dim=None, compile=True, **data_kwargs):
    """A model of ``recipe`` and an endless stream of its training data.

    Args:
        recipe: a recipe name (``"pix2pix_edges2digits"``) or :class:`Recipe`.
        dataset: the data's name (default: the recipe's).
        batch_size: default: the recipe's.
        seed: model seed and shuffling seed.
        hparams: overrides of the recipe's hyper-parameters.
        latent_dim: size of z (latent generators; default: the recipe's).
        compile: compile with the recipe's optimizers (or the objective's defaults).
        **data_kwargs: ``image_size``, ``channels`` for the data loader.

    Returns:
        ``(model, dataset)``: pass ``steps_per_epoch`` to ``fit``.

    Example:
    ```python
    model, data = keras_gans.recipes.build("cyclegan_thin2thick", hparams={"num_blocks": 2})
    model.fit(data, epochs=1, steps_per_epoch=100)
    ```
    """
    recipe = recipe if isinstance(recipe, Recipe) else get_recipe(recipe)
    hp = recipe.resolve_hparams(hparams, latent_dim, seed)
    dataset = dataset or recipe.dataset
    stream = load_task_data(recipe.data, dataset, batch_size=batch_size or recipe.batch_size, seed=seed, repeat=True,
                            hparams=hp, **data_kwargs)
    model = recipe.build(data_spec(recipe, stream.element_spec, dataset, **data_kwargs), hp)
    if compile:
        g_optimizer, d_optimizer = recipe.optimizers(hp) if recipe.optimizers else ("auto", "auto")
        model.compile(g_optimizer=g_optimizer, d_optimizer=d_optimizer)
    return model, stream
