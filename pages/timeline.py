"""Timeline: every dated event on one chart; click one to read it and open it on the map."""

import altair as alt
import pandas as pd
import streamlit as st

from articlemap.escaping import display_text
from ui import cards, chart_rows, controls, data, layout, share, stories

layout.page_setup()
ds = data.dataset()
controls.init_state()
flt = controls.event_filter(ds)
events = [e for e in flt.apply(ds.events) if e.is_dated]

layout.story_heading(ds.meta, "Timeline")
st.caption(
    "Dated events as the article tells them. Bars are ranges, dots single days, diamonds "
    "approximate dates. Drag to pan, scroll to zoom, click an event to read it."
)

if not events:
    st.info("No dated event matches the filters.")
    st.stop()

frame = pd.DataFrame(
    [
        {
            **chart_rows.event_row(e),
            "category": display_text(ds.meta.label(e.category)),
            "approximate": e.date_precision == "approximate",
        }
        for e in events
    ]
)
focus = ds.timeline_focus
span = st.segmented_control(
    "Span",
    [display_text(focus.label), "Everything"],
    default=display_text(focus.label),
    key=f"timeline_span-{ds.meta.id}",
    label_visibility="collapsed",
)
first, last = frame["start"].min(), frame["end"].max()
if span == "Everything":
    pad = max(pd.Timedelta(days=30), (last - first) * 0.05)
    domain = [first - pad, last + pad]
else:
    domain = [pd.Timestamp(focus.start), pd.Timestamp(focus.end)]
categories = [c for c in ds.meta.categories if any(e.category == c.id for e in events)]
# A click picks the mark whose centre is nearest (a Voronoi over the dots): a week apart on
# the war years' span two marks overlap, and the one drawn on top took every click on both
# (a click on 11 Oct opened 17 Oct). A range is picked by its dot, at its start.
pick = alt.selection_point(fields=["id"], name="pick", on="click", nearest=True)
colour = alt.Color(
    "category:N",
    scale=alt.Scale(
        domain=[display_text(c.label) for c in categories], range=[c.colour for c in categories]
    ),
    # Four columns on a wide chart; two of at most 140 px on a phone's 358 px (four were cut
    # off there). ``width`` is the chart's own width signal.
    legend=alt.Legend(
        orient="bottom",
        title=None,
        columns=alt.ExprRef("width < 520 ? 2 : 4"),
        labelLimit=140,
        columnPadding=16,
    ),
)
base = alt.Chart(frame).encode(
    x=alt.X(
        "start:T",
        title=None,
        # domainMin/Max in ms, not domain=[…]: with a bar's x2 on the same scale, Vega-Lite
        # parsed an explicit domain twice and warned "Conflicting scale property" and
        # "Infinite extent" on every load (tests/e2e/test_pages.py checks the console).
        scale=alt.Scale(
            domainMin=alt.DateTime(year=domain[0].year, month=domain[0].month, date=domain[0].day),
            domainMax=alt.DateTime(year=domain[1].year, month=domain[1].month, date=domain[1].day),
        ),
        axis=alt.Axis(
            format="%Y" if span == "Everything" and (last - first).days > 1500 else "%b %Y",
            labelOverlap=True,
        ),
    ),
    y=alt.Y("category:N", sort=[display_text(c.label) for c in categories], title=None),
    color=colour,
    tooltip=chart_rows.tooltip(),
    opacity=alt.condition(pick, alt.value(0.95), alt.value(0.35)),
)
bars = base.mark_bar(height=14, cornerRadius=3).encode(x2=alt.X2("end"))
dots = (
    base.mark_point(size=140, filled=True)
    .encode(shape=alt.condition("datum.approximate", alt.value("diamond"), alt.value("circle")))
    .add_params(pick)  # on the dots alone: Vega-Lite's "nearest" is for point marks
)
# SVG: each mark a node with its own description (the event's fields), for screen readers
# and for the e2e test that clicks a mark; a story's few hundred marks draw fast as SVG.
chart = (
    (bars + dots)
    .properties(height=380, usermeta={"embedOptions": {"renderer": "svg"}})
    .interactive(bind_y=False)
)
state = st.altair_chart(chart, on_select="rerun", selection_mode="pick", key="timeline_chart")

ids = [p.get("id") for p in (state.selection.get("pick", []) if state else [])]
chosen = next((e for e in events if e.id in ids), None)
if chosen is None:
    st.markdown("Click an event on the chart to read its passage here.")
else:
    cards.event_card(chosen, ds.meta, selected=True, key_prefix="timeline")
    if chosen.places:
        # A real link (the address bar must show the map's URL; see share.page_anchor):
        # the map opens on the event as a shared ?event= link does.
        share.page_anchor("map", "Show on map", {**stories.page_params(), "event": chosen.id})

with st.expander(f"All {len(events)} dated events in order"):
    st.dataframe(
        frame[["date", "as_written", "precision", "category", "title"]],
        hide_index=True,
        width="stretch",
    )
