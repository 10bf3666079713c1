"""The reader's site in a real browser: Debian's chromium, headless, driven by playwright, serving a
build of the sample on 127.0.0.1. What a reader sees is checked by visibility, not by text in the
DOM (a notice waiting for its date is in the DOM, hidden). Accessibility: axe-core's WCAG 2.1 A/AA
rules. Skipped, with the reason, where hugo, chromium or the Python packages are missing."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from shell_support import fork_server
from site_support import BORAS, build, copy_project, need_hugo

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

# Under pytest-xdist this module's tests share a worker: one browser and one built sample serve all.
pytestmark = pytest.mark.xdist_group("site_browser")

CHROMIUM = "/usr/bin/chromium"
NOTICE_SV = (
    "Denna nyhet kan innehålla inaktuell information. Det kan bero på att nyheten är publicerad "
    "för länge sedan eller att ny information har ersatt denna."
)
RECENT = "julbelysningen-tands-pa-stora-torget"  # published 2026-11-20, stale from 2027-11-20 09:00
SUPERSEDED = "nya-oppettider-pa-stadsbiblioteket"
SUCCESSOR = "stadsbiblioteket-utokar-oppettiderna"
DRAFT = "ny-vagledning-for-foreningsbidrag-2027"
SCHEDULED = "snorojning-sa-prioriterar-vi-gatorna-i-vinter"
BUILD_TIME = datetime.fromisoformat("2026-11-29T12:00:00+01:00")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def need_browser() -> None:
    need_hugo()
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"chromium is not installed at {CHROMIUM} (apt-get install -y chromium; .ci/run does)")
    try:
        import playwright.sync_api  # noqa: F401  (only whether it is there)
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[dev]')")


class Server:
    """``public`` over HTTP on 127.0.0.1, on a free port, in a thread; a missing file is a 404."""

    def __init__(self, public: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(public))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # the test's output stays readable
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def sample(committed_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    need_browser()
    project = copy_project(tmp_path_factory.mktemp("site") / "project", committed_sample)
    with fork_server() as forked:  # the export is a fork of this process, not a new interpreter
        build(project, server=forked)
    server = Server(project / "site" / "public")
    yield server
    server.close()


@pytest.fixture(scope="module")
def at_build_time(browser: Browser) -> Iterator[BrowserContext]:
    """One browser context, its clock pinned at the build's moment, for the tests that only read
    the built pages (all in one page, ``reader``). A test that sets another time or turns
    JavaScript off makes its own."""
    context = browser.new_context()
    context.clock.set_fixed_time(BUILD_TIME)
    yield context
    context.close()


@pytest.fixture(scope="module")
def reader(at_build_time: BrowserContext) -> Iterator[Page]:
    """The page whose clock is pinned at the build's moment, shared by the tests that only read:
    each starts by loading its page (a new document, nothing left of the last test's), and one
    tab costs a renderer process where a tab per test cost one each, and axe-core, compiled in
    a fresh process for every test, is compiled once (V8 keeps it for the process)."""
    tab = at_build_time.new_page()
    yield tab
    tab.close()


def article(server: Server, slug: str) -> str:
    return server.url(f"/nyheter/{slug}/")


def test_the_boras_page_as_the_reader_sees_it(sample: Server, reader: Page) -> None:
    response = reader.goto(article(sample, BORAS))
    assert response is not None
    assert response.status == 200
    notice = reader.locator(".notice")
    assert notice.is_visible()
    assert notice.inner_text().strip() == NOTICE_SV
    assert notice.get_attribute("role") == "note"
    # Between the byline and the lead, as on the reference page.
    order = reader.eval_on_selector_all(
        "article > *", "nodes => nodes.map(n => n.className || n.tagName.toLowerCase())"
    )
    assert order.index("byline") < order.index("notice") < order.index("lead")
    assert reader.get_by_text("Vy över Borås.", exact=True).is_visible()
    image = reader.locator("figure img")
    assert image.get_attribute("alt") == "Vy över Borås med hus och grönska."
    more = reader.locator("section.more")
    assert more.get_by_role("heading", name="Mer om").is_visible()
    links = more.get_by_role("link")
    assert links.count() == 3
    assert all(links.nth(i).is_visible() for i in range(3))
    assert reader.get_by_text("Senast ändrad: 2022-12-07", exact=True).is_visible()
    assert reader.get_by_text("Ändrad av: Stadsledningskansliet", exact=True).is_visible()
    assert reader.locator("html").get_attribute("lang") == "sv"


def test_a_recent_article_goes_stale_on_the_readers_clock(
    sample: Server, at_build_time: BrowserContext, reader: Page
) -> None:
    reader.goto(article(sample, RECENT))  # at the build's moment
    notice = reader.locator(".notice")
    assert notice.count() == 1  # in the page, waiting
    assert notice.is_hidden()
    try:
        # A year later, the same build: the reader's clock has passed stale_at.
        at_build_time.clock.set_fixed_time(datetime.fromisoformat("2027-11-20T09:00:01+01:00"))
        reader.reload()
        assert notice.is_visible()
        assert notice.inner_text().strip() == NOTICE_SV
    finally:
        at_build_time.clock.set_fixed_time(BUILD_TIME)  # the moment the other readers' tests read at


def test_an_open_page_shows_the_notice_when_the_moment_comes(sample: Server, browser: Browser) -> None:
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.clock.install(time=datetime.fromisoformat("2027-11-20T08:59:00+01:00"))
        tab.goto(article(sample, RECENT))
        notice = tab.locator(".notice")
        assert notice.is_hidden()
        tab.clock.run_for("02:00")
        assert notice.is_visible()
    finally:
        context.close()


def test_without_javascript_the_build_time_decision_shows(sample: Server, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(article(sample, BORAS))
        assert tab.locator(".notice").is_visible()
        tab.goto(article(sample, RECENT))
        assert tab.locator(".notice").is_hidden()
    finally:
        context.close()


def test_a_superseded_page_links_its_successor(sample: Server, reader: Page) -> None:
    reader.goto(article(sample, SUPERSEDED))
    assert reader.locator(".notice").is_visible()
    link = reader.get_by_role("link", name="Stadsbiblioteket utökar öppettiderna")
    assert link.is_visible()
    link.click()
    reader.wait_for_url(article(sample, SUCCESSOR))
    assert reader.locator("h1").inner_text() == "Stadsbiblioteket utökar öppettiderna"
    assert reader.locator(".notice").is_hidden()


@pytest.mark.parametrize("slug", [DRAFT, SCHEDULED, "_template", "mall-for-nya-nyheter"])
def test_drafts_and_scheduled_articles_are_not_published(
    sample: Server, at_build_time: BrowserContext, slug: str
) -> None:
    # Asked over HTTP by the browser's context, not rendered in a page (a page load is most of
    # this module's CPU): there is nothing to see, only the 404.
    response = at_build_time.request.get(article(sample, slug))
    assert response.status == 404


def test_the_news_list(sample: Server, reader: Page) -> None:
    reader.goto(sample.url("/nyheter/"))
    items = reader.locator("ul.news-list > li")
    assert items.count() == 9
    assert items.first.get_by_role("link").inner_text() == "Julbelysningen tänds på Stora torget"
    assert reader.get_by_role("main").is_visible()


@pytest.mark.parametrize(
    "path",
    [f"/nyheter/{BORAS}/", f"/nyheter/{SUPERSEDED}/", "/nyheter/", "/nyheter/sa-sorterar-du-ditt-avfall/"],
    ids=["article", "superseded", "list", "evergreen"],
)
def test_no_wcag_21_aa_violations(sample: Server, reader: Page, path: str) -> None:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.skip("the axe-playwright-python package is not installed (pip install -e '.[dev]')")
    reader.goto(sample.url(path))
    results = Axe().run(reader, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, results.generate_report()


def test_the_accessibility_check_can_fail(sample: Server, reader: Page) -> None:
    """The check above is real: a page with an image without alt text and no lang is caught."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.skip("the axe-playwright-python package is not installed (pip install -e '.[dev]')")
    reader.goto(sample.url("/nyheter/"))
    reader.set_content("<html><body><img src='/x.jpg'><a href='/'></a></body></html>")
    results = Axe().run(reader, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    rules = {v["id"] for v in results.response["violations"]}
    assert {"image-alt", "html-has-lang", "link-name"} <= rules
