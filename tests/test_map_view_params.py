"""A map view in a link (``?z=9&lat=40.1&lon=47.2``): written by the Map page, read back."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from articlemap.map_view import MAX_ZOOM, MIN_ZOOM, WORLD, MapView, from_params, reported_view


@given(
    st.integers(MIN_ZOOM, MAX_ZOOM),
    st.floats(-90, 90, allow_nan=False),
    st.floats(-1000, 1000, allow_nan=False),
)
def test_a_view_comes_back_from_its_link(zoom, lat, lon):
    params = MapView(lat, lon, zoom).params()
    back = from_params(params["z"], params["lat"], params["lon"])
    assert back is not None and back.zoom == zoom
    assert abs(back.lat - lat) <= 5e-5
    wrapped = (lon + 180.0) % 360.0 - 180.0
    assert min(abs(back.lon - wrapped), 360 - abs(back.lon - wrapped)) <= 5e-5 + 1e-9
    assert -180.0 <= back.lon <= 180.0


def test_the_written_view_is_short():
    written = MapView(40.20405, 407.19726, 9).params()
    assert written == {"z": "9", "lat": "40.2041", "lon": "47.1973"}


@given(st.text(max_size=8), st.text(max_size=8), st.text(max_size=8))
def test_any_text_is_a_view_or_none_never_an_error(z, lat, lon):
    view = from_params(z, lat, lon)
    assert view is None or (
        MIN_ZOOM <= view.zoom <= MAX_ZOOM and -90 <= view.lat <= 90 and math.isfinite(view.lon)
    )


def test_what_is_not_a_view():
    for z, lat, lon in [
        (None, "40", "47"),
        ("9", None, "47"),
        ("9", "40", ""),
        ("0", "40", "47"),
        ("19", "40", "47"),
        ("9.5", "40", "47"),
        ("9", "91", "47"),
        ("9", "nan", "47"),
        ("9", "40", "inf"),
        ("9", "40", "nan"),
    ]:
        assert from_params(z, lat, lon) is None, (z, lat, lon)
    assert from_params("9", "-90", "180") == MapView(-90.0, -180.0, 9)


def _report(zoom, lat, lng):
    return {"zoom": zoom, "center": {"lat": lat, "lng": lng}, "last_object_clicked": None}


def test_the_base_maps_first_report_is_not_a_view_unless_it_was_asked_for():
    """streamlit-folium reports the base map (WORLD) before it moves to the asked view."""
    link = MapView(40.9965, 45.6125, 9)
    first = _report(WORLD.zoom, WORLD.lat, WORLD.lon)
    assert reported_view(first, asked=link) is None
    assert reported_view(first, asked=WORLD) == WORLD
    assert reported_view(_report(9, 40.9965, 45.6125), asked=link) == link
    # the reader's own world view, a hair off the base map's centre, is theirs
    assert reported_view(_report(2, 20.0001, 0.0), asked=link) == MapView(20.0001, 0.0, 2)


@given(
    st.one_of(
        st.none(),
        st.dictionaries(st.sampled_from(["zoom", "center", "x"]), st.none() | st.integers()),
        st.builds(
            _report,
            st.none() | st.booleans() | st.integers(-5, 30) | st.floats() | st.text(max_size=3),
            st.none() | st.floats() | st.text(max_size=3),
            st.none() | st.floats() | st.integers(),
        ),
    )
)
def test_any_report_is_a_view_or_none_never_an_error(report):
    view = reported_view(report, asked=MapView(40.0, 47.0, 7))
    assert view is None or (math.isfinite(view.lat) and math.isfinite(view.lon))
