"""Server-rendered SVG for the dossiers: coverage over time and networks of actors.

Readable without JavaScript, accessible and always accompanied by a data table in the template.
The coverage chart is a picture (``role="img"``, ``<title>``/``<desc>`` referenced by
``aria-labelledby``); a network holds links to the dossiers, so it is a labelled group
(``role="group"``) of links, never ``role="img"``, which would hide (and nest) interactive content. Colours come from
CSS classes (``dossiers.css``) so the dark theme applies. Layouts are deterministic: the same data
draws the same picture, so cached pages and tests are stable.
"""

import math
from itertools import count

from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.safestring import mark_safe

from miftah.core.i18n import count_text
from miftah.core.dates import month_names

_ids = count(1)

CHART_WIDTH, CHART_HEIGHT = 640, 220
CHART_PAD = {"top": 16, "bottom": 48, "start": 36, "end": 8}
# Room on each side of a network for the labels of the outermost nodes (long organisation names).
LABEL_MARGIN = 150
# Month labels under the bars: at most one per this many user units, so they never overlap.
MONTH_LABEL_ROOM = 84


def _a11y_head(kind, title, desc):
    uid = f"{kind}-{next(_ids)}"
    return uid, f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'


def coverage_chart(months, entity_name, month_style="levantine"):
    """Bar chart of articles per month; ``months`` is [(date, n)] in order, gaps included."""
    if not months:
        return ""
    names = month_names(month_style)
    total = sum(n for _, n in months)
    peak_month, peak = max(months, key=lambda m: m[1])
    title = gettext("التغطية عبر الزمن: %(name)s") % {"name": entity_name}
    desc = gettext(
        "عدد المقالات التي تذكر %(name)s في كل شهر، من %(first)s إلى %(last)s. المجموع %(total)s، والذروة %(peak)s "
        "في %(peak_month)s."
    ) % {
        "name": entity_name, "first": f"{names[months[0][0].month - 1]} {months[0][0].year}",
        "last": f"{names[months[-1][0].month - 1]} {months[-1][0].year}", "total": count_text(total, "مقال"),
        "peak": peak, "peak_month": f"{names[peak_month.month - 1]} {peak_month.year}",
    }
    uid, head = _a11y_head("coverage", title, desc)
    inner_w = CHART_WIDTH - CHART_PAD["start"] - CHART_PAD["end"]
    inner_h = CHART_HEIGHT - CHART_PAD["top"] - CHART_PAD["bottom"]
    slot = inner_w / len(months)
    bar = max(1.0, slot * 0.8)
    base_y = CHART_PAD["top"] + inner_h
    # Every month gets a label when there is room, otherwise every ``step``-th month (and each
    # January, which also carries the year); the year is written under the first bar and each January.
    step = max(1, math.ceil(MONTH_LABEL_ROOM / slot))
    parts = [
        f'<svg class="dossier-chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" direction="ltr" preserveAspectRatio="xMidYMid meet">',
        head,
        f'<line class="axis" x1="{CHART_PAD["start"]}" y1="{base_y}" x2="{CHART_WIDTH - CHART_PAD["end"]}" y2="{base_y}"/>',
        f'<text class="tick" x="{CHART_PAD["start"] - 4}" y="{CHART_PAD["top"] + 4}" text-anchor="end">{peak}</text>',
        f'<text class="tick" x="{CHART_PAD["start"] - 4}" y="{base_y}" text-anchor="end">0</text>',
    ]
    for index, (month, n) in enumerate(months):
        x = CHART_PAD["start"] + index * slot + (slot - bar) / 2
        h = inner_h * n / peak if peak else 0
        label = f"{names[month.month - 1]} {month.year}: {n}"
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{base_y - h:.1f}" width="{bar:.1f}" height="{h:.1f}">'
            f"<title>{escape(label)}</title></rect>"
        )
        if index % step == 0:
            parts.append(
                f'<text class="tick month" x="{x + bar / 2:.1f}" y="{base_y + 16}" text-anchor="middle">'
                f"{escape(names[month.month - 1])}</text>"
            )
        if index == 0 or month.month == 1:
            parts.append(
                f'<text class="tick year" x="{x + bar / 2:.1f}" y="{base_y + 34}" text-anchor="middle">{month.year}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _circle_positions(n, cx, cy, radius, start_angle=-math.pi / 2):
    return [
        (cx + radius * math.cos(start_angle + 2 * math.pi * i / n), cy + radius * math.sin(start_angle + 2 * math.pi * i / n))
        for i in range(n)
    ]


def network_svg(nodes, edges, *, title, desc, centre=None, size=560, max_edges=60):
    """A network drawing.

    ``nodes``: [(entity, weight)] (weight = articles, sets the node size); ``edges``:
    {(id_a, id_b): shared articles}; ``centre``: an entity drawn in the middle (ego network),
    the others on a circle around it; without it every node is on the circle.
    """
    if not nodes:
        return ""
    uid, head = _a11y_head("network", title, desc)
    cx = cy = size / 2
    ring = [entity for entity, _ in nodes if centre is None or entity.pk != centre.pk]
    weights = {entity.pk: weight for entity, weight in nodes}
    positions = dict(zip((e.pk for e in ring), _circle_positions(len(ring), cx, cy, size * 0.34)))
    if centre is not None:
        positions[centre.pk] = (cx, cy)
    top = max(weights.values()) or 1
    shown = sorted(((n, pair) for pair, n in edges.items() if pair[0] in positions and pair[1] in positions), reverse=True)
    shown = shown[:max_edges]
    strongest = shown[0][0] if shown else 1
    parts = [
        f'<svg class="dossier-network" viewBox="{-LABEL_MARGIN} 0 {size + 2 * LABEL_MARGIN} {size}" direction="ltr" '
        f'role="group" aria-labelledby="{uid}-t" aria-describedby="{uid}-d">',
        head,
        '<g class="edges">',
    ]
    by_id = {entity.pk: entity for entity, _ in nodes}
    for n, (a, b) in shown:
        (x1, y1), (x2, y2) = positions[a], positions[b]
        width = 0.6 + 5 * n / strongest
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{width:.1f}">'
            f"<title>{escape(by_id[a].canonical)} – {escape(by_id[b].canonical)}: {n}</title></line>"
        )
    parts.append('</g><g class="nodes">')
    for entity, weight in nodes:
        x, y = positions[entity.pk]
        r = 5 + 13 * math.sqrt(weight / top)
        is_centre = centre is not None and entity.pk == centre.pk
        if is_centre:
            anchor, lx, ly = "middle", x, y + r + 16
        else:
            # Labels sit outside the ring, on the node's side of the centre.
            dx = x - cx
            anchor = "start" if dx > 8 else "end" if dx < -8 else "middle"
            lx = x + (r + 4 if dx > 8 else -(r + 4) if dx < -8 else 0)
            ly = y + (5 if abs(dx) > 8 else (r + 16 if y > cy else -(r + 6)))
        parts.append(
            f'<a href="{escape(entity.get_absolute_url())}" class="node type-{escape(entity.type)}'
            f'{" centre" if is_centre else ""}" aria-label="{escape(entity.canonical)}: {escape(count_text(weight, "مقال"))}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"><title>{escape(entity.canonical)}: {weight}</title></circle>'
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{escape(entity.canonical)}</text></a>'
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))
