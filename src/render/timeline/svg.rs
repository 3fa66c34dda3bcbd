//! The timeline's SVG: the axis with its years and the as-of line, one row
//! per measure (title, bar, status icon, deadline) and the fill patterns.
//! Takes the geometry of the parent ([`super::Axis`], [`super::bar`]);
//! gives markup, every text in it escaped.

use super::{
    bar, AsOfPlace, Axis, EDGE, GUTTER, HEADER, LABEL_SIZE, ONGOING, ROW, TITLE_SIZE, WIDTH,
};
use crate::model::status::Status;
use crate::model::Measure;
use crate::render::escape;
use crate::render::ru;
use chrono::NaiveDate;

/// How each status fills its bar: a colour or one of the patterns of [`DEFS`].
fn fill(s: Status) -> &'static str {
    match s {
        Status::Done => "#00703c",
        Status::InProgress => "#9cc3ea",
        Status::Delayed => "url(#tl-p-delayed)",
        Status::NotStarted => "url(#tl-p-not_started)",
        Status::Planned => "#ffffff",
        Status::OverdueNoReport => "url(#tl-p-overdue)",
        Status::Cancelled => "url(#tl-p-cancelled)",
    }
}

/// The fill patterns, once per page, referenced by every timeline SVG.
pub(super) const DEFS: &str = concat!(
    "<svg class=tl-defs width=0 height=0 aria-hidden=true focusable=false xmlns='http://www.w3.org/2000/svg'><defs>",
    "<pattern id=tl-p-overdue width=8 height=8 patternUnits=userSpaceOnUse patternTransform='rotate(45)'><rect width=8 height=8 fill=#fdecea /><rect width=3.5 height=8 fill=#8a1a14 /></pattern>",
    "<pattern id=tl-p-delayed width=8 height=8 patternUnits=userSpaceOnUse patternTransform='rotate(-45)'><rect width=8 height=8 fill=#fff2e0 /><rect width=2.5 height=8 fill=#6f3a00 /></pattern>",
    "<pattern id=tl-p-cancelled width=8 height=8 patternUnits=userSpaceOnUse><rect width=8 height=8 fill=#ececec /><path d='M0 0L8 8M8 0L0 8' stroke=#4a4a4a stroke-width=1.2 /></pattern>",
    "<pattern id=tl-p-not_started width=8 height=8 patternUnits=userSpaceOnUse><rect width=8 height=8 fill=#fff /><circle cx=4 cy=4 r=1.6 fill=#3d3d3d /></pattern>",
    "</defs></svg>"
);

/// A rough width of `s` in pixels at font `size` (sans-serif, Cyrillic).
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.56
}

/// `s` cut at a word boundary to at most `max` characters, with "…", and
/// never inside parentheses: the cut text stays a prefix of the full one
/// once parenthetical remarks are set aside, as "label in name" checks see it.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    let mut end = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => i,
        _ => cut.len(),
    };
    // an opening parenthesis not closed before the cut: cut before it
    let mut open = None;
    for (i, c) in cut[..end].char_indices() {
        match c {
            '(' if open.is_none() => open = Some(i),
            ')' => open = None,
            _ => {}
        }
    }
    if let Some(i) = open.filter(|i| *i > 0) {
        end = i;
    }
    format!(
        "{}…",
        cut[..end].trim_end_matches([' ', ',', ';', ':', '(', '–', '-'])
    )
}

/// The accessible name and tooltip of a measure's bar.
fn bar_name(m: &Measure) -> String {
    format!(
        "Мероприятие {}: {}. Срок: {}. Статус: {}",
        m.id,
        m.title.trim_end_matches('.'),
        m.deadline_text,
        m.status.label()
    )
}

/// The as-of marker's text: «сегодня: 26 ноября 2026 г.»
pub(super) fn as_of_label(as_of: NaiveDate) -> String {
    format!("сегодня: {}", ru::long_date(as_of))
}

