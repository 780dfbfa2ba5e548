"""The dashboard's timeline: events per day, week or month on a continuous time axis, stacked by event
type, with the deaths as a line on an axis of their own, drawn as an SVG by the server (no script).

Every bin between the first and the last dated event is drawn, empty ones included, so the x axis is
time. Undated events cannot be placed and are counted apart (``undated``), and the page says so.
"""
from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta

# one colour per ACLED event type, shared by the map (through its data) and the timeline's legend
TYPE_COLOURS = {"Battles": "#c0392b", "Explosions/Remote violence": "#e67e22", "Violence against civilians": "#8e44ad",
                "Protests": "#2980b9", "Riots": "#16a085", "Strategic developments": "#7f8c8d"}
OTHER_COLOUR = "#333333"
BINS = ("day", "week", "month")
WIDTH, HEIGHT = 900, 220
LEFT, RIGHT, TOP, BOTTOM = 46, 50, 10, 34  # margins for the axes and their labels


def colour(event_type: str | None) -> str:
    return TYPE_COLOURS.get(event_type or "", OTHER_COLOUR)


def _start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _after(day: date, unit: str) -> date:
    if unit == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=7 if unit == "week" else 1)


def pick_bin(first: date, last: date) -> str:
    """Days for up to about four months, weeks for up to about three years, else months."""
    span = (last - first).days
    return "day" if span <= 120 else "week" if span <= 1100 else "month"


def _ticks(top: int, count: int = 4) -> list[int]:
    """Round values from 0 up to ``top`` for an axis."""
    if top <= 0:
        return [0]
    raw = top / count
    step = 10 ** math.floor(math.log10(raw))
    step = next(m * step for m in (1, 2, 5, 10) if m * step >= raw)
    step = max(1, int(step))  # counts are whole
    return list(range(0, -(-int(top) // step) * step + 1, step))  # up to the first tick at or above the top


def _label(day: date, unit: str) -> str:
    return day.strftime("%Y-%m") if unit == "month" else day.isoformat()


def timeline(events: list[dict], unit: str | None = None) -> dict:
    """The timeline of ``events``: bins (each with its stacked rectangles by type and its deaths), the axes'
    ticks, the deaths' line, the legend and how many events are undated."""
    dated = [(date.fromisoformat(e["date"]), e) for e in events if e["date"]]
    undated = len(events) - len(dated)
    if not dated:
        return {"bins": [], "undated": undated, "unit": unit or "week", "width": WIDTH, "height": HEIGHT}
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    unit = unit if unit in BINS else pick_bin(first, last)
    starts, day = [], _start(first, unit)
    while day <= last:
        starts.append(day)
        day = _after(day, unit)
    index = {s: i for i, s in enumerate(starts)}
    counts: list[Counter] = [Counter() for _ in starts]
    deaths = [0] * len(starts)
    for d, e in dated:
        i = index[_start(d, unit)]
        counts[i][e["event_type"]] += 1
        deaths[i] += e["fatalities_best"] or 0
    top_events = max(sum(c.values()) for c in counts)
    event_ticks, death_ticks = _ticks(top_events), _ticks(max(deaths))
    events_top, deaths_top = max(event_ticks[-1], top_events, 1), max(death_ticks[-1], max(deaths), 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / len(starts)
    bar = max(1.0, step * 0.8)
    types = [t for t in TYPE_COLOURS if any(c[t] for c in counts)]
    types += sorted({t for c in counts for t in c if t not in TYPE_COLOURS}, key=str)
    bins = []
    for i, start in enumerate(starts):
        x, y, stack = LEFT + i * step + (step - bar) / 2, TOP + inner_h, []
        for t in types:
            if counts[i][t]:
                h = inner_h * counts[i][t] / events_top
                y -= h
                stack.append({"type": t or "unknown", "count": counts[i][t], "colour": colour(t), "y": round(y, 1),
                              "h": round(h, 1)})
        bins.append({"start": _label(start, unit), "x": round(x, 1), "w": round(bar, 1), "stack": stack,
                     "events": sum(counts[i].values()), "deaths": deaths[i],
                     "cx": round(LEFT + (i + 0.5) * step, 1),
                     "cy": round(TOP + inner_h - inner_h * deaths[i] / deaths_top, 1)})
    every = max(1, math.ceil(len(starts) / 8))
    x_ticks = [{"x": b["cx"], "label": b["start"]} for b in bins[::every]]
    return {"bins": bins, "undated": undated, "unit": unit, "width": WIDTH, "height": HEIGHT,
            "left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": TOP + inner_h,
            "event_ticks": [{"value": v, "y": round(TOP + inner_h - inner_h * v / events_top, 1)} for v in event_ticks],
            "death_ticks": [{"value": v, "y": round(TOP + inner_h - inner_h * v / deaths_top, 1)} for v in death_ticks],
            "x_ticks": x_ticks, "line": " ".join(f'{b["cx"]},{b["cy"]}' for b in bins),
            "legend": [{"type": t or "unknown", "colour": colour(t)} for t in types]}
