"""Segmental SNR by hand, PESQ/STOI sanity, and the Wiener baseline."""

import numpy as np
import pytest

from keras_gans.metrics import speech as sm


def test_segmental_snr_by_hand():
    rng = np.random.default_rng(0)
    clean = rng.standard_normal(400)
    # fs=400 Hz: frames of round(0.03 * 400) = 12 samples every 3; floor(400/3 - 12/3) = 129 frames.
    # processed = clean / 2: every frame's error energy is a quarter of its signal energy,
    # window or not, so every frame's SNR is 10 log10(4) = 6.0206 dB and so is the mean.
    assert sm.segmental_snr(clean, clean / 2, sample_rate=400) == pytest.approx(10 * np.log10(4), abs=1e-9)
    # processed = -clean: error 4x the signal -> 10 log10(1/4) = -6.0206 dB.
    assert sm.segmental_snr(clean, -clean, sample_rate=400) == pytest.approx(-10 * np.log10(4), abs=1e-9)
    # processed = clean: infinite SNR clipped to 35 dB; processed = 10 * clean: 10 log10(1/81) = -19.08 -> -10.
    assert sm.segmental_snr(clean, clean, sample_rate=400) == pytest.approx(35.0)
    assert sm.segmental_snr(clean, 10 * clean, sample_rate=400) == pytest.approx(-10.0)
    # Half the frames clean (35 dB), half fully wrong (processed 0 -> 0 dB). A signal of 2 x 12 samples
    # has floor(24/3 - 12/3) = 4 frames starting at 0, 3, 6, 9; with the error only in samples 12..23,
    # frame 0 (samples 0..11) is exact -> 35; frames 1-3 mix error in: compute them by hand below.
    x = np.ones(24)
    y = np.concatenate([np.ones(12), np.zeros(12)])
    w = 0.5 * (1 - np.cos(2 * np.pi * np.arange(1, 13) / 13))
    frames = []
    for start in (0, 3, 6, 9):
        s = np.sum(w**2)
        e = np.sum((w * (x[start : start + 12] - y[start : start + 12])) ** 2)
        frames.append(np.clip(10 * np.log10(s / (e + np.finfo(float).eps) + np.finfo(float).eps), -10, 35))
    assert frames[0] == 35.0
    assert sm.segmental_snr(x, y, sample_rate=400) == pytest.approx(np.mean(frames))
    with pytest.raises(ValueError, match="at least"):
        sm.segmental_snr(np.ones(10), np.ones(10), sample_rate=400)


def test_pesq_stoi_and_wiener_on_a_noisy_tone(speech_corpus):
    _, test = speech_corpus
    clean, noisy = test.clean[0], test.noisy[0]  # white noise at 2.5 dB
    assert sm.pesq_wb(clean, clean) > 4.5
    assert sm.stoi(clean, clean) == pytest.approx(1.0, abs=1e-6)
    enhanced = sm.wiener_filter(noisy)
    assert enhanced.shape == noisy.shape
    assert sm.segmental_snr(clean, enhanced) > sm.segmental_snr(clean, noisy) + 2.0
    scores = sm.evaluate_enhancement([clean, clean], [noisy, enhanced], measures=("ssnr", "snr"))
    assert scores["ssnr"]["values"][1] > scores["ssnr"]["values"][0]
    assert scores["snr"]["mean"] == pytest.approx(np.mean(scores["snr"]["values"]))
