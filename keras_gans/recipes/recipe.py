"""A named recipe: objective + networks + data + the paper's hyper-parameters + reference.

One registry (:data:`RECIPES`) that the command line, the examples and the
benchmarks build models from, like flax's ``configs/*.py`` or keras-hub
presets. Every objective has a default recipe (:data:`OBJECTIVES`), so
``python -m keras_gans.train --model=<objective>`` runs with nothing else.
"""

import ast
import dataclasses
import os
import re
from collections.abc import Callable

LATENT = "latent"  # z (optionally with labels or codes) -> a sample
TRANSLATOR = "translator"  # an input sample (optionally with a target domain) -> an output sample
TASKS = (LATENT, TRANSLATOR)

# What a recipe's batches hold (keras_gans.data.task_streams.load_task_data reads these).
DATA_KINDS = ("samples", "labelled", "paired", "unpaired", "sr", "domains", "masked", "speech", "tokens")


@dataclasses.dataclass(frozen=True)
class DataSpec:
    """What the data tells the networks: the shape of one example and its label sizes."""

    shape: tuple
    num_classes: int | None = None  # labelled data
    num_domains: int | None = None  # domain vectors (StarGAN)
    target_shape: tuple | None = None  # paired data whose targets differ (gray -> colour)

    @property
    def is_image(self):
        return len(self.shape) == 3


@dataclasses.dataclass(frozen=True)
class Recipe:
    """Everything needed to make a model of one objective for one kind of data.

    Attributes:
        name: registry key, ``<objective>_<data>`` (``dcgan_mnist``).
        objective: the ``--model`` name of the objective (``dcgan``).
        task: :data:`LATENT` or :data:`TRANSLATOR`; the CLI, sample grids and
            export read it instead of probing the model.
        data: what a batch holds, one of :data:`DATA_KINDS`.
        dataset: the default dataset name for that kind of data.
        build: ``build(spec, hp) -> model`` (uncompiled) for a :class:`DataSpec`
            and the hyper-parameters ``hp`` (``hparams`` with overrides applied,
            plus ``latent_dim`` and ``seed``).
        hparams: the paper's hyper-parameters (network sizes, loss weights, ...).
        optimizers: ``optimizers(hp) -> (g_optimizer, d_optimizer)``; None
            keeps the objective's published defaults (``model.compile()``).
        reference: the paper.
        summary: one line for the listing.
        batch_size, epochs, steps_per_epoch: training defaults (flags override;
            ``steps_per_epoch`` is needed for endless data such as random crops).
        preview: translators: ``preview(model, batch) -> list of image arrays``,
            the columns of the sample grid (input | output | target ...).
    """

    name: str
    objective: str
    task: str
    data: str
    dataset: str
    build: Callable
    reference: str
    summary: str
    hparams: dict = dataclasses.field(default_factory=dict)
    optimizers: Callable | None = None
    batch_size: int = 64
    epochs: int = 15
    steps_per_epoch: int | None = None
    preview: Callable | None = None

    def __post_init__(self):
        if self.task not in TASKS:
            raise ValueError(f"`task` must be one of {TASKS}. Received: task={self.task!r}")
        if self.data not in DATA_KINDS:
            raise ValueError(f"`data` must be one of {DATA_KINDS}. Received: data={self.data!r}")
        if self.task == TRANSLATOR and self.preview is None:
            raise ValueError(f"Translator recipe {self.name!r} needs a `preview` (its sample-grid columns).")

    def resolve_hparams(self, overrides=None, latent_dim=None, seed=None):
        """``hparams`` with ``overrides`` applied; refuses names the recipe does not have."""
        overrides = dict(overrides or {})
        unknown = sorted(set(overrides) - set(self.hparams))
        if unknown:
            raise ValueError(
                f"--hparams {unknown} are not hyper-parameters of recipe {self.name!r}. "
                f"Expected some of {sorted(self.hparams)}."
            )
        hp = {**self.hparams, **overrides}
        if latent_dim is not None:
            hp["latent_dim"] = latent_dim
        hp.setdefault("latent_dim", None)
        hp["seed"] = seed
        return hp

    def make(self, spec, overrides=None, latent_dim=None, seed=None):
        """Builds the model and its optimizers: ``(model, optimizers or None)``."""
        hp = self.resolve_hparams(overrides, latent_dim, seed)
        model = self.build(spec, hp)
        return model, (self.optimizers(hp) if self.optimizers else None)

    def line(self):
        return f"{self.name:24s} {self.objective:10s} {self.task:10s} {self.dataset:18s} {self.summary} ({self.reference})"


