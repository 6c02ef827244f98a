"""save() writes through a staging folder: a copy that fails leaves the earlier results as they
were, raises smesim.Error (never shutil.Error), and leaves no staging folder behind."""
import errno
import shutil

import pytest

import smesim

SMALL = """
extends: default
name: small
networks: {generate: {members: 10}, list: ~}
"""


def test_a_failed_save_keeps_the_earlier_results_whole(tmp_path, monkeypatch):
    first = smesim.run(smesim.loads(SMALL), reps=2, seed=1, progress=False)
    second = smesim.run(smesim.loads(SMALL), reps=3, seed=2, progress=False)
    destination = tmp_path / "run"
    first.save(destination)
    before = {p.name: p.read_bytes() for p in destination.iterdir()}

    copied = []
    real_copy = shutil.copy2

    def copy_until_the_disk_is_full(source, target, *args, **kwargs):
        if len(copied) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        copied.append(source)
        return real_copy(source, target, *args, **kwargs)

    monkeypatch.setattr(shutil, "copy2", copy_until_the_disk_is_full)
    with pytest.raises(smesim.Error, match="No space left on device"):
        second.save(destination, force=True)
    assert {p.name: p.read_bytes() for p in destination.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no staging or set-aside folder left

    monkeypatch.setattr(shutil, "copy2", real_copy)
    second.save(destination, force=True)
    assert (destination / "kpis.csv").read_bytes() == (second.folder / "kpis.csv").read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_save_into_a_new_folder_has_no_staging_marker(tmp_path):
    forecast = smesim.run(smesim.loads(SMALL), reps=2, seed=1, progress=False)
    forecast.save(tmp_path / "a" / "b")
    assert not (tmp_path / "a" / "b" / ".smesim-staging").exists()
    assert (tmp_path / "a" / "b" / "manifest.json").is_file()
