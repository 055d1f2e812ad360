"""Shared test helpers: every objective is checked the same way."""

from keras_gans.testing.checks import assert_export_parity
from keras_gans.testing.checks import assert_finite_history
from keras_gans.testing.checks import assert_keras_roundtrip
from keras_gans.testing.checks import assert_outputs_match
from keras_gans.testing.checks import assert_weights_changed
from keras_gans.testing.checks import assert_weights_stored_once
from keras_gans.testing.checks import endpoint_outputs
from keras_gans.testing.checks import fit_and_assert_weights_changed
from keras_gans.testing.checks import saved_model_cli_run
from keras_gans.testing.checks import saved_model_cli_run_many
from keras_gans.testing.checks import saved_model_outputs
from keras_gans.testing.checks import snapshot_weights
