//! Rendering errors for people: the query line, a caret under the span (columns counted in
//! characters, so Vietnamese text lines up), and `help:` lines — in the manner of rustc and ariadne.

use crate::error::QueryError;

/// Line (1-based) and column (1-based, in characters) of byte `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = text.floor_char_boundary(at);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].chars().count() + 1)
}

/// Renders a query error against the text it refers to. `origin` names where the text came from
/// (a file name, or `None` for a query typed or passed with `-c`).
pub fn render(err: &QueryError, text: &str, origin: Option<&str>) -> String {
    let start = text.floor_char_boundary(err.span.start);
    let (line, col) = line_col(text, start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_text: String = text[line_start..line_end].chars().map(|c| if c.is_control() { '�' } else { c }).collect();
    let end = text.floor_char_boundary(err.span.end.clamp(start, line_end));
    let width = text[start..end].chars().count().max(1);
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    let mut out = format!("error: {}\n", err.message);
    match origin {
        Some(file) => out.push_str(&format!("{pad}--> {file}:{line}:{col}\n")),
        None if text.contains('\n') => out.push_str(&format!("{pad}--> line {line}, column {col}\n")),
        None => {}
    }
    let shown: String = line_text.chars().take(200).collect();
    out.push_str(&format!("{pad} |\n{line} | {shown}\n"));
    let caret_col = col - 1;
    if caret_col <= 200 {
        out.push_str(&format!("{pad} | {}{}\n", " ".repeat(caret_col), "^".repeat(width.min(200 - caret_col).max(1))));
    }
    for h in &err.hints {
        out.push_str(&format!("{pad} = help: {h}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::QueryErrorKind;

    #[test]
    fn caret_counts_characters_not_bytes() {
        let text = "clusters where tên ~ \"Tây\" and yeer = 1";
        let at = text.find("yeer").unwrap();
        let e = QueryError::new(QueryErrorKind::UnknownName, at..at + 4, "unknown field `yeer`")
            .hint("did you mean `year`?");
        let r = render(&e, text, None);
        let lines: Vec<&str> = r.lines().collect();
        let caret = lines[3].find('^').unwrap();
        let code_col = lines[2].char_indices().position(|(i, _)| lines[2][i..].starts_with("yeer")).unwrap();
        assert_eq!(lines[3][..caret].chars().count(), code_col, "{r}");
        assert!(r.ends_with("= help: did you mean `year`?\n"));
    }

    #[test]
    fn file_origin_gives_line_and_column() {
        let text = "clusters\nfacts where x = 1";
        let at = text.find('x').unwrap();
        let e = QueryError::new(QueryErrorKind::UnknownName, at..at + 1, "unknown field `x`");
        assert!(render(&e, text, Some("q.htxq")).contains("--> q.htxq:2:13"));
    }
}
