//! Charts in the terminal: one horizontal bar per row and series, the value printed at the end of
//! each bar.
//!
//! Horizontal bars whatever the labels: a label of any length (a cluster's Vietnamese name, a
//! year) stays readable on its own line, and a value fits at every bar's end, which columns in an
//! 80-column terminal allow for a dozen bars at most. Series are told apart by their fill
//! character ([`FILLS`]), named in a legend, so the chart reads without colour. Widths are
//! measured in terminal cells (`unicode-width`): "Đồng bằng sông Hồng" typed in NFD is as wide
//! as in NFC.
//!
//! ```text
//! clusters show name, htx_total sort htx_total
//! name                █ htx_total
//! Tây Nguyên          │█████████████████████ 2.000
//! Tây Bắc             │███████████████████████████████████████████ 4.169
//! ```

use std::fmt::Write as _;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::plot::{MAX_SERIES, Panel, Plot};

/// The fill of each series, in column order: told apart without colour.
pub const FILLS: [char; MAX_SERIES] = ['█', '░', '▒', '#', '=', '+', '*', '~'];

/// The axis at the start of the bars (or at zero, when some values are negative).
pub const AXIS: char = '│';

/// Charts narrower than this are drawn this wide.
const MIN_WIDTH: usize = 30;

/// Bars get at least this many cells, even when labels must be cut to make room.
const MIN_BARS: usize = 10;

/// Draws `plot` to fit `width` terminal cells; the text ends with a new line.
pub fn draw(plot: &Plot, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let mut out = String::new();
    if !plot.title.is_empty() {
        for line in wrap(&plot.title, width) {
            let _ = writeln!(out, "{line}");
        }
    }
    let value_w = plot.panels.iter().flat_map(|p| &p.series).flat_map(|s| &s.texts).map(|t| t.width()).max();
    let value_w = value_w.unwrap_or(0);
    let label_max = plot.labels.iter().map(|l| l.width()).chain([plot.x_name.width()]).max().unwrap_or(0);
    // labels take what they need, up to two fifths of the line, less if the bars need it
    let room = width.saturating_sub(3 + value_w);
    let label_w = label_max.min(width * 2 / 5).min(room.saturating_sub(MIN_BARS)).max(label_max.min(4));
    let bars_w = room.saturating_sub(label_w).max(MIN_BARS);
    for (i, panel) in plot.panels.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // the legend, after the labels' column name: entries on as many lines as they need
        let mut line = format!("{} ", fit(&plot.x_name, label_w));
        let mut entries = 0;
        for s in &panel.series {
            let entry = format!("{} {}", FILLS[s.number], s.name);
            if entries > 0 && line.width() + 3 + entry.width() > width {
                let _ = writeln!(out, "{}", line.trim_end());
                line = " ".repeat(label_w + 1);
                entries = 0;
            }
            if entries > 0 {
                line.push_str("   ");
            }
            line.push_str(&entry);
            entries += 1;
        }
        let _ = writeln!(out, "{}", line.trim_end());
        let several = panel.series.len() > 1;
        for (r, label) in plot.labels.iter().enumerate() {
            if several && r > 0 {
                out.push('\n');
            }
            for (k, s) in panel.series.iter().enumerate() {
                let label = if k == 0 { fit(label, label_w) } else { " ".repeat(label_w) };
                let bar = bar(panel, s.values[r], bars_w, FILLS[s.number]);
                let text = &s.texts[r];
                let line = if text.is_empty() { format!("{label} {bar}") } else { format!("{label} {bar} {text}") };
                let _ = writeln!(out, "{}", line.trim_end());
            }
        }
    }
    for note in plot.notes() {
        for line in wrap(&format!("({note})"), width) {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// The axis and bar of one value, in `cells` cells (the axis included when values go below zero).
/// A value that is not zero gets at least one cell; NULL gets the axis alone.
fn bar(panel: &Panel, value: Option<f64>, cells: usize, fill: char) -> String {
    let length = |v: f64, room: usize| {
        let n = (panel.fraction(v) - panel.fraction(0.0)).abs() * (cells as f64);
        let n = n.round() as usize;
        if v != 0.0 { n.max(1).min(room) } else { 0 }
    };
    let mut out = String::new();
    if panel.low < 0.0 {
        // the axis stands at zero, negative bars to its left
        // at least one cell on the negative side, however small the values there
        let zero = ((panel.fraction(0.0) * cells as f64).round() as usize).clamp(1, cells.saturating_sub(1).max(1));
        let v = value.unwrap_or(0.0);
        let left = if v < 0.0 { length(v, zero) } else { 0 };
        let right = if v > 0.0 { length(v, cells - zero - 1) } else { 0 };
        out.extend(std::iter::repeat_n(' ', zero - left));
        out.extend(std::iter::repeat_n(fill, left));
        out.push(AXIS);
        out.extend(std::iter::repeat_n(fill, right));
    } else {
        out.push(AXIS);
        out.extend(std::iter::repeat_n(fill, value.map_or(0, |v| length(v, cells))));
    }
    out
}

/// `text` in exactly `width` cells: padded, or cut with `…`.
fn fit(text: &str, width: usize) -> String {
    let cut = super::cut_to_cells(text, width);
    let pad = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(pad))
}

/// `text` in lines of at most `width` cells, broken at spaces (a word wider than a line is cut).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let sep = usize::from(!line.is_empty());
        if line.width() + sep + word.width() <= width {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if !line.is_empty() && line.width() + c.width().unwrap_or(0) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_and_wrap_measure_cells() {
        assert_eq!(fit("Tây Bắc", 9), "Tây Bắc  ");
        assert_eq!(fit("Đồng bằng sông Hồng", 8), "Đồng bằ…");
        // NFD: combining marks take no cell
        let nfd = "Ta\u{302}y Ba\u{306}\u{301}c";
        assert_eq!(fit(nfd, 9).width(), 9);
        assert_eq!(wrap("clusters where name ~ \"tay bac\"", 16), vec!["clusters where", "name ~ \"tay bac\""]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }
}