fn f(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The axis drawn above a section's bars (decorative: the page says the
/// same in words), with the as-of line over the whole height.
fn axis_svg(axis: &Axis, height: f64) -> String {
    let mut out = String::from("<g class=tl-axis aria-hidden=true>");
    let bottom = height - 2.0;
    let axis_y = HEADER - 10.0;
    // the zone beyond a break: a light band down the rows
    let (band_x, band_w) = match axis.as_of_place {
        AsOfPlace::After => (axis.x1 + 6.0, WIDTH - EDGE - axis.x1 - 6.0),
        AsOfPlace::Before => (GUTTER + 4.0, axis.x0 - GUTTER - 10.0),
        AsOfPlace::Within => (0.0, 0.0),
    };
    if band_w > 0.0 {
        out.push_str(&format!(
            "<rect class=tl-zone x='{}' y='{axis_y}' width='{}' height='{}' fill=#f3f5f7 />",
            f(band_x),
            f(band_w),
            f(bottom - axis_y)
        ));
        // the break: two slanted strokes across the axis line
        let bx = if axis.as_of_place == AsOfPlace::After {
            axis.x1 + 6.0
        } else {
            axis.x0 - 16.0
        };
        for dx in [0.0, 6.0] {
            out.push_str(&format!(
                "<path d='M{} {}L{} {}' stroke=#1b1b1b stroke-width=1.5 />",
                f(bx + dx),
                axis_y + 6.0,
                f(bx + dx + 6.0),
                axis_y - 6.0
            ));
        }
    }
    for (year, x) in axis.years() {
        out.push_str(&format!(
            "<line x1='{x}' y1='{}' x2='{x}' y2='{bottom}' stroke=#b1b4b6 stroke-width=1 />\
             <line x1='{x}' y1='{}' x2='{x}' y2='{}' stroke=#1b1b1b stroke-width=1.5 />\
             <text x='{x}' y='{}' font-size='{LABEL_SIZE}' text-anchor=middle fill=#1b1b1b>{year}</text>",
            axis_y,
            axis_y - 7.0,
            axis_y + 5.0,
            axis_y - 10.0,
            x = f(x),
        ));
    }
    for x in axis.quarters() {
        out.push_str(&format!(
            "<line x1='{x}' y1='{axis_y}' x2='{x}' y2='{}' stroke=#1b1b1b stroke-width=1 />",
            axis_y + 4.0,
            x = f(x)
        ));
    }
    out.push_str(&format!(
        "<line x1='{}' y1='{axis_y}' x2='{}' y2='{axis_y}' stroke=#1b1b1b stroke-width=1.5 />",
        f(axis.x0),
        f(axis.x1)
    ));
    if axis.as_of_place == AsOfPlace::After {
        out.push_str(&format!(
            "<line x1='{}' y1='{axis_y}' x2='{}' y2='{axis_y}' stroke=#1b1b1b stroke-width=1.5 />",
            f(axis.x1 + 22.0),
            f(WIDTH - EDGE)
        ));
    }
    // the as-of line, its marker and its label
    let x = axis.as_of_x;
    let label = as_of_label(axis.as_of);
    let w = text_width(&label, LABEL_SIZE);
    let (lx, anchor) = if x + 10.0 + w <= WIDTH - EDGE {
        (x + 10.0, "start")
    } else {
        (x - 10.0, "end")
    };
    out.push_str(&format!(
        "<line class=tl-today x1='{x}' y1='4' x2='{x}' y2='{bottom}' stroke=#1b1b1b stroke-width=2 stroke-dasharray='6 4' />\
         <path d='M{} 2L{} 2L{x} 12Z' fill=#1b1b1b />\
         <text class=tl-today-label x='{}' y='13' font-size='{LABEL_SIZE}' font-weight=bold text-anchor={anchor} fill=#1b1b1b>{}</text>",
        f(x - 6.0),
        f(x + 6.0),
        f(lx),
        escape::html_attr(&label),
        x = f(x),
    ));
    out.push_str("</g>");
    out
}

/// One measure: a link holding its title line and its bar (the link's only
/// visible text is the title, a part of its accessible name), then the
/// decorations that repeat the name's facts — status icon, deadline text,
/// the "постоянно" arrow — hidden from assistive technology.
fn row_svg(axis: &Axis, m: &Measure, url: &str, y: f64) -> String {
    let b = bar(axis, m);
    let name = bar_name(m);
    let slug = m.status.slug();
    let late = if b.overdue() { " tl-link--late" } else { "" };
    let bar_y = y + 24.0;
    let mid = bar_y + 9.0;
    let w = (b.x_end - b.x_start).max(3.0);
    let max_chars = ((WIDTH - EDGE - 8.0) / (TITLE_SIZE * 0.56)) as usize - m.id.len() - 2;
    let mut out = format!(
        "<a class='tl-link tl-link--{slug}{late}' href='{}' data-measure='{}' data-status='{slug}' aria-label='{}'><title>{}</title>\
         <rect class=tl-hit x=0 y='{}' width='{WIDTH}' height='{}' fill=transparent />\
         <text class=tl-title x=2 y='{}' font-size='{TITLE_SIZE}'><tspan font-weight=bold>{}</tspan> {}</text>\
         <rect class=tl-bar x='{}' y='{}' width='{}' height=18 fill='{}' stroke=#1b1b1b stroke-width=1.5 /></a>",
        escape::html_attr(url),
        escape::html_attr(&m.id),
        escape::html_attr(&name),
        escape::html_attr(&name),
        f(y),
        f(ROW - 2.0),
        f(y + 16.0),
        escape::html_attr(&m.id),
        escape::html_attr(&truncate(&m.title, max_chars)),
        f(b.x_start),
        f(bar_y),
        f(w),
        fill(m.status)
    );
    out.push_str(&format!(
        "<g class=tl-deco aria-hidden=true>\
         <rect x=2 y='{}' width=30 height=20 rx=3 fill=#ffffff stroke=#1b1b1b stroke-width=1 />\
         <text class=tl-icon x=17 y='{}' font-size=14 font-weight=bold text-anchor=middle fill=#1b1b1b>{}</text>",
        f(bar_y - 1.0),
        f(bar_y + 14.0),
        escape::html_attr(m.status.icon())
    ));
    if m.status == Status::Cancelled {
        out.push_str(&format!(
            "<line x1='{}' y1='{}' x2='{}' y2='{}' stroke=#1b1b1b stroke-width=2.5 />",
            f(b.x_start - 3.0),
            f(mid),
            f(b.x_start + w + 3.0),
            f(mid)
        ));
    }
    let limit = match axis.as_of_place {
        AsOfPlace::After => axis.as_of_x - 8.0,
        _ => WIDTH - EDGE,
    };
    if let Some(xo) = b.x_ongoing {
        out.push_str(&format!(
            "<line x1='{}' y1='{}' x2='{}' y2='{}' stroke=#1b1b1b stroke-width=2 stroke-dasharray='5 3' />\
             <path d='M{} {}L{} {}L{} {}Z' fill=#1b1b1b />\
             <rect class=tl-label-bg x='{}' y='{}' width='{}' height=18 fill=#ffffff />\
             <text class=tl-label x='{}' y='{}' font-size='{LABEL_SIZE}' font-weight=bold fill=#1b1b1b>{ONGOING}</text>",
            f(b.x_start + w),
            f(mid),
            f(xo - 8.0),
            f(mid),
            f(xo - 10.0),
            f(mid - 6.0),
            f(xo),
            f(mid),
            f(xo - 10.0),
            f(mid + 6.0),
            f(b.x_start + w + 6.0),
            f(bar_y),
            f(text_width(ONGOING, LABEL_SIZE) + 8.0),
            f(b.x_start + w + 10.0),
            f(bar_y + 14.0),
        ));
    } else {
        let text = &m.deadline_text;
        let tw = text_width(text, LABEL_SIZE);
        let place = if b.x_start + w + 8.0 + tw <= limit {
            Some((b.x_start + w + 8.0, "start"))
        } else if b.x_start - 8.0 - tw >= GUTTER + 4.0 {
            Some((b.x_start - 8.0, "end"))
        } else {
            None
        };
        if let Some((x, anchor)) = place {
            out.push_str(&format!(
                "<text class=tl-label x='{}' y='{}' font-size='{LABEL_SIZE}' text-anchor={anchor} fill=#1b1b1b>{}</text>",
                f(x),
                f(bar_y + 14.0),
                escape::html_attr(text)
            ));
        }
    }
    out.push_str("</g>");
    out
}

/// The SVG of one section's measures.
pub(super) fn section_svg(axis: &Axis, label: &str, rows: &[(&Measure, String)]) -> String {
    let height = HEADER + ROW * rows.len() as f64 + 4.0;
    let mut out = format!(
        "<svg class=tl-svg width='{WIDTH}' height='{}' viewBox='0 0 {WIDTH} {}' role=group aria-label='{}' xmlns='http://www.w3.org/2000/svg'>",
        f(height),
        f(height),
        escape::html_attr(label)
    );
    out.push_str(&axis_svg(axis, height));
    for (i, (m, url)) in rows.iter().enumerate() {
        let y = HEADER + ROW * i as f64;
        out.push_str(&row_svg(axis, m, url, y));
    }
    out.push_str("</svg>");
    out
}

/// A legend swatch: the status's bar in small (decorative).
pub(super) fn swatch(s: Status) -> String {
    let strike = if s == Status::Cancelled {
        "<line x1=0 y1=9 x2=40 y2=9 stroke=#1b1b1b stroke-width=2.5 />"
    } else {
        ""
    };
    format!(
        "<svg class=tl-swatch width=40 height=18 viewBox='0 0 40 18' aria-hidden=true focusable=false xmlns='http://www.w3.org/2000/svg'><rect x=1 y=1 width=38 height=16 fill='{}' stroke=#1b1b1b stroke-width=1.5 />{strike}</svg>",
        fill(s)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_at_a_word() {
        assert_eq!(truncate("короткий", 20), "короткий");
        assert_eq!(truncate("один два три четыре", 12), "один два…");
        assert_eq!(
            truncate("Создание группы (проектного офиса) внедрения", 30),
            "Создание группы…"
        );
        assert_eq!(
            truncate("Создание группы (проектного офиса) внедрения", 42),
            "Создание группы (проектного офиса)…"
        );
    }
}
