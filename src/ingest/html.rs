//! Saved web pages: the article body as text, plus the title and publication date from the
//! page's metadata. Parsed with `scraper` (html5ever), so broken markup reads as browsers read it.
//!
//! The body is the page's `<article>` (or the element whose class or id says it holds the
//! article's content), without navigation, scripts, styles, forms, figures' images, related-story
//! lists, tags, comment boxes, advertisements or footers. Block elements become lines, so the
//! text pipeline after this sees paragraphs as it does in a `.txt` file.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

/// What a page yields.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlArticle {
    /// The headline: `og:title`, else the first `<h1>`, else `<title>`.
    pub title: Option<String>,
    /// `YYYY-MM-DD` from `article:published_time`, `pubdate`, `datePublished` or `<time>`.
    pub published: Option<String>,
    /// The article body, one paragraph per line.
    pub body: String,
}

/// Elements never part of the article text.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "iframe", "svg", "template",
    "select", "textarea", "img", "video", "audio",
];

/// Class or id words that mark page furniture inside the body.
const SKIP_MARKS: &[&str] = &[
    "related",
    "lien-quan",
    "lienquan",
    "tin-khac",
    "tinkhac",
    "cung-chuyen-muc",
    "comment",
    "binh-luan",
    "binhluan",
    "share",
    "social",
    "tags",
    "tag-list",
    "keyword",
    "ads",
    "advert",
    "banner",
    "quang-cao",
    "qc-",
    "sidebar",
    "breadcrumb",
    "menu",
    "footer",
    "header",
    "author-box",
    "newsletter",
    "rating",
    "print",
    "widget",
    "popular",
    "most-read",
    "xem-nhieu",
    "doc-nhieu",
    "box-news",
    "read-more",
    "see-also",
];

/// Class or id words that mark the article's content.
const CONTENT_MARKS: &[&str] = &[
    "detail-content",
    "article-content",
    "article-body",
    "articlebody",
    "content-detail",
    "entry-content",
    "post-content",
    "news-content",
    "noidung",
    "noi-dung",
    "maincontent",
    "main-content",
    "detail",
    "article",
    "content",
    "entry",
    "post",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "br",
    "tr",
    "table",
    "blockquote",
    "figcaption",
    "figure",
    "dd",
    "dt",
    "pre",
    "hr",
];

fn marks(el: &ElementRef) -> String {
    let v = el.value();
    format!("{} {}", v.attr("class").unwrap_or(""), v.attr("id").unwrap_or("")).to_ascii_lowercase()
}

fn is_furniture(el: &ElementRef) -> bool {
    let name = el.value().name();
    if SKIP_TAGS.contains(&name) {
        return true;
    }
    let m = marks(el);
    m.split(|c: char| c.is_whitespace()).any(|word| {
        !word.is_empty()
            && SKIP_MARKS.iter().any(|s| {
                word == *s
                    || word.starts_with(&format!("{s}-"))
                    || word.ends_with(&format!("-{s}"))
                    || (s.len() > 5 && word.contains(s))
            })
    })
}

fn select_first<'a>(doc: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    Selector::parse(css).ok().and_then(|s| doc.select(&s).next())
}

fn meta(doc: &Html, css: &str) -> Option<String> {
    select_first(doc, css)
        .and_then(|e| e.value().attr("content").map(str::trim).map(str::to_string))
        .filter(|s| !s.is_empty())
}

/// `YYYY-MM-DD` from an ISO date-time or a `dd/mm/yyyy` date.
fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(d) = s.get(..10).filter(|d| super::furniture::is_iso_date(d)) {
        return Some(d.to_string());
    }
    let (date, _) = super::furniture::page_date(&format!("Ngày đăng: {s}"))?;
    Some(date)
}

/// How deep elements may nest before the deeper tags are dropped (their text stays): real pages
/// nest a few dozen levels; the tree builder's work per element grows with the depth.
const MAX_NESTING: usize = 256;

