"""The reader's site against ``newscli list``: what every built page shows, compared without a browser.

Used by the benchmark (benchmarks/run.py, the site rows, at 10,000 articles) and by the test suite
(tests/test_site.py, on a smaller corpus). A page shows the notice (``stale``), or none, or one hidden
until its ``stale_at`` (``published``); and the link to its successor, if any. Drafts and scheduled
articles have no page.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

Shown = tuple[str, str | None, str | None]  # (status, stale_at when hidden, successor's slug linked)

NOTICE = re.compile(r'<div class="notice" role="note"[^>]*?( hidden data-stale-at="([^"]*)")?>')
SUCCESSOR = re.compile(r'<p class="successor">[^<]*<a href="/nyheter/([^/"]+)/">')
PUBLISHED = ("published", "stale")


def shown(public: Path) -> dict[str, Shown]:
    """Per built article page, by slug (its folder under nyheter/), what it shows."""
    found: dict[str, Shown] = {}
    for index in (public / "nyheter").glob("*/index.html"):
        if index.parent.name == "page":  # the list's pages
            continue
        text = index.read_text(encoding="utf-8")
        notice = NOTICE.search(text)
        successor = SUCCESSOR.search(text)
        linked = successor[1] if successor else None
        if notice is None:
            found[index.parent.name] = ("published", None, linked)
        elif notice[1] is None:
            found[index.parent.name] = ("stale", None, linked)
        else:
            found[index.parent.name] = ("published", html.unescape(notice[2]), linked)
    return found


def expected(listed: Iterable[Mapping[str, Any]]) -> dict[str, Shown]:
    """What each page should show, from `newscli list --all --format json`'s records."""
    by_slug = {a["slug"]: a for a in listed}
    wanted: dict[str, Shown] = {}
    for slug, article in by_slug.items():
        if article["status"] not in PUBLISHED:
            continue
        stale_at = article["stale_at"] if article["status"] == "published" else None
        successor = by_slug.get(article["superseded_by"] or "")
        linked = successor["slug"] if successor is not None and successor["status"] in PUBLISHED else None
        wanted[slug] = (article["status"], stale_at, linked)
    return wanted


def mismatches(
    listed: Iterable[Mapping[str, Any]], public: Path
) -> dict[str, tuple[Shown | None, Shown | None]]:
    """Slug -> (what the page shows, what list says) wherever they differ; a page too many or missing too."""
    built, wanted = shown(public), expected(listed)
    pairs = {slug: (built.get(slug), wanted.get(slug)) for slug in built.keys() | wanted.keys()}
    return {slug: pair for slug, pair in pairs.items() if pair[0] != pair[1]}


# The plain site: the same config, articles and page parts (title, date, byline, lead, image with
# caption, body, "Mer om", "Senast ändrad", "Ändrad av"), the same frame and list, from the front
# matter alone: no data file, no decision, no notice. What the site build costs beyond it is the
# decision's cost.
PLAIN_BASEOF = """<!DOCTYPE html>
<html lang="{{ .Params.language | default site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Params.siteName }}</title>
<link rel="stylesheet" href="{{ "css/site.css" | relURL }}">
</head>
<body>
<a class="skip" href="#innehall">Till innehållet</a>
<header class="site-header">
<div class="wrap">
<a class="site-name" href="{{ "/" | relURL }}">{{ site.Params.siteName }}</a>
<nav aria-label="Nyheter"><ul><li><a href="{{ "nyheter/" | relURL }}">Nyheter</a></li></ul></nav>
</div>
</header>
<main id="innehall" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
<div class="wrap"><p>{{ site.Params.siteName }}</p></div>
</footer>
</body>
</html>
"""
PLAIN_SINGLE = """{{- define "main" -}}
<article class="news">
<h1>{{ .Title }}</h1>
<p class="byline">Artikeln publicerades: <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">
{{- .Date.Format "2006-01-02" }}</time>
{{- with .Params.author }} <span class="author">Av {{ . }}</span>{{ end }}</p>
{{- with .Params.lead }}
<p class="lead">{{ . }}</p>
{{- end }}
{{- with .Params.image }}
<figure class="image">
<img src="{{ .src | relURL }}" alt="{{ .alt }}">
{{- with .caption }}
<figcaption>{{ . }}</figcaption>
{{- end }}
</figure>
{{- end }}
<div class="body">
{{ .Content }}
</div>
{{- with .Params.links }}
<section class="more" aria-labelledby="newscli-mer-om">
<h2 id="newscli-mer-om">Mer om</h2>
<ul>
{{- range . }}
<li><a href="{{ .url }}">{{ .title }}</a></li>
{{- end }}
</ul>
</section>
{{- end }}
<footer class="page-meta">
<p>Senast ändrad: <time datetime="{{ .Lastmod.Format "2006-01-02T15:04:05Z07:00" }}">
{{- .Lastmod.Format "2006-01-02" }}</time></p>
{{- with .Params.modified_by }}
<p>Ändrad av: {{ . }}</p>
{{- end }}
</footer>
</article>
{{- end -}}
"""
PLAIN_LIST = """{{- define "main" -}}
<h1>{{ .Title }}</h1>
{{- $pager := .Paginate .RegularPages }}
<ul class="news-list">
{{- range $pager.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">
{{- .Date.Format "2006-01-02" }}</time></li>
{{- end }}
</ul>
{{- end -}}
"""


def install_sites(project: Path, repo: Path) -> None:
    """The project's site/ (layouts as shipped) and site-plain/ (the same config, plain layouts,
    no data file) beside the articles folder: the two builds the benchmark compares."""
    skip = shutil.ignore_patterns("public", "resources", ".hugo_build.lock", "newscli.json", "public-*")
    for name in ("site", "site-plain"):
        if (project / name).exists():
            shutil.rmtree(project / name)
    shutil.copytree(repo / "site", project / "site", ignore=skip)
    plain = project / "site-plain"
    plain.mkdir()
    shutil.copy2(repo / "site" / "hugo.toml", plain / "hugo.toml")
    shutil.copytree(repo / "site" / "content", plain / "content")
    shutil.copytree(repo / "site" / "static", plain / "static")
    layouts = plain / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(PLAIN_BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(PLAIN_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(PLAIN_LIST, encoding="utf-8")
