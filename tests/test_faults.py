"""The fault campaign (keras_gans/testing/fault_campaign.py): every fault ends cleanly and loses nothing.

Each case runs the real training job, injects one fault, and checks the
documented exit status and its one line, that the previous checkpoint and
every published export are intact with no temporary file left, and that
rerunning after the fault ends bit-identical to a run that never saw it.
``benchmarks/faults.py`` renders the same rows as benchmarks/results/faults.md.
"""

import pytest

from keras_gans.testing import fault_campaign as campaign


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return str(tmp_path_factory.mktemp("faults"))


@pytest.mark.slow
@pytest.mark.parametrize("site", campaign.WRITE_SITES)
def test_disk_full_at_each_write_site(site, root, tmp_path):
    row = campaign.disk_full_at(site, str(tmp_path))
    assert row.ok, row
    assert row.exit_status == 4
    assert row.message.startswith("error: could not write ") and "no space left on device (errno 28)" in row.message


def test_read_only_file_system_is_reported_like_a_full_disk(tmp_path):
    row = campaign.disk_full_at("checkpoint", str(tmp_path), cause=campaign.errno.EROFS)
    assert row.ok, row
    assert "read-only file system" in row.message


@pytest.mark.slow
def test_a_real_full_disk_then_resume_bit_identical(tmp_path):
    row = campaign.real_disk_full(str(tmp_path))
    if row is None:
        pytest.skip("cannot mount a small tmpfs here (needs root and mount permission)")
    assert row.ok, row


@pytest.mark.parametrize("how", ["truncated", "bit-flipped"])
def test_corrupt_checkpoint_falls_back_to_the_previous_good_one(how, tmp_path):
    row = campaign.corrupt_checkpoint(how, str(tmp_path))
    assert row.ok, row
    assert "Skipping checkpoint of epoch 2" in row.message


@pytest.mark.slow
def test_sigterm_saves_the_step_and_resumes_bit_identical(tmp_path):
    row = campaign.sigterm(str(tmp_path))
    assert row.ok, row
    assert row.exit_status == 143
    assert "Stopped by SIGTERM at epoch 2, step 3" in row.message


@pytest.mark.slow
def test_second_training_on_the_same_output_dir_is_refused(tmp_path):
    row = campaign.two_runs_one_folder(str(tmp_path))
    assert row.ok, row


def test_refused_run_creates_no_folder_and_no_file(tmp_path):
    row = campaign.refused_run_creates_nothing(str(tmp_path))
    assert row.ok, row
    assert "no_such_set" in row.message


def test_nan_batch_stops_at_its_step_whatever_the_kernels(tmp_path):
    row = campaign.nan_batch(str(tmp_path))
    assert row.ok, row
    assert row.exit_status == 3