RECIPES = {}
OBJECTIVES = {}  # objective -> the name of its default recipe


def register(recipe, default=False):
    """Adds ``recipe`` to :data:`RECIPES` (and as its objective's default)."""
    if recipe.name in RECIPES:
        raise ValueError(f"Recipe {recipe.name!r} is already registered.")
    RECIPES[recipe.name] = recipe
    if default:
        if recipe.objective in OBJECTIVES:
            raise ValueError(f"Objective {recipe.objective!r} already has a default recipe.")
        OBJECTIVES[recipe.objective] = recipe.name
    return recipe


def load_init_weights(model, path):
    """Starts ``model`` from ``path``, a ``.weights.h5`` checkpoint of a run of the same recipe (the
    recipes' ``init_weights`` hyper-parameter: SRGAN from its SRResNet, a SeqGAN phase from the one
    before it); nothing when ``path`` is empty. Optimizers start fresh: the file holds weights only.

    Raises:
        ValueError: ``path`` is not a ``.weights.h5`` file that exists.
    """
    if not path:
        return model
    if not str(path).endswith(".weights.h5"):
        raise ValueError(
            "`init_weights` must be a .weights.h5 checkpoint of this recipe (runs/<run>/checkpoints/ckpt-*.weights.h5). "
            f"Received: init_weights={path!r}")
    if not os.path.isfile(path):
        raise ValueError(f"`init_weights` must be an existing checkpoint file. Received: init_weights={path!r} (not found)")
    model.load_weights(path)
    return model


def get_recipe(name):
    """The recipe called ``name``; raises ``ValueError`` listing the names."""
    if name not in RECIPES:
        raise ValueError(f"--recipe must be one of {sorted(RECIPES)}. Received: --recipe={name}")
    return RECIPES[name]


def recipe_for(model=None, recipe=None):
    """The recipe of a ``--model`` / ``--recipe`` pair (either may be None, not both)."""
    if recipe:
        found = get_recipe(recipe)
        if model and model != found.objective:
            raise ValueError(
                f"--recipe={recipe} trains --model={found.objective}. Received: --model={model}; "
                "drop --model or pass a recipe of that objective."
            )
        return found
    model = model or "dcgan"
    if model not in OBJECTIVES:
        raise ValueError(f"--model must be one of {sorted(OBJECTIVES)}. Received: --model={model}")
    return RECIPES[OBJECTIVES[model]]


def parse_hparams(text):
    """``"l1_weight=50,hidden_units=(64,64)"`` -> ``{"l1_weight": 50, "hidden_units": (64, 64)}`` (Python literals, else strings)."""
    values = {}
    # A comma starts a new pair only before "name=": values may hold commas, e.g. hidden_units=(64,64).
    for item in [part for part in re.split(r",(?=\s*[A-Za-z_]\w*\s*=)", text or "") if part.strip()]:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--hparams must be name=value pairs separated by commas. Received: {item!r}")
        try:
            value = ast.literal_eval(raw.strip())
        except (ValueError, SyntaxError):
            value = raw.strip()
        values[key.strip()] = value
    return values


def listing():
    """One line per objective, then one line per recipe."""
    lines = ["Objectives (--model=<name>; its default recipe):"]
    for objective in sorted(OBJECTIVES):
        recipe = RECIPES[OBJECTIVES[objective]]
        lines.append(f"  {objective:10s} {recipe.task:10s} default recipe {recipe.name} ({recipe.reference})")
    lines.append("Recipes (--recipe=<name>): name, objective, task, default dataset, what, reference:")
    lines += ["  " + RECIPES[name].line() for name in sorted(RECIPES)]
    return "\n".join(lines)
