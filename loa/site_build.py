"""Build the site so that a failed build leaves the last good site untouched.

MkDocs empties its output folder before it reads any content, so a build with bad content
would leave a broken or empty site. Loa builds into a fresh sibling folder and swaps it in
only when the build succeeded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def build_site(config_file: Path, site_dir: Path, extra_env: dict[str, str] | None = None) -> int:
    """Run the MkDocs build into a staging folder; on success replace `site_dir` with it.

    Returns the build's exit code; on failure `site_dir` is exactly as it was.
    """
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--clean",
        "--config-file",
        str(config_file),
        "--site-dir",
        str(staging),
    ]
    result = subprocess.run(command, env=env, check=False)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return result.returncode
    retired = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(retired, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(retired)
    staging.rename(site_dir)
    site_dir.chmod(0o755)  # mkdtemp makes a private folder; a web server must read it
    shutil.rmtree(retired, ignore_errors=True)
    return 0
