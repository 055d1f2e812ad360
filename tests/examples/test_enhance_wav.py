"""Smoke test: enhance_wav trains one step, exports, enhances a 22.05 kHz WAV; a saved model enhances again."""

import importlib.util
import os

import numpy as np
import pytest

from keras_gans.data import speech

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _example():
    spec = importlib.util.spec_from_file_location("enhance_wav", os.path.join(ROOT, "examples", "enhance_wav.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_one_step_then_enhance_a_wav(tmp_path, speech_corpus):
    example = _example()
    wav = tmp_path / "in.wav"
    speech.write_wav(wav, speech_corpus[1].noisy[1][:11025], sample_rate=22050)  # 0.5 s at 22.05 kHz
    paths = example.run(input_wav=str(wav), output_dir=str(tmp_path / "run"), steps=1, batch_size=2)
    enhanced, rate = speech.read_wav(paths["enhanced"])
    assert rate == 16000 and enhanced.shape == (8000,)
    assert {"model.onnx", "model.tflite", "saved_model.pb"} <= set(os.listdir(paths["export"]))
    again = example.run(output_dir=str(tmp_path / "again"), model_path=paths["model"])
    assert np.isfinite(again["ssnr_enhanced"]) and os.path.exists(tmp_path / "again" / "clean.wav")
