"""A browser session of the app driven from Python: Streamlit's protocol over its websocket.

What a browser does (streamlit 1.67; checked by capturing Chromium's frames with Playwright's
``page.on("websocket")``), and what :class:`Session` replays:

* connect to ``ws://HOST/_stcore/stream`` with the subprotocol ``streamlit`` (a client that
  sends no ``Origin`` header is accepted; XSRF is only checked for browser origins);
* first run: ``BackMsg.rerun_script`` with empty widget states and the context info; the
  server answers ``new_session`` (carrying ``page_script_hash``), ``navigation``, the deltas,
  then ``script_finished``;
* a slider move: ``BackMsg.rerun_script`` with the URL's query string, the widget states
  (a range select_slider's value is a ``string_array_value`` of the two formatted option
  strings; a date ``st.slider``'s is a ``double_array_value`` of microseconds since the
  epoch), the ``page_script_hash``, the ``fragment_id`` of the widget's fragment when it
  sits in an ``st.fragment``, and ``cached_message_hashes`` (large messages the client already
  holds: the server then sends a ``ref_hash`` instead of the message);
* the run ends with ``script_finished`` = FINISHED_SUCCESSFULLY or
  FINISHED_FRAGMENT_RUN_SUCCESSFULLY (FINISHED_EARLY_FOR_RERUN: a newer run took over).

Only the slider's state is sent with a move (the browser sends every widget): the server
keeps the other widgets' last values, so the run does the same work.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider as SliderProto
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

MAX_MESSAGE_BYTES = 512 * 1024 * 1024
CACHE_AGE = 2  # streamlit's global.maxCachedMessageAge: the browser's cache keeps 2 runs

_DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile error",
}


@dataclass
class Slider:
    """The range slider's state as the browser holds it.

    Two shapes: a ``select_slider`` (``options``: the formatted strings; ``lo``/``hi`` are
    indices; sent as ``string_array_value``) or a numeric/date ``st.slider`` (no options;
    ``lo``/``hi`` are values between ``min`` and ``max`` in ``step``s — for dates,
    microseconds since the epoch; sent as ``double_array_value``).
    """

    widget_id: str
    options: list[str]
    lo: float
    hi: float
    minimum: float = 0.0
    maximum: float = 0.0
    step_size: float = 1.0
    is_date: bool = False
    fragment_id: str = ""
    query_param_key: str = ""

    @property
    def first(self) -> float:
        return 0 if self.options else self.minimum

    @property
    def last(self) -> float:
        return len(self.options) - 1 if self.options else self.maximum

    @property
    def stride(self) -> float:
        return 1 if self.options else self.step_size

    def value(self) -> list[str]:
        """The value as the URL shows it."""
        if self.options:
            return [self.options[int(self.lo)], self.options[int(self.hi)]]
        if self.is_date:
            epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
            return [
                (epoch + dt.timedelta(microseconds=v)).date().isoformat()
                for v in (self.lo, self.hi)
            ]
        return [f"{v:g}" for v in (self.lo, self.hi)]

    def fill(self, widget) -> None:
        """Put the value into a ``WidgetState`` proto."""
        widget.id = self.widget_id
        if self.options:
            widget.string_array_value.data.extend(self.value())
        else:
            widget.double_array_value.data.extend([self.lo, self.hi])


@dataclass
class RunResult:
    ms: float
    bytes: int = 0
    messages: int = 0
    status: str = "ok"  # ok | exception | compile error | timeout | closed
    error: str = ""
    biggest: dict[str, int] = field(default_factory=dict)  # message kind -> bytes

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _kind(msg: ForwardMsg) -> str:
    kind = msg.WhichOneof("type") or "?"
    if kind == "delta":
        delta = msg.delta.WhichOneof("type") or "?"
        if delta == "new_element":
            return msg.delta.new_element.WhichOneof("type") or "?"
        return delta
    return kind


class Session:
    """One browser tab's protocol: connect, first run, slider moves. Not thread-safe."""

    def __init__(
        self,
        base_url: str,
        label: str = "Show events between",
        timeout: float = 60,
        query: str = "",
    ):
        """``query`` is the page's own query string ("story=<id>"): sent with every run,
        as a browser sends its address, before the slider's parameters."""
        self.ws_url = base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.page_url = base_url + "/" + (f"?{query}" if query else "")
        self.query = query
        self.label = label
        self.timeout = timeout
        self.ws = None
        self.page_script_hash = ""
        self.slider: Slider | None = None
        self._cache: dict[str, int] = {}  # hash -> run number it was last seen in
        self._runs = 0

    async def connect(self) -> None:
        self.ws = await asyncio.wait_for(
            connect(
                self.ws_url,
                subprotocols=["streamlit"],
                max_size=MAX_MESSAGE_BYTES,
                compression=None,  # the server has websocket compression off by default
                ping_interval=None,  # a busy benchmark loop must not drop the connection
                open_timeout=self.timeout,
            ),
            self.timeout,
        )

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(TimeoutError, WebSocketException, OSError):
                await asyncio.wait_for(self.ws.close(), 5)
            self.ws = None

    def _context_info(self, state) -> None:
        info = state.context_info
        info.timezone = "UTC"
        info.timezone_offset = 0
        info.locale = "en-US"
        info.url = self.page_url
        info.is_embedded = False
        info.color_scheme = "light"

    async def first_run(self) -> RunResult:
        msg = BackMsg()
        msg.rerun_script.widget_states.SetInParent()
        msg.rerun_script.query_string = self.query
        self._context_info(msg.rerun_script)
        return await self._run(msg)

    def step(self, thumb: str, delta: int) -> bool:
        """Move a thumb of the range slider by `delta` stops (like arrow keys): False if it
        cannot move that way."""
        s = self.slider
        if s is None:
            raise RuntimeError(f"no slider labelled {self.label!r} in the first run")
        if thumb == "end":
            new = min(max(s.hi + delta * s.stride, s.lo), s.last)
            if new == s.hi:
                return False
            s.hi = new
        else:
            new = max(min(s.lo + delta * s.stride, s.hi), s.first)
            if new == s.lo:
                return False
            s.lo = new
        return True

    async def move(self) -> RunResult:
        """Send the slider's current value (set with :meth:`step`) as the browser does."""
        s = self.slider
        assert s is not None
        msg = BackMsg()
        state = msg.rerun_script
        params = [(s.query_param_key, v) for v in s.value()] if s.query_param_key else []
        state.query_string = "&".join(q for q in (self.query, urlencode(params)) if q)
        s.fill(state.widget_states.widgets.add())
        state.page_script_hash = self.page_script_hash
        if s.fragment_id:
            state.fragment_id = s.fragment_id
        state.cached_message_hashes.extend(sorted(self._cache))
        self._context_info(state)
        return await self._run(msg)

    async def _run(self, back: BackMsg) -> RunResult:
        if self.ws is None:
            return RunResult(ms=0.0, status="closed", error="not connected")
        start = time.perf_counter()
        result = RunResult(ms=0.0)
        deadline = start + self.timeout
        try:
            await self.ws.send(back.SerializeToString())
            while True:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise TimeoutError
                data = await asyncio.wait_for(self.ws.recv(), remaining)
                if isinstance(data, str):
                    data = data.encode()
                result.bytes += len(data)
                result.messages += 1
                msg = ForwardMsg()
                msg.ParseFromString(data)
                kind = _kind(msg)
                result.biggest[kind] = max(result.biggest.get(kind, 0), len(data))
                self._see(msg, kind, result)
                if msg.WhichOneof("type") == "script_finished":
                    status = _DONE.get(msg.script_finished)
                    if status is None:  # finished early: a newer run is coming
                        continue
                    if status != "ok":
                        result.status = status
                    break
        except TimeoutError:
            result.status, result.error = "timeout", f"no script_finished in {self.timeout} s"
        except (WebSocketException, OSError) as exc:
            result.status, result.error = "closed", f"{type(exc).__name__}: {exc}"
            self.ws = None
        result.ms = (time.perf_counter() - start) * 1000
        self._runs += 1
        self._cache = {h: n for h, n in self._cache.items() if self._runs - n <= CACHE_AGE}
        return result

    def _see(self, msg: ForwardMsg, kind: str, result: RunResult) -> None:
        kind_of_msg = msg.WhichOneof("type")
        if kind_of_msg == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
        elif kind_of_msg == "ref_hash":
            self._cache[msg.ref_hash] = self._runs
        if msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = self._runs
        if kind == "exception" and result.status == "ok":
            exc = msg.delta.new_element.exception
            result.status = "exception"
            result.error = f"{exc.type}: {exc.message}"[:300]
        elif kind == "slider":
            proto = msg.delta.new_element.slider
            if proto.label != self.label:
                return
            options = list(proto.options)
            if self.slider is None or proto.set_value:
                picked = list(proto.value) if proto.set_value else list(proto.default)
                if not picked:
                    picked = [0, len(options) - 1] if options else [proto.min, proto.max]
                lo, hi = picked[0], picked[-1]
                if options:
                    lo, hi = int(lo), int(hi)
                self.slider = Slider(proto.id, options, lo, hi)
            s = self.slider
            s.widget_id = proto.id
            s.options = options
            s.minimum, s.maximum = proto.min, proto.max
            s.step_size = proto.step or 1.0
            s.is_date = proto.data_type == SliderProto.DATE
            s.fragment_id = msg.delta.fragment_id
            s.query_param_key = proto.query_param_key
