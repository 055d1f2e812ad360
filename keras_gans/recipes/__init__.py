"""Named recipes: objective + networks + data + the paper's hyper-parameters + reference.

    recipe = keras_gans.recipes.get_recipe("cyclegan_thin2thick")
    model, optimizers = recipe.make(spec)

``python -m keras_gans.train --list`` prints every objective and recipe.
"""

from keras_gans.recipes import latent  # noqa: F401 - registers the latent-generator recipes
from keras_gans.recipes import neighbours  # noqa: F401 - registers the VAE and GMMN recipes
from keras_gans.recipes import sequence  # noqa: F401 - registers the sequence recipes (SeqGAN)
from keras_gans.recipes import speech  # noqa: F401 - registers the SEGAN recipes
from keras_gans.recipes import translation  # noqa: F401 - registers the translator recipes
from keras_gans.recipes.builder import build
from keras_gans.recipes.builder import data_spec
from keras_gans.recipes.recipe import LATENT
from keras_gans.recipes.recipe import OBJECTIVES
from keras_gans.recipes.recipe import RECIPES
from keras_gans.recipes.recipe import TRANSLATOR
from keras_gans.recipes.recipe import DataSpec
from keras_gans.recipes.recipe import Recipe
from keras_gans.recipes.recipe import get_recipe
from keras_gans.recipes.recipe import listing
from keras_gans.recipes.recipe import parse_hparams
from keras_gans.recipes.recipe import recipe_for
