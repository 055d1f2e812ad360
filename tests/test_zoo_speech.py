"""A speech enhancer in the zoo: the sampler enhances a WAV file (in-process and as a subprocess), and the
``speech:`` quality kind scores held-out utterances as the SEGAN benchmark does."""

import os
import subprocess
import sys

import numpy as np
import pytest

from keras_gans import models
from keras_gans import networks
from keras_gans import zoo
from keras_gans import zoo_quality
from keras_gans import zoo_sequences
from keras_gans.data import speech
from keras_gans.metrics import speech as sm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "2"}
ENV.pop(zoo.ENV_VAR, None)


@pytest.fixture(scope="module")
def enhancer_zoo(tmp_path_factory):
    """A zoo root holding one (tiny, untrained) SEGAN export, ``enhancer`` version 1."""
    from keras_gans.export import export_generator

    root = tmp_path_factory.mktemp("zoo")
    model = models.SEGAN(networks.segan_generator((4, 8), kernel_size=5),
                         networks.segan_discriminator(256, (4, 8), kernel_size=5), seed=0)
    export_generator(model, str(root / "enhancer"), tflite=False)
    return str(root)


def test_sample_enhances_a_wav_file(enhancer_zoo, tmp_path):
    """A 22,050 Hz stereo WAV is averaged, resampled to 16 kHz, enhanced whole and written as a 16 kHz WAV,
    the same as the zoo API's output; as a subprocess too, where a non-WAV --out is one error line, exit 2."""
    from scipy.io import wavfile

    from keras_gans.sample import sample

    rng = np.random.default_rng(0)
    stereo = (rng.uniform(-0.3, 0.3, (11025, 2)) * 32767).astype("int16")
    source = tmp_path / "noisy.wav"
    wavfile.write(source, 22050, stereo)
    mono = stereo.astype("float32").mean(axis=1) / 32768.0
    expected = np.asarray(zoo.load("enhancer", root=enhancer_zoo)({"waveform": speech.resample(mono, 22050)[None]}))[0]
    module = [sys.executable, "-m", "keras_gans.sample", f"--root={enhancer_zoo}", "--model=enhancer"]
    runs = {
        "enhance": [*module, f"--input={source}", f"--out={tmp_path / 'cli.wav'}"],
        "png": [*module, f"--input={source}", f"--out={tmp_path / 'cli.png'}"],
    }
    processes = {k: subprocess.Popen(c, cwd=tmp_path, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True) for k, c in runs.items()}
    written = sample("enhancer", str(tmp_path / "api.wav"), root=enhancer_zoo, input_path=str(source))
    rate, pcm = wavfile.read(written)
    assert rate == 16000 and pcm.dtype == np.int16 and pcm.shape == (8000,)
    np.testing.assert_allclose(pcm / 32767.0, np.clip(expected, -1, 1), atol=1.0 / 32767)
    (stdout, stderr), code = processes["enhance"].communicate(timeout=300), processes["enhance"].returncode
    assert code == 0 and "Wrote" in stdout, stderr[-2000:]
    np.testing.assert_array_equal(wavfile.read(tmp_path / "cli.wav")[1], pcm)
    (stdout, stderr), code = processes["png"].communicate(timeout=300), processes["png"].returncode
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert code == 2 and len(errors) == 1 and "Traceback" not in stderr, stderr[-2000:]
    assert "--out must name a .wav file" in errors[0] and not (tmp_path / "cli.png").exists()


def test_sample_refuses_bad_speech_requests(enhancer_zoo, tmp_path):
    from scipy.io import wavfile

    from keras_gans.sample import sample

    empty, image = tmp_path / "empty.wav", tmp_path / "not_a.wav"
    wavfile.write(empty, 16000, np.zeros(0, "int16"))
    image.write_bytes(b"\x89PNG\r\n")
    out = str(tmp_path / "out.wav")
    with pytest.raises(ValueError, match="is a translator: pass --input"):
        sample("enhancer", out, root=enhancer_zoo)
    with pytest.raises(ValueError, match="holds no audio"):
        sample("enhancer", out, root=enhancer_zoo, input_path=str(empty))
    with pytest.raises(ValueError, match="Cannot read WAV file"):
        sample("enhancer", out, root=enhancer_zoo, input_path=str(image))
    with pytest.raises(ValueError, match="takes no --mask \\(it enhances speech\\)"):
        sample("enhancer", out, root=enhancer_zoo, input_path=str(empty), mask_path="m.png")
    assert not os.path.exists(out)


def test_speech_quality_scores_the_held_out_utterances(enhancer_zoo, speech_corpus):
    """The noisy figures are the benchmark's measures of the same utterances; the gains are the differences."""
    generator = zoo.load("enhancer", root=enhancer_zoo)
    got = zoo_quality.measure(generator, "speech:synthetic_speech", 10, seed=1)
    noisy, clean = zoo_sequences.held_out_speech("synthetic_speech", 10, seed=1)
    _, test = speech_corpus
    assert all(any(np.array_equal(x, t) for t in test.noisy) for x in noisy)
    assert len({len(x) for x in noisy}) > 1  # whole utterances of different lengths
    assert got["noisy_pesq"] == pytest.approx(np.mean([sm.pesq_wb(c, x) for c, x in zip(clean, noisy, strict=True)]), abs=1e-9)
    assert got["noisy_ssnr_db"] == pytest.approx(np.mean([sm.segmental_snr(c, x) for c, x in zip(clean, noisy, strict=True)]))
    enhanced = [np.asarray(generator({"waveform": x[None]}))[0] for x in noisy]
    assert got["ssnr_db"] == pytest.approx(np.mean([sm.segmental_snr(c, y) for c, y in zip(clean, enhanced, strict=True)]))
    assert got["pesq_gain"] == pytest.approx(got["pesq"] - got["noisy_pesq"])
    assert got["ssnr_gain_db"] == pytest.approx(got["ssnr_db"] - got["noisy_ssnr_db"])
    examples = zoo_quality.example_inputs(generator, "speech:synthetic_speech", 3, seed=1)
    assert examples["waveform"].shape == (3, zoo_sequences.SPEECH_EXAMPLE_LENGTH)
    np.testing.assert_array_equal(examples["waveform"][0], noisy[0][: zoo_sequences.SPEECH_EXAMPLE_LENGTH])
    with pytest.raises(ValueError, match="test set has 40 utterances. Received: num=41"):
        zoo_quality.measure(generator, "speech:synthetic_speech", 41)
    with pytest.raises(ValueError, match="Unknown speech corpus 'valentini'"):
        zoo_quality.measure(generator, "speech:valentini", 10)