/// The page with every tag nested deeper than `limit` removed (text kept), or `None` when it
/// nests no deeper: one pass over the text, so a page of 16,000 nested lists is read in linear
/// time. Depth is counted by opening and closing tags; void elements, comments, doctypes and
/// self-closed tags do not count.
fn flatten_deep_nesting(html: &str, limit: usize) -> Option<String> {
    const VOID: &[&str] =
        &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];
    let b = html.as_bytes();
    let tag_name = |from: usize| {
        let end = html[from..].find(|c: char| !c.is_ascii_alphanumeric()).map_or(html.len(), |e| from + e);
        html[from..end].to_ascii_lowercase()
    };
    // first pass: is any tag deeper than the limit?
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut tags: Vec<(usize, usize, i8)> = Vec::new(); // (start, end, +1 open / -1 close / 0 neither)
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| i + p) {
        let Some(gt) = html[lt..].find('>').map(|p| lt + p) else { break };
        let kind: i8 = match b.get(lt + 1) {
            Some(b'/') => -1,
            Some(c) if c.is_ascii_alphabetic() => {
                let name = tag_name(lt + 1);
                if VOID.contains(&name.as_str()) || html[..gt].ends_with('/') { 0 } else { 1 }
            }
            _ => 0,
        };
        tags.push((lt, gt + 1, kind));
        if kind == 1 {
            depth += 1;
            deepest = deepest.max(depth);
        } else if kind == -1 {
            depth = depth.saturating_sub(1);
        }
        i = gt + 1;
    }
    if deepest <= limit {
        return None;
    }
    // second pass: copy the text, leaving out the tags beyond the limit
    let mut out = String::with_capacity(html.len());
    let (mut at, mut depth) = (0usize, 0usize);
    for (start, end, kind) in tags {
        out.push_str(&html[at..start]);
        let keep = match kind {
            1 => {
                depth += 1;
                depth <= limit
            }
            -1 => {
                let keep = depth <= limit;
                depth = depth.saturating_sub(1);
                keep
            }
            _ => true,
        };
        if keep {
            out.push_str(&html[start..end]);
        }
        at = end;
    }
    out.push_str(&html[at..]);
    Some(out)
}

