"""Small, accessible SVG figures drawn on the server: before/after indicators, a process timeline,
distributions for instructors (scores, and the class's capacity levels per area), and the capacity profile's radar.
Plain strings, no JavaScript, no external fonts; every channel embeds them inline.

Each figure has ``role="img"`` with a title and a description; pages show the same numbers in a table too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from .model import Indicator, TimelinePhase

BEFORE_COLOUR = "#8a5a00"  # 5.9:1 on white
AFTER_COLOUR = "#1f6f43"  # 6.2:1 on white
INK = "#1a1a1a"
FONT = "font-family:system-ui,sans-serif"


def _number(value: float) -> str:
    return f"{value:g}"


def _svg(width: int, height: int, title: str, desc: str, body: str, ident: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
            f'aria-labelledby="{ident}-t {ident}-d" style="max-width:{width}px;{FONT}">'
            f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>{body}</svg>')


def indicator_chart(indicators: Sequence[Indicator], title: str, before_label: str = "Before",
                    after_label: str = "After", ident: str = "indicators") -> str:
    """Paired horizontal bars per indicator, each scaled to its own maximum (units differ between indicators)."""
    row, label_h, width, bar_x, bar_w = 54, 16, 640, 10, 560
    height = 30 + row * len(indicators)
    parts = [
        f'<rect x="{bar_x}" y="4" width="12" height="12" fill="{BEFORE_COLOUR}"/>'
        f'<text x="{bar_x + 18}" y="14" font-size="13" fill="{INK}">{escape(before_label)}</text>'
        f'<rect x="{bar_x + 110}" y="4" width="12" height="12" fill="{AFTER_COLOUR}"/>'
        f'<text x="{bar_x + 128}" y="14" font-size="13" fill="{INK}">{escape(after_label)}</text>'
    ]
    described = []
    for n, ind in enumerate(indicators):
        top = 28 + n * row
        scale = max(abs(ind.before), abs(ind.after)) or 1.0
        unit = f" {ind.unit}" if ind.unit and ind.unit != "%" else ind.unit
        parts.append(f'<text x="{bar_x}" y="{top + 12}" font-size="13" fill="{INK}">{escape(ind.name)}</text>')
        for k, (value, colour) in enumerate(((ind.before, BEFORE_COLOUR), (ind.after, AFTER_COLOUR))):
            y = top + label_h + k * 16
            w = max(1.0, bar_w * abs(value) / scale)
            parts.append(f'<rect x="{bar_x}" y="{y}" width="{w:.1f}" height="13" fill="{colour}"/>'
                         f'<text x="{bar_x + w + 6:.1f}" y="{y + 11}" font-size="12" fill="{INK}">'
                         f'{escape(_number(value) + unit)}</text>')
        described.append(f"{ind.name}: {_number(ind.before)}{unit} → {_number(ind.after)}{unit}")
    return _svg(width, height, title, "; ".join(described), "".join(parts), ident)


def timeline_chart(phases: Sequence[TimelinePhase], title: str, ident: str = "timeline") -> str:
    """A vertical line of dated milestones: narrow enough for a phone, readable without colour."""
    row, width = 46, 640
    height = 16 + row * len(phases)
    parts = [f'<line x1="20" y1="10" x2="20" y2="{height - 10}" stroke="{INK}" stroke-width="2"/>']
    for n, phase in enumerate(phases):
        y = 22 + n * row
        parts.append(f'<circle cx="20" cy="{y}" r="7" fill="{AFTER_COLOUR}" stroke="{INK}"/>'
                     f'<text x="40" y="{y + 5}" font-size="14" font-weight="bold" fill="{INK}">'
                     f'{escape(phase.date)}</text>'
                     f'<text x="40" y="{y + 24}" font-size="13" fill="{INK}">{escape(phase.milestone[:90])}</text>')
    desc = "; ".join(f"{p.date}: {p.milestone}" for p in phases)
    return _svg(width, height, title, desc, "".join(parts), ident)


def histogram(values: Sequence[float], title: str, bins: int = 10, ident: str = "histogram",
              axis_label: str = "%") -> str:
    """Score distribution (values as fractions 0–1) in ``bins`` equal bins, with counts above the bars."""
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, max(0, int(value * bins)))] += 1
    width, height, base, bar_space = 640, 220, 190, 60
    top = max(counts) or 1
    parts = [f'<line x1="10" y1="{base}" x2="{10 + bins * bar_space}" y2="{base}" stroke="{INK}"/>']
    for i, count in enumerate(counts):
        h = 150 * count / top
        x = 14 + i * bar_space
        parts.append(f'<rect x="{x}" y="{base - h:.1f}" width="{bar_space - 8}" height="{h:.1f}" '
                     f'fill="{AFTER_COLOUR}"/>'
                     f'<text x="{x + (bar_space - 8) / 2}" y="{base - h - 4:.1f}" font-size="12" text-anchor="middle" '
                     f'fill="{INK}">{count}</text>'
                     f'<text x="{x + (bar_space - 8) / 2}" y="{base + 16}" font-size="11" text-anchor="middle" '
                     f'fill="{INK}">{100 * i // bins}–{100 * (i + 1) // bins}{escape(axis_label)}</text>')
    desc = ", ".join(f"{100 * i // bins}–{100 * (i + 1) // bins}{axis_label}: {c}" for i, c in enumerate(counts))
    return _svg(width, height, title, desc, "".join(parts), ident)


def difficulty_bars(rows: Sequence[tuple[str, float]], title: str, ident: str = "difficulty") -> str:
    """One bar per question: the share of learners who answered it right (0–1)."""
    row, width = 26, 640
    height = 10 + row * len(rows)
    parts = []
    for n, (label, share) in enumerate(rows):
        y = 6 + n * row
        w = max(1.0, 440 * share)
        parts.append(f'<text x="10" y="{y + 14}" font-size="12" fill="{INK}">{escape(label[:22])}</text>'
                     f'<rect x="170" y="{y}" width="{w:.1f}" height="18" fill="{AFTER_COLOUR}"/>'
                     f'<text x="{176 + w:.1f}" y="{y + 14}" font-size="12" fill="{INK}">{round(share * 100)}%</text>')
    desc = "; ".join(f"{label}: {round(share * 100)}%" for label, share in rows)
    return _svg(width, height, title, desc, "".join(parts), ident)


# One colour per maturity level (1..4), each dark enough for the white count written on it (at least 4.5:1).
LEVEL_COLOURS = ("#a4262c", "#8a5a00", "#1f5f8b", "#1f6f43")


def distribution_chart(rows: Sequence[tuple[str, Sequence[int]]], level_labels: Sequence[str], title: str,
                       ident: str = "distribution") -> str:
    """One stacked bar per ``(area label, counts per level)`` row, each as wide as its learners (the widest row
    fills the width), with the count in each segment and the levels named in a legend."""
    row, width, bar_x, bar_w = 30, 640, 200, 430
    height = 34 + row * len(rows)
    widest = max((sum(counts) for _, counts in rows), default=0) or 1
    parts = []
    for n, name in enumerate(level_labels):
        x = 10 + 155 * n
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{LEVEL_COLOURS[n % len(LEVEL_COLOURS)]}"/>'
                     f'<text x="{x + 17}" y="14" font-size="12" fill="{INK}">{n + 1} · {escape(_short(name, 20))}'
                     f'</text>')
    described = []
    for r, (name, counts) in enumerate(rows):
        y = 28 + r * row
        parts.append(f'<text x="10" y="{y + 15}" font-size="12" fill="{INK}">{escape(_short(name, 30))}</text>')
        x = float(bar_x)
        for level, count in enumerate(counts):
            if not count:
                continue
            w = bar_w * count / widest
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="20" '
                         f'fill="{LEVEL_COLOURS[level % len(LEVEL_COLOURS)]}" data-level="{level + 1}"/>')
            if w >= 14:
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 15}" font-size="12" text-anchor="middle" '
                             f'fill="#ffffff">{count}</text>')
            x += w
        described.append(f"{name}: " + ", ".join(f"{level + 1} · {level_labels[level]} {count}"
                                                 for level, count in enumerate(counts)
                                                 if level < len(level_labels)))
    return _svg(width, height, title, "; ".join(described), "".join(parts), ident)


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def radar_chart(axes: Sequence[tuple[str, str]], series: Sequence[tuple[str, dict[str, int]]], title: str,
                maximum: int = 4, ident: str = "radar") -> str:
    """A radar (spider) chart: one spoke per ``(key, label)`` axis, rings 1..``maximum``, one polygon per
    ``(series label, {key: value})``; the first series dashed in the "before" colour, the last solid in "after".

    The SCORM package draws the learner's profile at run time with a JavaScript twin of this function (``radarChart``
    in ``scorm_export/static/sco.js``); a parity test runs both on the same profiles, so change the two together."""
    width, height, cx, cy, radius = 720, 470, 360, 235, 160
    count = max(len(axes), 1)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * value / maximum
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = []
    for ring in range(1, maximum + 1):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(count)))
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="#767676" stroke-width="0.8"/>'
                     f'<text x="{cx + 3}" y="{cy - radius * ring / maximum + 11:.1f}" font-size="10" '
                     f'fill="{INK}">{ring}</text>')
    for i, (_key, name) in enumerate(axes):
        x, y = point(i, maximum)
        lx, ly = point(i, maximum + 0.35)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#767676" stroke-width="0.8"/>'
                     f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="11" text-anchor="{anchor}" fill="{INK}">'
                     f'{escape(_short(name))}</text>')
    described = []
    for n, (name, values) in enumerate(series):
        last = n == len(series) - 1
        colour = AFTER_COLOUR if last else BEFORE_COLOUR
        dash = "" if last else ' stroke-dasharray="6 4"'
        shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, values.get(key, 0)) for i, (key, _) in
                                                          enumerate(axes)))
        parts.append(f'<polygon class="series" data-series="{escape(name)}" points="{shape}" fill="{colour}" '
                     f'fill-opacity="0.15" stroke="{colour}" stroke-width="2.5"{dash}/>')
        legend_y = 16 + 18 * n
        parts.append(f'<line x1="10" y1="{legend_y - 4}" x2="34" y2="{legend_y - 4}" stroke="{colour}" '
                     f'stroke-width="3"{dash}/><text x="40" y="{legend_y}" font-size="13" fill="{INK}">'
                     f'{escape(name)}</text>')
        described.append(f"{name}: " + ", ".join(f"{label} {values[key]}" for key, label in axes if key in values))
    return _svg(width, height, title, "; ".join(described), "".join(parts), ident)
