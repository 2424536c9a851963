//! Charts as SVG: the [`Plot`] the terminal chart draws, as a self-contained, scalable picture.
//!
//! Hand-written rather than drawn with a plotting crate: a bar chart is a few dozen `rect`,
//! `line` and `text` elements, and writing them keeps the file small and readable, its
//! Vietnamese text as text (a renderer picks the glyphs from the font list, [`FONT`]), and the
//! dependency tree as it was.
//!
//! Layout: labels that are an ordered series (years, dates, numbers) run along the x axis under
//! vertical columns; names (clusters, provinces) stand at the left of horizontal bars, where any
//! length fits. Each panel has its value axis with ticks at round numbers, grid lines, and the
//! unit in the axis title; money is scaled to *triệu đồng* or *tỷ đồng* by its size. Several
//! series get a legend and a colour each ([`COLOURS`]); several plots (queries) stack in one
//! document. Every bar carries its series, label and exact value as `data-` attributes, and a
//! `<title>` a viewer shows on hover.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::plot::{Axis, MAX_SERIES, Panel, Plot, Unit};

/// The document's width in pixels.
pub const WIDTH: f64 = 760.0;

/// Fonts with Vietnamese glyphs first, then what every system has.
pub const FONT: &str = "DejaVu Sans, Noto Sans, Arial, sans-serif";

/// One colour per series (Okabe and Ito's palette, told apart by colour-blind readers).
pub const COLOURS: [&str; MAX_SERIES] =
    ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

const MARGIN: f64 = 16.0;
const TITLE_SIZE: f64 = 16.0;
const FONT_SIZE: f64 = 12.0;
const SMALL: f64 = 11.0;
/// Height of the area of vertical columns.
const COLUMNS_HEIGHT: f64 = 240.0;
/// Height of one horizontal bar, and the gap around each row's bars.
const BAR: f64 = 14.0;
const ROW_GAP: f64 = 8.0;
const GREY: &str = "#555555";

/// An estimate of the width of `text` at `size` pixels: DejaVu Sans averages 0.6 em a character.
fn text_width(text: &str, size: f64) -> f64 {
    text.width() as f64 * size * 0.6
}

/// `text` cut with `…` to about `px` pixels at `size`.
fn clip(text: &str, size: f64, px: f64) -> String {
    super::cut_to_cells(text, (px / (size * 0.6)).floor().max(1.0) as usize)
}

