"""`booklet dist`: the site as a deterministic zip, every PDF, SHA256SUMS; two runs, same checksums."""

from __future__ import annotations

import hashlib
import zipfile

from conftest import run_booklet


def test_dist_is_complete_and_reproducible(built, tmp_path):
    cfg, _run = built
    sums = []
    for attempt in ("one", "two"):
        dist_dir = tmp_path / attempt
        run = run_booklet("dist", "--build-dir", str(cfg.build_dir), "--dist-dir", str(dist_dir))
        assert run.returncode == 0, run.stderr
        release = dist_dir / f"{cfg.name}-{cfg.version}"
        sums.append((release / "SHA256SUMS").read_text(encoding="utf-8"))
        listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in sums[-1].splitlines()}
        files = {p.name for p in release.iterdir() if p.name != "SHA256SUMS"}
        assert set(listed) == files
        for name, digest in listed.items():
            assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest
        assert {f"{cfg.name}-{lang}.pdf" for lang in cfg.languages} <= files
        with zipfile.ZipFile(release / f"{cfg.name}-{cfg.version}-site.zip") as archive:
            names = archive.namelist()
            assert names == sorted(names)
            assert "index.html" in names
            assert all(f"{lang}/index.html" in names for lang in cfg.languages)
            assert len({info.date_time for info in archive.infolist()}) == 1
            assert archive.read("index.html") == (cfg.html_dir() / "index.html").read_bytes()
    assert sums[0] == sums[1]


def test_dist_without_a_build_is_a_clear_error(tmp_path):
    run = run_booklet("dist", "--build-dir", str(tmp_path / "empty"), "--dist-dir", str(tmp_path / "dist"))
    assert run.returncode != 0
    assert "run `booklet build` first" in run.stderr
    assert "Traceback" not in run.stderr
