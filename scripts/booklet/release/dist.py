"""The release folder: `dist/<name>-<version>/` with the site as a zip, every PDF, and SHA256SUMS.

Deterministic: zip entries sorted, every timestamp the build date (booklet.config.build_timestamp: the
last commit's date unless SOURCE_DATE_EPOCH says otherwise), fixed permissions, fixed compression; so two
runs on one commit give the same checksums. The folder is assembled beside its final place and swapped in.
"""

from __future__ import annotations

import hashlib
import shutil
import time
import zipfile
from pathlib import Path

from booklet.config import Config, build_timestamp
from booklet.release.atomic import publish_tree

ZIP_EPOCH_MIN = 315532800  # 1980-01-01: the earliest date a zip entry can hold


class DistError(Exception):
    """Nothing to release (the build has not run)."""


def release_dir(cfg: Config, dist_dir: Path) -> Path:
    return dist_dir / f"{cfg.name}-{cfg.version}"


def write_zip(source: Path, target: Path, epoch: int) -> None:
    stamp = time.gmtime(max(epoch, ZIP_EPOCH_MIN))[:6]
    files = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith(".buildinfo"))
    with zipfile.ZipFile(target, "w") as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(source).as_posix(), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100644 & 0xFFFF) << 16
            info.create_system = 3  # Unix, whatever the host
            archive.writestr(info, path.read_bytes(), compresslevel=9)


def pdfs(cfg: Config) -> list[Path]:
    """Every PDF the build made (the reading editions and any print editions)."""
    found: list[Path] = []
    for folder in ("pdf", "print"):
        found.extend(sorted((cfg.build_dir / folder).glob("*.pdf")))
    return found


def make_dist(cfg: Config, dist_dir: Path) -> Path:
    site = cfg.html_dir()
    if not (site / "index.html").is_file():
        raise DistError(f"{site}: no site built; run `booklet build` first")
    files = pdfs(cfg)
    if not files:
        raise DistError(f"{cfg.build_dir}: no PDF built; run `booklet build` first")
    target = release_dir(cfg, dist_dir)
    staging = dist_dir / f".{target.name}.staging"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        write_zip(site, staging / f"{cfg.name}-{cfg.version}-site.zip", build_timestamp(cfg.root)[0])
        for pdf in files:
            shutil.copyfile(pdf, staging / pdf.name)
        sums = [
            f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in sorted(staging.iterdir())
        ]
        (staging / "SHA256SUMS").write_text("".join(sums), encoding="utf-8")
        publish_tree(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