/// Reads a saved page.
pub fn read(html: &str) -> HtmlArticle {
    let flattened = flatten_deep_nesting(html, MAX_NESTING);
    let doc = Html::parse_document(flattened.as_deref().unwrap_or(html));
    let title = meta(&doc, r#"meta[property="og:title"]"#)
        .or_else(|| select_first(&doc, "h1").map(|e| squash(&e.text().collect::<String>())))
        .or_else(|| select_first(&doc, "title").map(|e| squash(&e.text().collect::<String>())))
        .filter(|t| !t.is_empty());
    let published = [
        r#"meta[property="article:published_time"]"#,
        r#"meta[name="pubdate"]"#,
        r#"meta[name="publishdate"]"#,
        r#"meta[itemprop="datePublished"]"#,
        r#"meta[name="date"]"#,
    ]
    .iter()
    .find_map(|css| meta(&doc, css).and_then(|d| iso_date(&d)))
    .or_else(|| select_first(&doc, "time[datetime]").and_then(|t| iso_date(t.value().attr("datetime")?)))
    .or_else(|| json_ld_date(&doc));
    let root = content_root(&doc);
    let mut body = String::new();
    write_text(root, &mut body);
    let mut lines: Vec<String> = body.lines().map(squash).filter(|l| !l.is_empty()).collect();
    // the headline usually opens the body too; the title line carries it
    if let (Some(t), Some(first)) = (&title, lines.first())
        && squash(t) == *first
    {
        lines.remove(0);
    }
    HtmlArticle { title, published, body: lines.join("\n") }
}

fn json_ld_date(doc: &Html) -> Option<String> {
    let sel = Selector::parse(r#"script[type="application/ld+json"]"#).ok()?;
    for s in doc.select(&sel) {
        let text: String = s.text().collect();
        if let Some(at) = text.find("\"datePublished\"") {
            let rest = &text[at + "\"datePublished\"".len()..];
            let start = rest.find('"')? + 1;
            let end = rest[start..].find('"')? + start;
            if let Some(d) = iso_date(&rest[start..end]) {
                return Some(d);
            }
        }
    }
    None
}

/// The element holding the article: `<article>`, else the best-marked content element, else
/// `<body>`.
fn content_root(doc: &Html) -> ElementRef<'_> {
    let all = Selector::parse("*").expect("valid selector");
    let lengths = text_lengths(doc);
    let mut best: Option<(usize, usize, ElementRef)> = None; // (mark rank, text length)
    for el in doc.select(&all) {
        if is_furniture(&el) {
            continue;
        }
        let name = el.value().name();
        let m = marks(&el);
        let rank = if name == "article" {
            Some(CONTENT_MARKS.len() + 1)
        } else if name == "main" {
            // the page's main region, when nothing inside it says it holds the article
            Some(0)
        } else if repeated(&el) {
            // "<div class="entry">" after "<div class="entry">": the items of a live blog or a
            // feed, each part of the article, none of them the article
            None
        } else {
            CONTENT_MARKS
                .iter()
                .position(|c| m.split(|ch: char| ch.is_whitespace()).any(|w| w == *c || w.contains(c)))
                .map(|p| CONTENT_MARKS.len() - p)
        };
        let Some(rank) = rank else { continue };
        let len = lengths.get(&el.id()).copied().unwrap_or(0);
        if len < 200 {
            continue;
        }
        // prefer the most specific mark; among equals, the longest text
        if best.as_ref().is_none_or(|(r, l, _)| rank > *r || rank == *r && len > *l) {
            best = Some((rank, len, el));
        }
    }
    best.map(|(_, _, e)| e).or_else(|| select_first(doc, "body")).unwrap_or_else(|| doc.root_element())
}

/// Whether `el` is one of three or more siblings with the same class: an item of a list.
fn repeated(el: &ElementRef) -> bool {
    let Some(class) = el.value().attr("class").filter(|c| !c.trim().is_empty()) else { return false };
    let Some(parent) = el.parent() else { return false };
    parent.children().filter_map(ElementRef::wrap).filter(|s| s.value().attr("class") == Some(class)).count() >= 3
}

/// The length of the text under every node, computed bottom-up in one pass (summing each
/// element's text separately would be quadratic in the nesting depth).
fn text_lengths(doc: &Html) -> std::collections::HashMap<ego_tree::NodeId, usize> {
    let mut lengths = std::collections::HashMap::new();
    for edge in doc.tree.root().traverse() {
        if let Edge::Close(node) = edge {
            let own = match node.value() {
                Node::Text(t) => t.len(),
                _ => 0,
            };
            let children: usize = node.children().map(|c| lengths.get(&c.id()).copied().unwrap_or(0)).sum();
            lengths.insert(node.id(), own + children);
        }
    }
    lengths
}

/// Appends the visible text of `root` to `out`, a line per block, skipping furniture.
fn write_text(root: ElementRef, out: &mut String) {
    let mut skip_depth = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if let Node::Element(e) = node.value() {
                    let el = ElementRef::wrap(node).expect("element node");
                    if skip_depth > 0 || is_furniture(&el) {
                        skip_depth += 1;
                        continue;
                    }
                    if BLOCK_TAGS.contains(&e.name()) {
                        out.push('\n');
                    }
                    // table cells become "| cell | cell" rows, read like a Markdown table
                    if matches!(e.name(), "td" | "th") {
                        out.push_str(" | ");
                    }
                } else if let Node::Text(t) = node.value()
                    && skip_depth == 0
                {
                    out.push_str(t);
                }
            }
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    if BLOCK_TAGS.contains(&e.name()) {
                        out.push('\n');
                    }
                }
            }
        }
    }
}

