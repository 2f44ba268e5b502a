"""The webmaster's command in scripts/: the file it creates builds into a published page."""

import shutil
import subprocess
import sys

from conftest import REPO_ROOT


def run_tool(project_root, *args):
    """Run a copy of scripts/new-announcement that belongs to the test project."""
    script = project_root / "scripts" / "new-announcement"
    script.parent.mkdir(exist_ok=True)
    shutil.copy2(REPO_ROOT / "scripts" / "new-announcement", script)
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, check=False)


def test_new_announcement_builds_and_is_published(tmp_path, make_project, build_project):
    project = make_project(tmp_path, {})
    result = run_tool(
        project.root,
        "--title", "Tăng cường công tác quản lý tài sản công năm 2026",
        "--type", "cong-van", "--number", "123/STC-GCS", "--date", "2026-02-05",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    created = project.posts / "2026" / "tang-cuong-cong-tac-quan-ly-tai-san-cong-nam-2026.md"
    assert created.is_file()
    assert str(created) in result.stdout

    built = build_project(project)
    assert built.code == 0, built.output
    page = (built.site / "tin-tuc/2026/tang-cuong-cong-tac-quan-ly-tai-san-cong-nam-2026/index.html").read_text()
    assert "Số: 123/STC-GCS" in page
    assert "Sóc Trăng, ngày 05 tháng 02 năm 2026" in page
    assert "V/v tăng cường công tác quản lý tài sản công năm 2026" in page


def test_new_announcement_refuses_to_overwrite(tmp_path, make_project):
    project = make_project(tmp_path, {})
    args = ("--title", "Lịch tiếp công dân", "--type", "thong-bao", "--number", "05/TB-STC", "--date", "2026-03-02")
    assert run_tool(project.root, *args).returncode == 0
    created = project.posts / "2026" / "lich-tiep-cong-dan.md"
    created.write_text(created.read_text(encoding="utf-8") + "Đã sửa.\n", encoding="utf-8")
    before = created.read_bytes()

    again = run_tool(project.root, *args)
    assert again.returncode != 0
    assert "không ghi đè" in again.stderr
    assert created.read_bytes() == before
