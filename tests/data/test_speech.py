"""The synthetic speech set, the noises, SNR mixing and folder: WAV pairs."""

import numpy as np
import pytest

from keras_gans.data import noise as noise_lib
from keras_gans.data import speech


def test_mix_at_snr_hits_the_requested_level():
    rng = np.random.default_rng(0)
    clean = np.sin(np.linspace(0, 200, 8000)).astype("float32")
    for kind in noise_lib.NOISE_KINDS:
        noise = noise_lib.make_noise(kind, clean.size, rng, utterances=[clean[::-1], clean[:3000]])
        noisy = noise_lib.mix_at_snr(clean, noise, 7.5)
        snr = 10 * np.log10(np.mean(clean**2) / np.mean((noisy - clean) ** 2))
        assert snr == pytest.approx(7.5, abs=1e-3), kind


def test_coloured_noises_have_their_spectral_slopes():
    rng = np.random.default_rng(1)
    for kind, slope in (("white", 0.0), ("pink", -1.0), ("brown", -2.0)):
        x = noise_lib.make_noise(kind, 2**16, rng)
        power = np.abs(np.fft.rfft(x)) ** 2
        freqs = np.fft.rfftfreq(x.size)
        band = (freqs > 1e-3) & (freqs < 0.4)
        fitted = np.polyfit(np.log(freqs[band]), np.log(power[band]), 1)[0]
        assert fitted == pytest.approx(slope, abs=0.15), kind


def test_synthetic_corpus_is_speech_split_by_voice_sentence_and_snr(speech_corpus):
    train, test = speech_corpus
    assert not set(train.text) & set(test.text)
    train_variants = {s.split("+")[1].split("@")[0] for s in train.speaker}
    test_variants = {s.split("+")[1].split("@")[0] for s in test.speaker}
    assert not train_variants & test_variants and len(train_variants) >= 8
    assert set(train.snr_db.tolist()) == set(speech.TRAIN_SNRS)
    assert set(test.snr_db.tolist()) == set(speech.TEST_SNRS)
    assert set(train.noise) == set(noise_lib.NOISE_KINDS)
    for noisy, clean, snr in zip(test.noisy, test.clean, test.snr_db, strict=True):
        assert clean.size > speech.SAMPLE_RATE // 2 and np.abs(noisy).max() <= 1.0
        measured = 10 * np.log10(np.mean(clean**2) / np.mean((noisy - clean) ** 2))
        assert measured == pytest.approx(snr, abs=1e-3)
    # The recorded speaker and text say the utterance again (to within espeak's aspiration noise).
    again = speech.synthesize(test.text[0], _speaker(test.speaker[0]))
    assert again.size == pytest.approx(test.clean[0].size, rel=0.02)


def _speaker(text):
    voice, rest = text.split("@")
    accent, variant = voice.split("+")
    rate, pitch = rest.split("wpm/p")
    return speech.Speaker(accent, variant, int(rate), int(pitch))


def test_cut_windows_overlap_and_pad():
    windows = speech.cut_windows([np.arange(10, dtype="float32"), np.ones(3, "float32")], 4)
    np.testing.assert_array_equal(windows[0], [0, 1, 2, 3])
    np.testing.assert_array_equal(windows[1], [2, 3, 4, 5])
    np.testing.assert_array_equal(windows[3], [6, 7, 8, 9])
    np.testing.assert_array_equal(windows[4], [1, 1, 1, 0])
    assert len(windows) == 5
    np.testing.assert_array_equal(speech.cut_windows([np.arange(5, dtype="float32")], 4)[-1], [2, 3, 4, 0])


def test_folder_pairs_read_wav_pairs(tmp_path):
    rng = np.random.default_rng(0)
    (tmp_path / "noisy").mkdir()
    (tmp_path / "clean").mkdir()
    for i in range(3):
        clean = 0.3 * np.sin(np.arange(8000 + 100 * i) / 7.0)
        speech.write_wav(tmp_path / "clean" / f"p{i}.wav", clean)
        speech.write_wav(tmp_path / "noisy" / f"p{i}.wav", clean + 0.05 * rng.standard_normal(clean.size))
    pairs = speech.load_speech_pairs(f"folder:{tmp_path}")
    assert len(pairs) == 3 and pairs.clean[2].size == 8200
    np.testing.assert_allclose(pairs.clean[0], 0.3 * np.sin(np.arange(8000) / 7.0), atol=1e-4)
    batch = next(iter(speech.load_speech(f"folder:{tmp_path}", window=1024, batch_size=4, seed=0)))
    assert batch[0].shape == (4, 1024, 1) and batch[1].shape == (4, 1024, 1)
    (tmp_path / "noisy" / "extra.wav").write_bytes((tmp_path / "noisy" / "p0.wav").read_bytes())
    with pytest.raises(ValueError, match="same names"):
        speech.folder_pairs(tmp_path)
    with pytest.raises(ValueError, match="Unknown speech dataset"):
        speech.load_speech_pairs("valentini")