/// Text for XML content and attribute values: markup characters escaped, characters XML 1.0
/// cannot hold (controls but tab and line ends, U+FFFE, U+FFFF) replaced by U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate, to the hundredth of a pixel.
fn px(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// A number the Vietnamese way with `decimals` digits after the comma: 12500.5 → "12.500,5".
fn number(x: f64, decimals: usize) -> String {
    if x.abs() >= 1e15 {
        return super::scientific(x);
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (whole, fraction) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push(',');
        out.push_str(fraction);
    }
    let zero = out.chars().all(|c| matches!(c, '0' | '.' | ','));
    if x < 0.0 && !zero { format!("-{out}") } else { out }
}

/// Ticks at round numbers (1, 2 or 5 times a power of ten) covering `low..=high`, at most a
/// dozen; the first and last bound the axis.
fn ticks(low: f64, high: f64) -> Vec<f64> {
    let raw = (high / 2.0 - low / 2.0) / 2.5;
    if !raw.is_finite() || raw <= 0.0 {
        return vec![low, high];
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = match raw / magnitude {
        n if n <= 1.0 => 1.0,
        n if n <= 2.0 => 2.0,
        n if n <= 5.0 => 5.0,
        _ => 10.0,
    } * magnitude;
    let (first, last) = ((low / step).floor(), (high / step).ceil());
    let count = last - first;
    if !(first * step).is_finite() || !(last * step).is_finite() || !count.is_finite() || count > 12.0 {
        return vec![low, high];
    }
    (0..=count as usize).map(|i| (first + i as f64) * step).collect()
}

/// How a panel's values read on its axis: divided by `divisor`, in `unit`.
struct Scale {
    divisor: f64,
    unit: &'static str,
    decimals: usize,
}

impl Scale {
    fn of(panel: &Panel, ticks: &[f64]) -> Scale {
        let top = ticks.iter().fold(0f64, |m, t| m.max(t.abs()));
        let (divisor, unit) = match panel.unit {
            Unit::Money if top >= 1e9 => (1e9, "tỷ đồng"),
            Unit::Money if top >= 1e6 => (1e6, "triệu đồng"),
            Unit::Money => (1.0, "đồng"),
            Unit::Number => (1.0, ""),
        };
        let step = ticks.windows(2).map(|w| w[1] - w[0]).fold(f64::INFINITY, f64::min) / divisor;
        let decimals =
            if step.is_finite() && step > 0.0 && step < 1.0 { ((-step.log10()).ceil() as usize).min(6) } else { 0 };
        Scale { divisor, unit, decimals }
    }

    fn label(&self, v: f64) -> String {
        number(v / self.divisor, self.decimals)
    }
}

/// The SVG document of `plots`, stacked, with `source` ("htxq, 5 articles") at the foot.
pub fn document(plots: &[Plot], source: Option<&str>) -> String {
    let mut body = String::new();
    let mut y = MARGIN;
    for (i, plot) in plots.iter().enumerate() {
        if i > 0 {
            let _ = writeln!(
                body,
                r##"<line x1="{m}" y1="{y}" x2="{w}" y2="{y}" stroke="#cccccc"/>"##,
                m = px(MARGIN),
                y = px(y + 8.0),
                w = px(WIDTH - MARGIN)
            );
            y += 24.0;
        }
        y = chart(&mut body, plot, y);
    }
    if let Some(source) = source {
        y += 6.0;
        let _ = writeln!(
            body,
            r#"<text class="source" x="{}" y="{}" font-size="{SMALL}" fill="{GREY}">{}</text>"#,
            px(MARGIN),
            px(y + SMALL),
            escape(source)
        );
        y += SMALL + 4.0;
    }
    let height = (y + MARGIN).ceil();
    let title = plots.iter().map(|p| p.title.as_str()).collect::<Vec<_>>().join("; ");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\" \
         font-family=\"{font}\" font-size=\"{FONT_SIZE}\">\n\
         <title>{title}</title>\n\
         <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n{body}</svg>\n",
        w = WIDTH,
        font = escape(FONT),
        title = escape(&title),
    )
}

/// Draws one plot from `top` down; gives the y where it ends.
fn chart(out: &mut String, plot: &Plot, top: f64) -> f64 {
    let mut y = top;
    let cells = ((WIDTH - 2.0 * MARGIN) / (TITLE_SIZE * 0.6)) as usize;
    for line in super::chart::wrap(&plot.title, cells).into_iter().filter(|l| !l.is_empty()) {
        y += TITLE_SIZE + 4.0;
        let _ = writeln!(
            out,
            r#"<text class="title" x="{}" y="{}" font-size="{TITLE_SIZE}" font-weight="bold">{}</text>"#,
            px(MARGIN),
            px(y),
            escape(&line)
        );
    }
    y += 6.0;
    let series: Vec<_> = plot.series().collect();
    if series.len() > 1 {
        // the legend: a swatch and a name per series, wrapping
        let mut x = MARGIN;
        y += FONT_SIZE + 2.0;
        for s in &series {
            let w = 12.0 + 4.0 + text_width(&s.name, FONT_SIZE) + 16.0;
            if x > MARGIN && x + w > WIDTH - MARGIN {
                x = MARGIN;
                y += FONT_SIZE + 6.0;
            }
            let _ = writeln!(
                out,
                r#"<g class="legend"><rect x="{}" y="{}" width="12" height="12" fill="{}"/><text x="{}" y="{}">{}</text></g>"#,
                px(x),
                px(y - 10.0),
                COLOURS[s.number],
                px(x + 16.0),
                px(y),
                escape(&s.name)
            );
            x += w;
        }
        y += 8.0;
    }
    if !plot.labels.is_empty() {
        // panels of columns share their left edge, so a year's columns stand one above the other
        let tick_w = plot.panels.iter().map(tick_width).fold(0f64, f64::max);
        for panel in &plot.panels {
            y = match plot.axis {
                Axis::Ordered => columns(out, plot, panel, y, tick_w),
                Axis::Categories => bars(out, plot, panel, y),
            };
        }
    }
    for note in plot.notes() {
        y += SMALL + 4.0;
        let _ = writeln!(
            out,
            r#"<text class="note" x="{}" y="{}" font-size="{SMALL}" fill="{GREY}">{}</text>"#,
            px(MARGIN),
            px(y),
            escape(&note)
        );
    }
    y
}

/// The title of a panel's value axis: its series' names, and the unit.
fn axis_title(panel: &Panel, scale: &Scale) -> String {
    let names: Vec<&str> = panel.series.iter().map(|s| s.name.as_str()).collect();
    let names = names.join(", ");
    if scale.unit.is_empty() { names } else { format!("{names} ({})", scale.unit) }
}

/// A bar: a rectangle with its series, label and exact value, and a tooltip.
#[allow(clippy::too_many_arguments)] // a rectangle and what it stands for; a struct would only rename them
fn bar_rect(out: &mut String, x: f64, y: f64, w: f64, h: f64, plot: &Plot, s: &super::plot::Series, row: usize) {
    let value = s.values[row].unwrap_or(0.0);
    let _ = writeln!(
        out,
        r#"<rect class="bar" data-series="{name}" data-label="{label}" data-value="{value}" x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"><title>{label}, {name}: {text}</title></rect>"#,
        name = escape(&s.name),
        label = escape(&plot.labels[row]),
        x = px(x),
        y = px(y),
        w = px(w.max(0.0)),
        h = px(h.max(0.0)),
        fill = COLOURS[s.number],
        text = escape(&s.texts[row]),
    );
}

/// The width of the widest tick label of a panel's value axis.
fn tick_width(panel: &Panel) -> f64 {
    let ticks = ticks(panel.low, panel.high);
    let scale = Scale::of(panel, &ticks);
    ticks.iter().map(|t| text_width(&scale.label(*t), SMALL)).fold(0f64, f64::max)
}

/// Vertical columns over labels in order along the x axis, right of tick labels `tick_w` wide;
/// gives the y where the panel ends.
fn columns(out: &mut String, plot: &Plot, panel: &Panel, top: f64, tick_w: f64) -> f64 {
    let ticks = ticks(panel.low, panel.high);
    let scale = Scale::of(panel, &ticks);
    let (lo, hi) = (ticks[0], ticks[ticks.len() - 1]);
    let (x0, x1) = (MARGIN + FONT_SIZE + 10.0 + tick_w + 6.0, WIDTH - MARGIN);
    let (y0, y1) = (top + 18.0, top + 18.0 + COLUMNS_HEIGHT);
    let y_of = |v: f64| y1 - fraction(v, lo, hi) * (y1 - y0);
    let _ = writeln!(out, r#"<g class="panel">"#);
    for t in &ticks {
        let y = y_of(*t);
        let _ = writeln!(
            out,
            r##"<line class="grid" data-value="{t}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e6e6e6"/><text class="tick" x="{}" y="{}" text-anchor="end" font-size="{SMALL}">{}</text>"##,
            px(x0),
            px(y),
            px(x1),
            px(y),
            px(x0 - 6.0),
            px(y + 4.0),
            scale.label(*t)
        );
    }
    let (mid, title_x) = ((y0 + y1) / 2.0, MARGIN + FONT_SIZE);
    let _ = writeln!(
        out,
        r#"<text class="axis-title" x="{x}" y="{y}" text-anchor="middle" transform="rotate(-90 {x} {y})">{}</text>"#,
        escape(&clip(&axis_title(panel, &scale), FONT_SIZE, y1 - y0)),
        x = px(title_x),
        y = px(mid),
    );
    let n = plot.labels.len();
    let band = (x1 - x0) / n as f64;
    let width = band * 0.8 / panel.series.len() as f64;
    let value_w = panel.series.iter().flat_map(|s| &s.texts).map(|t| text_width(t, 10.0)).fold(0f64, f64::max);
    for (k, s) in panel.series.iter().enumerate() {
        for (row, v) in s.values.iter().enumerate() {
            let Some(v) = *v else { continue };
            let x = x0 + row as f64 * band + band * 0.1 + k as f64 * width;
            let (yv, yz) = (y_of(v), y_of(0.0));
            bar_rect(out, x, yv.min(yz), width, (yv - yz).abs(), plot, s, row);
            if value_w + 2.0 <= width {
                let y = if v < 0.0 { yv + 11.0 } else { yv - 3.0 };
                let _ = writeln!(
                    out,
                    r#"<text class="value" x="{}" y="{}" text-anchor="middle" font-size="10">{}</text>"#,
                    px(x + width / 2.0),
                    px(y),
                    escape(&s.texts[row])
                );
            }
        }
    }
    let _ = writeln!(
        out,
        r##"<line class="zero" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333333"/>"##,
        px(x0),
        px(y_of(0.0)),
        px(x1),
        px(y_of(0.0))
    );
    // under the columns: negative values' labels, then the x labels
    let below = if panel.series.iter().flat_map(|s| s.values.iter().flatten()).any(|v| *v < 0.0) { 12.0 } else { 0.0 };
    // every label if they fit, else every k-th
    let label_w = plot.labels.iter().map(|l| text_width(l, SMALL)).fold(0f64, f64::max);
    let every = ((label_w + 8.0) / band).ceil().max(1.0) as usize;
    for (row, label) in plot.labels.iter().enumerate().filter(|(r, _)| r % every == 0) {
        let _ = writeln!(
            out,
            r#"<text class="label" x="{}" y="{}" text-anchor="middle" font-size="{SMALL}">{}</text>"#,
            px(x0 + (row as f64 + 0.5) * band),
            px(y1 + below + 16.0),
            escape(&clip(label, SMALL, (band * every as f64 - 4.0).max(SMALL)))
        );
    }
    let _ = writeln!(
        out,
        r#"<text class="axis-title" x="{}" y="{}" text-anchor="middle" fill="{GREY}">{}</text>"#,
        px((x0 + x1) / 2.0),
        px(y1 + below + 34.0),
        escape(&plot.x_name)
    );
    let _ = writeln!(out, "</g>");
    y1 + below + 40.0
}

/// Horizontal bars beside their labels; gives the y where the panel ends.
fn bars(out: &mut String, plot: &Plot, panel: &Panel, top: f64) -> f64 {
    let ticks = ticks(panel.low, panel.high);
    let scale = Scale::of(panel, &ticks);
    let (lo, hi) = (ticks[0], ticks[ticks.len() - 1]);
    let label_room = plot.labels.iter().map(|l| text_width(l, FONT_SIZE)).fold(0f64, f64::max).min(WIDTH * 0.35);
    let value_w = panel.series.iter().flat_map(|s| &s.texts).map(|t| text_width(t, SMALL)).fold(0f64, f64::max);
    // negative values' labels stand left of their bars: room for them after the row labels
    let negative_w = panel
        .series
        .iter()
        .flat_map(|s| s.values.iter().zip(&s.texts))
        .filter(|(v, _)| v.is_some_and(|v| v < 0.0))
        .map(|(_, t)| text_width(t, SMALL) + 6.0)
        .fold(0f64, f64::max);
    let labels_end = MARGIN + label_room;
    let x0 = labels_end + 10.0 + negative_w;
    let x1 = WIDTH - MARGIN - value_w - 6.0;
    let x_of = |v: f64| x0 + fraction(v, lo, hi) * (x1 - x0);
    let row_h = panel.series.len() as f64 * BAR + ROW_GAP;
    let (y0, y1) = (top + 6.0, top + 6.0 + row_h * plot.labels.len() as f64);
    let _ = writeln!(out, r#"<g class="panel">"#);
    // every tick's label if they fit side by side, else every k-th
    let tick_w = ticks.iter().map(|t| text_width(&scale.label(*t), SMALL)).fold(0f64, f64::max);
    let every = ((tick_w + 10.0) / ((x1 - x0) / (ticks.len() - 1).max(1) as f64)).ceil().max(1.0) as usize;
    for (i, t) in ticks.iter().enumerate() {
        let x = x_of(*t);
        let _ = writeln!(
            out,
            r##"<line class="grid" data-value="{t}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e6e6e6"/>"##,
            px(x),
            px(y0),
            px(x),
            px(y1),
        );
        if i % every == 0 {
            let _ = writeln!(
                out,
                r#"<text class="tick" x="{}" y="{}" text-anchor="middle" font-size="{SMALL}">{}</text>"#,
                px(x),
                px(y1 + 14.0),
                scale.label(*t)
            );
        }
    }
    for (row, label) in plot.labels.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"<text class="label" x="{}" y="{}" text-anchor="end">{}</text>"#,
            px(labels_end),
            px(y0 + row as f64 * row_h + row_h / 2.0 + 4.0),
            escape(&clip(label, FONT_SIZE, label_room))
        );
    }
    for (k, s) in panel.series.iter().enumerate() {
        for (row, v) in s.values.iter().enumerate() {
            let Some(v) = *v else { continue };
            let y = y0 + row as f64 * row_h + ROW_GAP / 2.0 + k as f64 * BAR;
            let (xv, xz) = (x_of(v), x_of(0.0));
            bar_rect(out, xv.min(xz), y, (xv - xz).abs(), BAR - 2.0, plot, s, row);
            let (x, anchor) = if v < 0.0 { (xv - 4.0, "end") } else { (xv + 4.0, "start") };
            let _ = writeln!(
                out,
                r#"<text class="value" x="{}" y="{}" text-anchor="{anchor}" font-size="{SMALL}">{}</text>"#,
                px(x),
                px(y + BAR - 4.0),
                escape(&s.texts[row])
            );
        }
    }
    let _ = writeln!(
        out,
        r##"<line class="zero" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333333"/>"##,
        px(x_of(0.0)),
        px(y0),
        px(x_of(0.0)),
        px(y1)
    );
    let _ = writeln!(
        out,
        r#"<text class="axis-title" x="{}" y="{}" text-anchor="middle">{}</text>"#,
        px((x0 + x1) / 2.0),
        px(y1 + 32.0),
        escape(&clip(&axis_title(panel, &scale), FONT_SIZE, x1 - x0))
    );
    let _ = writeln!(out, "</g>");
    y1 + 38.0
}

/// Where `v` lies between `lo` (0.0) and `hi` (1.0), on halves so extremes do not overflow.
fn fraction(v: f64, lo: f64, hi: f64) -> f64 {
    let f = (v / 2.0 - lo / 2.0) / (hi / 2.0 - lo / 2.0);
    if f.is_finite() { f.clamp(0.0, 1.0) } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_ticks_and_vietnamese_numbers() {
        assert_eq!(ticks(0.0, 4169.0), vec![0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0]);
        assert_eq!(ticks(-120.0, 200.0), vec![-200.0, -100.0, 0.0, 100.0, 200.0]);
        assert_eq!(ticks(0.0, 1.0).len(), 6);
        assert_eq!(ticks(-f64::MAX, f64::MAX), vec![-f64::MAX, f64::MAX]);
        assert_eq!(number(12500.5, 1), "12.500,5");
        assert_eq!(number(-0.0001, 2), "0,00");
        assert_eq!(number(-1234.0, 0), "-1.234");
        assert_eq!(escape("a<b & \"c\" \u{1}"), "a&lt;b &amp; &quot;c&quot; \u{fffd}");
        assert_eq!(clip("Đồng bằng sông Hồng", 10.0, 60.0), "Đồng bằng…");
    }
}
