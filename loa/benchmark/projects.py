"""The three projects the benchmark builds from one generated content: Loa's, Material's blog's and Hugo's.

Each holds the same announcements: Loa's as the webmaster writes them, the blog's as the same
Markdown files laid out as blog posts, Hugo's as the same bodies under front matter Hugo reads.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

from loa.benchmark.content import GeneratedContent, write_announcements, write_campaign_kits, yaml_string

HOME_PAGE = "---\ntitle: Trang chủ\ntemplate: home.html\n---\nCổng thông tin sinh cho benchmark của Loa.\n"
BLOG_CONFIG = """\
site_name: Benchmark
site_url: https://example.org/
theme:
  name: material
  language: vi
  font: false
plugins:
  - search
  - blog:
      blog_dir: tin-tuc
      post_url_format: '{slug}'
"""
HUGO_CONFIG = """\
baseURL = "https://example.org/"
languageCode = "vi"
title = "Benchmark"
buildFuture = true
paginate = 10
"""
# Minimal templates: every listing (home, section, tags) paginated by 10 like Loa's, and each post.
HUGO_LIST = """\
<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }}</li>
{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
</body></html>
"""
HUGO_SINGLE = """\
<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><article><h1>{{ .Title }}</h1><p>{{ .Date.Format "02/01/2006" }}</p>
{{ .Content }}
<p>{{ range .Params.tags }}<a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
</article></body></html>
"""


def make_loa_project(folder: Path, content: GeneratedContent, repository: Path) -> Path:
    """The repository's mkdocs.yml, theme and assets, with the generated kits instead of the demo's."""
    shutil.copytree(repository / "overrides", folder / "overrides")
    shutil.copytree(repository / "assets", folder / "assets", ignore=shutil.ignore_patterns("campaigns"))
    shutil.copy(repository / "mkdocs.yml", folder / "mkdocs.yml")
    write_campaign_kits(content.campaigns, folder / "assets" / "campaigns")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text(HOME_PAGE, encoding="utf-8")
    write_announcements(content, folder / "docs")
    return folder


def make_blog_project(folder: Path, content: GeneratedContent) -> Path:
    """Material's blog plugin over the same Markdown files, as posts of the blog `tin-tuc`."""
    (folder / "docs" / "tin-tuc").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (folder / "docs" / "tin-tuc" / "index.md").write_text("# Tin tức\n", encoding="utf-8")
    write_announcements(content, folder / "docs")
    (folder / "mkdocs.yml").write_text(BLOG_CONFIG, encoding="utf-8")
    return folder


def make_hugo_project(folder: Path, content: GeneratedContent) -> Path:
    """Hugo over the same bodies: content/posts/<slug>.md with title, date, draft and tags, and
    minimal list and single templates (Hugo also makes its tag pages, feeds and sitemap)."""
    posts = folder / "content" / "posts"
    posts.mkdir(parents=True)
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (folder / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (folder / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    for item in content.announcements:
        lines = [f"title: {yaml_string(item.title)}", f"date: {item.date.isoformat()}"]
        if item.draft:
            lines.append("draft: true")
        if item.tags:
            lines.append("tags: [" + ", ".join(yaml_string(t) for t in item.tags) + "]")
        text = "---\n" + "\n".join(lines) + "\n---\n" + item.body
        (posts / f"{item.slug}.md").write_text(unicodedata.normalize("NFC", text), encoding="utf-8")
    return folder
