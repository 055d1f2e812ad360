"""python -m keras_gans.evaluate on a small DCGAN export made here."""

import json
import os

import keras
import numpy as np
import pytest

from keras_gans import evaluate
from keras_gans.export import export_generator
from keras_gans.metrics.export_evaluation import ExportedGenerator
from keras_gans.metrics.export_evaluation import evaluate_export
from keras_gans.metrics.suite import compute_metrics
from keras_gans.models import DCGAN

ALL = "fid,kid,is,ms,mmd,w,1nn,pr,dc"


@pytest.fixture(scope="module")
def export(tmp_path_factory, mnist5k):
    images = mnist5k[0][:256]
    model = DCGAN(image_shape=(28, 28, 1), latent_dim=16, seed=0)
    model.compile()
    model.fit(images, batch_size=64, epochs=1, steps_per_epoch=4, verbose=0)
    base = str(tmp_path_factory.mktemp("exports") / "dcgan")
    return model, export_generator(model, base, tflite=False)


@pytest.mark.slow
def test_exported_generator_matches_keras(export):
    model, path = export
    generator = ExportedGenerator(path)
    assert generator.latent_dim == 16
    z = np.random.default_rng(1).standard_normal((3, 16)).astype("float32")
    served = generator.fn(z=z)["images"].numpy()
    np.testing.assert_allclose(served, keras.ops.convert_to_numpy(model.generator(z, training=False)), atol=1e-5)


@pytest.mark.slow
def test_cli_prints_table_and_writes_json_beside_the_version(export, capsys):
    _, path = export
    evaluate.FLAGS(["evaluate", f"--export_dir={path}", "--num_samples=200", f"--metrics={ALL}",
                   "--kid_subsets=5"])
    assert evaluate.main(["evaluate"]) == 0
    printed = capsys.readouterr().out
    expected_file = os.path.join(os.path.dirname(path), f"evaluation-{os.path.basename(path)}.json")
    assert expected_file in printed
    result = json.load(open(expected_file))
    keys = {"fid", "kid", "kid_std", "is", "is_std", "ms", "mmd", "w", "1nn",
            "precision", "recall", "density", "coverage"}
    assert set(result["metrics"]) == keys
    assert all(np.isfinite(v) for v in result["metrics"].values())
    assert result["num_samples"] == 200 and result["objective"] == "DCGAN"
    assert 0.0 <= result["metrics"]["1nn"] <= 1.0 and 1.0 <= result["metrics"]["is"] <= 10.0
    # The published version folder is untouched (only the SavedModel's own files).
    assert not any(f.startswith("evaluation") for f in os.listdir(path))
    # The base folder works too (latest version), with an explicit output file.
    out = os.path.join(os.path.dirname(path), "custom.json")
    again = evaluate_export(os.path.dirname(path), metrics="fid", num_samples=50, output=out)
    assert os.path.exists(out) and again["metrics"]["fid"] > 0


def test_suite_on_identical_features():
    x = np.random.default_rng(0).standard_normal((60, 4))
    values = compute_metrics("fid,1nn,pr,w", x, x.copy())
    assert values["fid"] == pytest.approx(0.0, abs=1e-6) and values["w"] == pytest.approx(0.0, abs=1e-6)
    assert values["1nn"] == 0.0 and values["precision"] == 1.0 and values["recall"] == 1.0


def test_bad_inputs(tmp_path, capsys):
    with pytest.raises(ValueError, match="Unknown metrics"):
        compute_metrics("fid,bogus", np.zeros((3, 2)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="need `real_features`"):
        compute_metrics("fid")
    with pytest.raises(ValueError, match="No SavedModel"):
        ExportedGenerator(str(tmp_path))
    evaluate.FLAGS(["evaluate", f"--export_dir={tmp_path}"])
    assert evaluate.main(["evaluate"]) == 2
    assert "No SavedModel" in capsys.readouterr().err
