"""Open the app under AppTest as a link would: the URL's query parameters set before the first run."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from sahel_atlas.store.dataset import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
Params = dict[str, str | list[str]]


def app_test(params: Params | None = None) -> AppTest:
    """The app, not run yet, with `params` as its query string."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at


def open_file(page: str, params: Params | None = None) -> AppTest:
    """The first run on a page file (`app_pages/map.py`), as a link to its URL opens it."""
    at = app_test(params)
    at.switch_page(page)
    return at.run()


def open_url(url_path: str, params: Params | None = None) -> AppTest:
    """The first run on the page at /<url_path>: a page's hash is its URL path's (`st.Page`),
    and a profile's file is registered once per actor, so `switch_page` cannot name it."""
    at = app_test(params)
    at._page_hash = calc_hash(url_path)
    return at.run()


def assert_no_error(at: AppTest) -> AppTest:
    """`at`, once it showed neither a traceback nor an error message."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at