/// Collapses runs of white space to one space and trims.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_article_not_the_page() {
        let page = r#"<html><head><title>T | Site</title>
            <meta property="og:title" content="Cụm thi đua tổng kết">
            <meta property="article:published_time" content="2023-12-09T10:30:00+07:00">
            <script>var x = "Cụm 999 HTX";</script></head>
            <body><nav><a>Trang chủ</a></nav>
            <article><h1>Cụm thi đua tổng kết</h1>
            <div class="detail-content"><p>Toàn Cụm có 2.148 HTX, với hơn 286.000 thành viên trong các lĩnh vực nông nghiệp, dịch vụ và thương mại của vùng.</p>
            <div class="ads-inline">Advertisement 3 tỷ đồng</div>
            <p>Năm 2023 thành lập mới 142 HTX.<br>Dòng hai.</p></div>
            <div class="related-news"><a>Tin khác: 500 HTX</a></div></article>
            <footer>© 2024</footer></body></html>"#;
        let a = read(page);
        assert_eq!(a.title.as_deref(), Some("Cụm thi đua tổng kết"));
        assert_eq!(a.published.as_deref(), Some("2023-12-09"));
        assert!(a.body.starts_with("Toàn Cụm có 2.148 HTX"), "{}", a.body);
        assert!(a.body.contains("Năm 2023 thành lập mới 142 HTX.\nDòng hai."), "{}", a.body);
        for junk in ["999", "3 tỷ", "500 HTX", "Trang chủ", "© 2024"] {
            assert!(!a.body.contains(junk), "{junk} in {}", a.body);
        }
    }

    /// A live blog: every timed entry is part of the article, the longest alone is not it.
    #[test]
    fn a_live_blogs_entries_are_all_read() {
        let entry =
            |t: &str, text: &str| format!(r#"<div class="entry"><span class="t">{t}</span><p>{text}</p></div>"#);
        let page = format!(
            r#"<html><body><nav><a>Trang chủ</a></nav><main><h1>Trực tiếp: hội nghị tổng kết Cụm thi đua</h1>
            <p class="sapo">Sáng nay, Liên minh HTX tỉnh Phú Thọ, Cụm trưởng, đăng cai hội nghị tổng kết.</p>
            <div class="live-feed">{}{}{}</div></main><footer>© 2024</footer></body></html>"#,
            entry("10:40", "Liên minh HTX tỉnh Yên Bái được bầu làm Cụm trưởng năm 2025."),
            entry(
                "09:30",
                "Năm 2024, toàn Cụm thành lập mới 215 HTX, nâng tổng số HTX toàn Cụm lên 3.470 HTX; \
                   các HTX trong Cụm thu hút hơn 190.000 thành viên và tạo việc làm thường xuyên cho nhiều lao động."
            ),
            entry("08:00", "Hội nghị khai mạc."),
        );
        let a = read(&page);
        for said in ["Cụm trưởng, đăng cai", "bầu làm Cụm trưởng năm 2025", "thành lập mới 215 HTX", "khai mạc"]
        {
            assert!(a.body.contains(said), "{said} not in {}", a.body);
        }
        assert!(!a.body.contains("© 2024") && !a.body.contains("Trang chủ"), "{}", a.body);
    }
}

#[cfg(test)]
mod nesting {
    use super::*;

    #[test]
    fn tags_deeper_than_the_limit_go_and_their_text_stays() {
        let deep = format!("<div>{}x{}</div>", "<ul><li>".repeat(5), "</li></ul>".repeat(5));
        let flat = flatten_deep_nesting(&deep, 4).unwrap();
        assert_eq!(flat.matches("<ul>").count() + flat.matches("<li>").count(), 3);
        assert!(flat.contains('x'));
        assert_eq!(flat.matches('<').count() % 2, 0, "{flat}");
        assert!(flatten_deep_nesting("<p>a<br>b<img src=x/></p>", 4).is_none());
    }

    /// Doubling the nesting doubles the work: the flattener's output, and so what the tree
    /// builder reads, stays as deep as the limit.
    #[test]
    fn deep_pages_are_read_with_bounded_depth() {
        for n in [2_000, 4_000] {
            let page =
                format!("<html><body>{}Cụm thi đua{}</body></html>", "<ul><li>".repeat(n), "</li></ul>".repeat(n));
            let flat = flatten_deep_nesting(&page, MAX_NESTING).unwrap();
            assert_eq!(flat.matches("<ul>").count(), MAX_NESTING / 2 - 1);
            assert!(read(&page).body.contains("Cụm thi đua"));
        }
    }
}
