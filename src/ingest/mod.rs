//! Ingestion: article files → [`Document`]s.
//!
//! Reads files and folders, rejects what is not an article (empty, binary, not UTF-8, unknown
//! extension) with an error naming the file, reads saved web pages ([`html`]), normalizes the text
//! ([`crate::text::normalize`]), and
//! finds the parts of a saved page that are the article: it drops page furniture (view counters,
//! comment forms, advertisements, "Check Also"/related-story blocks, repeated teaser paragraphs)
//! and splits what is left into sentences.
//!
//! Architecture invariant: ingestion never drops text silently from the stored article. The
//! normalized text is kept whole; furniture is excluded by *ranges*, so every sentence, and every
//! figure extracted from it, has offsets into the text a user can open.

pub mod html;

use std::ops::Range;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::text;

/// Extensions htxq reads as articles.
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "html", "htm"];

/// An article file that could not be read, with the reason.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct IngestError {
    /// The file as given or found.
    pub file: String,
    /// Why it was skipped, worded for the user.
    pub reason: String,
}

/// A normalized article: its whole text plus the ranges that are the article proper.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file name as given on the command line or found in a folder.
    pub file: String,
    /// The file's text, NFC-normalized; all offsets refer to it.
    pub text: String,
    /// Hex SHA-256 of `text`; identifies the article across rebuilds.
    pub sha256: String,
    /// The headline, when the page has one.
    pub title: Option<String>,
    /// The page's own date (`YYYY-MM-DD`), which is often not the report's.
    pub published: Option<String>,
    /// Byte ranges of `text` that are article paragraphs (title excluded), in order.
    pub paragraphs: Vec<Range<usize>>,
    /// Byte range of the title in `text`.
    pub title_range: Option<Range<usize>>,
}

impl Document {
    /// The sentences of each paragraph, as byte ranges of `text`, paragraph by paragraph.
    pub fn sentences(&self) -> Vec<Vec<Range<usize>>> {
        self.paragraphs.iter().map(|p| split_sentences(&self.text, p.clone())).collect()
    }
}

/// Lists the article files named by `inputs`: files as given, folders recursively (sorted, hidden
/// entries skipped). Files with other extensions inside folders are reported, not read.
pub fn collect_files(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        walk(input, true, &mut files, &mut errors);
    }
    (files, errors)
}

fn walk(path: &Path, explicit: bool, files: &mut Vec<PathBuf>, errors: &mut Vec<IngestError>) {
    let error = |reason: String| IngestError { file: path.display().to_string(), reason };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => return errors.push(error(io_reason(&e))),
    };
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => return errors.push(error(io_reason(&e))),
        };
        entries.sort();
        for entry in entries {
            let hidden = entry.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
            if !hidden {
                walk(&entry, false, files, errors);
            }
        }
    } else if is_article_path(path) {
        files.push(path.to_path_buf());
    } else if explicit || meta.is_file() {
        errors.push(error(format!(
            "not an article file (htxq reads {})",
            ARTICLE_EXTENSIONS.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ")
        )));
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

fn is_article_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Reads and parses one article file.
pub fn load(path: &Path) -> Result<Document, IngestError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| IngestError { file: file.clone(), reason: io_reason(&e) })?;
    parse(&file, &bytes)
}

/// Parses an article from its bytes. Pure: the same bytes give the same document.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Document, IngestError> {
    let fail = |reason: String| IngestError { file: file.to_string(), reason };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(fail("empty file: no article text".into()));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(fail(format!("binary file (NUL byte at offset {at})")));
    }
    let raw = std::str::from_utf8(bytes)
        .map_err(|e| fail(format!("not UTF-8 text (invalid byte at offset {}); save it as UTF-8", e.valid_up_to())))?;
    let controls = raw.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')).count();
    if controls * 20 > raw.chars().count() {
        return Err(fail("binary file (mostly control characters)".into()));
    }
    let lower_name = file.to_ascii_lowercase();
    let (text, meta_date) = if lower_name.ends_with(".html") || lower_name.ends_with(".htm") {
        // a saved page: the stored text is the article as read from the markup, headline first
        let page = html::read(raw);
        let mut t = page.title.unwrap_or_default();
        t.push('\n');
        t.push_str(&page.body);
        (text::normalize(&t), page.published)
    } else {
        (unwrap_hard_lines(&text::normalize(raw)), None)
    };
    let sha256 = hex(&Sha256::digest(text.as_bytes()));
    let mut page = furniture::read_page(&text);
    if meta_date.is_some() {
        page.published = meta_date;
    }
    if page.paragraphs.is_empty() && page.title.is_none() {
        return Err(fail("no article text after removing page furniture".into()));
    }
    Ok(Document {
        file: file.to_string(),
        title: page.title.as_ref().map(|r| text[r.clone()].trim().to_string()),
        title_range: page.title,
        published: page.published,
        paragraphs: page.paragraphs,
        sha256,
        text,
    })
}

/// Joins the lines of a hard-wrapped document (an official BÁO CÁO typed at a fixed width) back
/// into paragraphs, so that a sentence broken over lines is one sentence again.
///
/// Only a document that looks wrapped is touched: no line longer than [`WRAP_WIDTH`] characters
/// and at least [`WRAPPED_LINES`] long lines ending without punctuation. A line then continues
/// on the next one when it ends without a sentence's end, is long or is followed by a line in lower
/// case, and the next line opens no list item, heading or table row.
pub fn unwrap_hard_lines(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let width = |l: &str| l.trim().chars().count();
    let ends_open = |l: &str| !l.trim_end().ends_with(['.', '!', '?', ':', ';', '…', '"', '”', ')', '*', '|']);
    let narrow_enough = lines.iter().all(|l| width(l) <= WRAP_WIDTH);
    // a paragraph's indented first line counts its indentation
    let long_from = |min: usize| move |l: &str| l.trim_end().chars().count() >= min;
    let wrapped = narrow_enough
        && lines.windows(2).filter(|w| long_from(WRAP_MIN)(w[0]) && ends_open(w[0]) && !w[1].trim().is_empty()).count()
            >= WRAPPED_LINES;
    // a newspaper's narrow columns (a print page read by OCR, 30-45 characters a line): many
    // lines go on in lower case on the next; a line is long for the page's own width
    let column = || {
        let continued = lines
            .windows(2)
            .filter(|w| {
                !w[0].trim().is_empty()
                    && ends_open(w[0])
                    && w[1].trim_start().chars().next().is_some_and(char::is_lowercase)
            })
            .count();
        let mut widths: Vec<usize> = lines.iter().map(|l| width(l)).filter(|&w| w > 0).collect();
        widths.sort_unstable();
        // the median: a masthead or a rule of underscores is wider than the column
        let common = widths.get(widths.len() / 2).copied().unwrap_or(0);
        (continued >= COLUMN_LINES).then_some((common * 2 / 3).max(20))
    };
    let min = if wrapped {
        WRAP_MIN
    } else if let Some(min) = column().filter(|_| narrow_enough) {
        min
    } else {
        return text.to_string();
    };
    let long = long_from(min);
    let opens_block = |l: &str| {
        let t = l.trim_start();
        let first = t.split_whitespace().next().unwrap_or("");
        t.is_empty()
            || t.starts_with(['-', '+', '•', '*', '#', '|', '>', '!', '[', '('])
            || first.trim_end_matches(['.', ')']).chars().all(|c| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X'))
                && first.ends_with(['.', ')'])
            || t.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
    };
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let prev = lines[i - 1];
            // a row of a table aligned with spaces ("1    Thanh Hóa    1.012") is a line of its own
            let aligned = |l: &str| l.trim().contains("   ");
            // a line that opens in lower case continues a sentence, however short the one before
            let continues = line.trim_start().chars().next().is_some_and(char::is_lowercase);
            // a colon or a comma leaves the sentence open; after a semicolon only a line in lower
            // case goes on with it ("... 200 tổ hợp tác;" / "thu nhập bình quân ...")
            let end = prev.trim_end();
            let sentence_end = end.ends_with(['.', '!', '?', '…', '"', '”', ')', '*', '|']);
            let open = if end.ends_with(';') { continues } else { long(prev) || continues };
            let joins = open
                && !sentence_end
                && !prev.contains('\t')
                && !aligned(prev)
                && !aligned(line)
                && !prev.trim().chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
                && !opens_block(line);
            if joins {
                out.truncate(out.trim_end().len());
                // "5 triệu đồng/người/" + "tháng": a unit cut after its slash goes on without a space
                if !out.ends_with('/') {
                    out.push(' ');
                }
                out.push_str(line.trim_start());
                continue;
            }
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// Lines of a hard-wrapped document are at most this many characters.
const WRAP_WIDTH: usize = 100;
/// A line this long that ends without punctuation was wrapped.
const WRAP_MIN: usize = 50;
/// How many wrapped lines make a document hard-wrapped.
const WRAPPED_LINES: usize = 5;
/// How many lines going on in lower case on the next make a page of narrow columns.
const COLUMN_LINES: usize = 8;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Abbreviations whose final `.` does not end a sentence (folded, without the dot).
const ABBREVIATIONS: &[&str] = &["tp", "ths", "ts", "pgs", "gs", "bs", "ks", "th.s", "p", "q", "tt"];

/// Whether the `.` at byte `dot` of `text` ends an abbreviation ("TP. Hồ Chí Minh"), not a
/// sentence.
pub fn abbreviation_dot(text: &str, dot: usize) -> bool {
    let word = text[..dot].rsplit(|c: char| !c.is_alphanumeric() && c != '.').next().unwrap_or("");
    ABBREVIATIONS.contains(&crate::text::fold(word).as_str())
}

/// Splits `range` of `text` into sentence ranges (trimmed). A sentence ends at `.`, `!`, `?` or `…`
/// followed by white space and an upper-case letter, a quote or a digit, or at the end of the range;
/// a dot between digits ("4.169") or after a known abbreviation ("TP. Bảo Lộc") does not end one.
pub fn split_sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let para = &text[range.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut next = 0;
    while next < chars.len() {
        let i = next;
        let (at, c) = chars[i];
        next += 1;
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Absorb closing marks and the "./." end-of-article marker; the run is looked at once.
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '.' | '/' | '"' | '”' | '’' | ')' | '…') {
            j += 1;
        }
        next = j;
        let end = chars.get(j).map_or(para.len(), |&(b, _)| b);
        let next_is_space = chars.get(j).is_none_or(|&(_, n)| n.is_whitespace());
        if !next_is_space {
            continue;
        }
        let next_word = chars[j..].iter().map(|&(_, c)| c).find(|c| !c.is_whitespace());
        let starts_sentence = next_word
            .is_none_or(|n| n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '(' | '-' | '–' | '•'));
        if !starts_sentence {
            continue;
        }
        if c == '.' {
            let word: String = para[..at]
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '.')
                .take(8)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if ABBREVIATIONS.contains(&text::fold(&word).as_str()) {
                continue;
            }
        }
        push_trimmed(para, range.start, start..end, &mut out);
        start = end;
    }
    push_trimmed(para, range.start, start..para.len(), &mut out);
    out
}

fn push_trimmed(para: &str, base: usize, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &para[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(base + r.start + lead..base + r.end - trail);
    }
}

/// Page furniture: what a saved news page carries around the article.
pub mod furniture {
    use std::ops::Range;

    use crate::text::fold;

    /// The parts of a page that matter.
    #[derive(Debug, Default)]
    pub struct Page {
        /// Byte range of the headline.
        pub title: Option<Range<usize>>,
        /// The page's date, `YYYY-MM-DD`.
        pub published: Option<String>,
        /// Byte ranges of the article's paragraphs.
        pub paragraphs: Vec<Range<usize>>,
    }

    /// Lines (folded, trimmed) after which nothing belongs to the article: comment forms,
    /// related-story lists, author boxes.
    const END_MARKERS: &[&str] = &[
        "leave a reply",
        "check also",
        "tin lien quan",
        "bai lien quan",
        "tin cung chuyen muc",
        "tin khac",
        "cac tin khac",
        "xem them",
        "doc them",
        "related posts",
        "related articles",
        "you may also like",
        "binh luan",
        "y kien ban doc",
        "gui binh luan",
        "chia se bai viet",
        "tags",
        "tu khoa",
    ];

    /// Whole lines (folded, trimmed) that are furniture wherever they stand.
    const NOISE_LINES: &[&str] = &[
        "advertisement",
        "quang cao",
        "share",
        "chia se",
        "facebook",
        "twitter",
        "zalo",
        "email",
        "in bai",
        "print",
        "please enter your comment!",
        "please enter your name here",
        "you have entered an incorrect email address!",
        "please enter your email address here",
    ];

    fn is_end_marker(folded: &str) -> bool {
        // "**Bình luận (2)**", "### Tin liên quan:": emphasis, a count and a colon around the words
        let t = folded.trim().trim_matches(['*', '_', '#', ' ']).trim_end_matches(':').trim();
        let t = match t.strip_suffix(')').and_then(|u| u.rsplit_once('(')) {
            Some((words, count)) if count.trim().chars().all(|c| c.is_ascii_digit()) => words.trim(),
            _ => t,
        };
        END_MARKERS.contains(&t) || is_social_bar(t)
    }

    /// A line that opens with an end marker and a colon and carries its links itself ("Tin liên
    /// quan đã phát: "Sơn La: 71 HTX ..." (...)", "Xem thêm: ..."): only the line is furniture,
    /// the article may go on after it.
    fn is_inline_links(folded: &str) -> bool {
        let t = folded.trim().trim_matches(['*', '_', '#', '>', ' ']);
        t.split_once(':').is_some_and(|(head, _)| {
            let head = head.trim();
            head.split_whitespace().count() <= 4
                && END_MARKERS
                    .iter()
                    .any(|m| head.strip_prefix(m).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')))
        })
    }

    /// A social network's action bar or comment sorter ("Thích · Bình luận · Chia sẻ",
    /// "Phù hợp nhất ▾"): what follows are readers' comments.
    fn is_social_bar(folded: &str) -> bool {
        const WORDS: &[&str] = &["thich", "binh", "luan", "chia", "se", "phan", "hoi", "like", "comment", "share"];
        let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        folded.starts_with("phu hop nhat")
            || folded.starts_with("tat ca binh luan")
            || words.len() >= 3 && words.iter().all(|w| WORDS.contains(w))
    }

    fn is_noise(line: &str, folded: &str) -> bool {
        let t = folded.trim();
        NOISE_LINES.contains(&t)
            || is_inline_links(t)
            || t.starts_with("about ")
                && t.split_whitespace().count() <= 3
            // view and comment counters: a line of digits
            || line.trim().chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == ' ')
            || t.starts_with("luot xem")
            // a related-story link in a Markdown list: "- [Bình Dương: ... 27 HTX](/kinh-te/...)"
            || is_link_item(line.trim())
            // a related story: "Hưng Yên: 42 HTX được cấp mã số ... (21/12/2021)"
            || is_dated_link(line.trim())
            // a navigation bar: "Chính trị | Kinh tế | Xã hội", "[Chính trị](/chinh-tri) · [Xã luận](...)"
            // (a line of cells with figures is a table row, not a menu)
            || line.matches(" | ").count() >= 2
                && !line.contains(|c: char| c.is_ascii_digit())
                && !line.trim_start().starts_with('|')
            || line.matches(" · ").count() >= 2
            || line.matches("](").count() >= 3
    }

    /// Whether `d` is exactly `YYYY-MM-DD`.
    pub fn is_iso_date(d: &str) -> bool {
        let b = d.as_bytes();
        b.len() == 10
            && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
    }

    /// A short line ending in a bracketed date: a headline in a list of other stories.
    fn is_dated_link(line: &str) -> bool {
        let Some(inner) = line.strip_suffix(')').and_then(|l| l.rsplit_once('(')).map(|(_, d)| d) else {
            return false;
        };
        let date_like = inner.len() <= 16
            && inner.chars().all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.' | ' ' | ':'))
            && inner.matches(['/', '-']).count() >= 2;
        date_like && line.split_whitespace().count() <= 30
    }

    /// A list item or line that is only a Markdown link.
    fn is_link_item(line: &str) -> bool {
        let t = line.trim_start_matches(['-', '*', '+', '•', ' ']);
        t.starts_with('[') && t.ends_with(')') && t.contains("](")
    }

    /// Reads a page's date from a header line such as `Thứ bảy, 01/10/2022`, `date 2025-11-15`,
    /// or `Cập nhật: 28/11/2024 10:05`. Returns the ISO date and the byte length of the date part.
    pub fn page_date(line: &str) -> Option<(String, usize)> {
        let folded = fold(line);
        let t = folded.trim_start();
        // "date 2025-11-15 ...": measured on the original line (folding may drop characters)
        let original = line.trim_start();
        let skip = line.len() - original.len();
        if original.get(..5).is_some_and(|w| w.eq_ignore_ascii_case("date ")) {
            let d = original.get(5..15)?;
            return is_iso_date(d).then(|| (d.to_string(), skip + 15));
        }
        let weekday = ["thu hai", "thu ba", "thu tu", "thu nam", "thu sau", "thu bay", "chu nhat"];
        let header = weekday.iter().any(|w| t.starts_with(w))
            || t.starts_with("cap nhat")
            || t.starts_with("ngay dang")
            || t.starts_with("dang luc")
            || t.starts_with("published");
        let short = t.chars().count() <= 60;
        // a byline with its stamp: "Thu Trang - Hà Tĩnh | 01/12/2025 - 15:20"
        let byline = t.rsplit_once('|').is_some_and(|(_, stamp)| {
            let stamp = stamp.trim();
            stamp.starts_with(|c: char| c.is_ascii_digit()) && stamp.contains(':')
        });
        let header = header || byline;
        if !(header && short
            || short && t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.split_whitespace().count() <= 3)
        {
            return None;
        }
        let (d, m, y) = find_dmy(t)?;
        Some((format!("{y:04}-{m:02}-{d:02}"), line.len()))
    }

    /// Whether a line is a newspaper's masthead: its name in capitals ("BÁO VÀ PHÁT THANH, TRUYỀN
    /// HÌNH HÀ TĨNH").
    fn is_masthead(line: &str) -> bool {
        let folded = fold(line);
        let capitals = !line.chars().any(char::is_lowercase);
        capitals && ["bao ", "tap chi ", "cong thong tin "].iter().any(|w| folded.trim_start().starts_with(w))
    }

    /// Whether a line is a menu or a breadcrumb: items split by bars, arrows or wide gaps
    /// ("Trang chủ | Thời sự | Kinh tế", "Kinh tế > Nông nghiệp", "Thời sự   Chính trị   Kinh tế").
    fn is_menu(line: &str) -> bool {
        line.matches(" | ").count() >= 2
            || line.contains(" > ")
            || line.contains(" » ")
            || line.matches("   ").count() >= 2
    }

    /// Whether a date line is a site's date bar: a weekday and a date, maybe a hotline, no stamp
    /// word ("Thứ Hai, 14/10/2024 | Hotline: ...").
    fn is_date_bar(line: &str) -> bool {
        let folded = fold(line);
        let t = folded.trim_start();
        ["thu hai", "thu ba", "thu tu", "thu nam", "thu sau", "thu bay", "chu nhat"].iter().any(|w| t.starts_with(w))
    }

    /// The first `d/m/yyyy` (or `d-m-yyyy`) in `s`.
    fn find_dmy(s: &str) -> Option<(u32, u32, u32)> {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) {
                let parts: Vec<&str> = s[i..]
                    .split(|c: char| !(c.is_ascii_digit() || c == '/' || c == '-'))
                    .next()
                    .unwrap_or("")
                    .split(['/', '-'])
                    .collect();
                if parts.len() == 3
                    && let (Ok(d), Ok(m), Ok(y)) = (parts[0].parse(), parts[1].parse(), parts[2].parse())
                    && (1..=31).contains(&d)
                    && (1..=12).contains(&m)
                    && (1900..=2100).contains(&y)
                {
                    return Some((d, m, y));
                }
            }
            i += 1;
        }
        None
    }

    /// Splits a normalized page into title, date and article paragraphs.
    pub fn read_page(text: &str) -> Page {
        let mut page = Page::default();
        let mut lines: Vec<Range<usize>> = Vec::new();
        let mut at = 0;
        for line in text.split('\n') {
            let r = at..at + line.len();
            at += line.len() + 1;
            let trimmed_start = line.len() - line.trim_start().len();
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                lines.push(r.start + trimmed_start..r.start + trimmed_start + trimmed.len());
            }
        }
        let mut kept: Vec<Range<usize>> = Vec::new();
        let mut title_is_heading = false;
        // a site's date bar ("Thứ Sáu, 15/03/2024" above the menu) is the day the page was saved,
        // not the article's: a stamp near the headline ("Cập nhật: 14/12/2018 - 15:40", "Thu
        // Trang - Hà Tĩnh | 01/12/2025 - 15:20") replaces it
        let mut date_bar = false;
        // a table's header ("TT | Tỉnh | Tổng số HTX | Thành lập mới") looks like a menu; the rows of
        // figures under it (past a rule of dashes) say it is none
        let bars = |l: &str| l.matches('|').count();
        let heads_a_table = |i: usize| {
            let head = &text[lines[i].clone()];
            let rule = |l: &&str| l.chars().all(|c| matches!(c, '-' | '=' | '+' | ':' | '|' | ' '));
            let next = lines[i + 1..].iter().map(|r| &text[r.clone()]).find(|l| !rule(l));
            bars(head) >= 2
                && next.is_some_and(|n| n.contains(|c: char| c.is_ascii_digit()) && bars(n).abs_diff(bars(head)) <= 1)
        };
        // a related-story box above the article ("Tin liên quan:" and its items before any
        // paragraph of the body): skipped, it ends nothing
        let mut in_box = false;
        for (i, r) in lines.iter().cloned().enumerate() {
            let line = &text[r.clone()];
            let folded = fold(line);
            if is_end_marker(&folded) {
                if kept.is_empty() && !is_social_bar(folded.trim()) {
                    in_box = true;
                    continue;
                }
                break;
            }
            if in_box {
                if line.starts_with(['-', '•', '*', '+', '[']) {
                    continue;
                }
                in_box = false;
            }
            if is_noise(line, &folded) && !heads_a_table(i) {
                continue;
            }
            // a Markdown headline ("# Kinh tế tập thể ...", or "## ..." when the page has no "#")
            // is the title wherever it stands, replacing a site name taken for one before it
            let heading = line.starts_with("# ") || line.starts_with("## ");
            if heading && !title_is_heading && line.split_whitespace().count() >= 4 && kept.len() <= 3 {
                let lead = line.len() - line.trim_start_matches(['#', ' ']).len();
                page.title = Some(r.start + lead..r.end);
                title_is_heading = true;
                continue;
            }
            if page.title.is_none() && kept.is_empty() {
                if is_masthead(line) || is_menu(line) {
                    continue;
                }
                if let Some((date, len)) = page_date(line) {
                    if page.published.is_none() {
                        date_bar = is_date_bar(line);
                        page.published = Some(date);
                    }
                    let rest = &line[len.min(line.len())..];
                    let lead = rest.len() - rest.trim_start().len();
                    if rest.trim().is_empty() {
                        continue;
                    }
                    let start = r.start + len + lead;
                    page.title = Some(start..r.end);
                    continue;
                }
                // a headline: short, no full stop, more than a site name ("BÁO KHÁNH HOÀ", "BÁO
                // BÌNH ĐỊNH ĐIỆN TỬ")
                if line.chars().count() <= 250
                    && !line.ends_with('.')
                    && line.split_whitespace().count() >= 5
                    && !is_masthead(line)
                {
                    page.title = Some(r);
                    continue;
                }
            }
            let before_body =
                kept.is_empty() || date_bar && kept.iter().all(|k| text[k.clone()].split_whitespace().count() < 20);
            if (page.published.is_none() || date_bar)
                && before_body
                && let Some((date, len)) = page_date(line)
                && len >= line.len()
            {
                date_bar = is_date_bar(line);
                page.published = Some(date);
                continue;
            }
            kept.push(r);
        }
        page.paragraphs = drop_repeats(text, kept);
        page
    }

    /// Drops paragraphs that repeat others: exact duplicates, and teasers — a paragraph cut off
    /// with an ellipsis whose opening words reappear at the start of a later paragraph.
    fn drop_repeats(text: &str, paragraphs: Vec<Range<usize>>) -> Vec<Range<usize>> {
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let texts: Vec<String> = paragraphs.iter().map(|r| squash(&text[r.clone()])).collect();
        // a teaser is long (a lead cut off with an ellipsis); key later paragraphs by their first
        // 80 characters to find the one it repeats, in one pass
        const OPENING: usize = 80;
        let head = |t: &str| t.chars().take(OPENING).collect::<String>();
        let mut last_with_opening: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, t) in texts.iter().enumerate() {
            last_with_opening.insert(head(t), i);
        }
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (i, r) in paragraphs.iter().enumerate() {
            let t = texts[i].as_str();
            // a table's header row is repeated by the next table of the same columns
            let row = text[r.clone()].contains('\t') || t.starts_with('|');
            if !seen.insert(t) && !row {
                continue;
            }
            let cut = t.trim_end_matches(['.', '…']);
            let teaser = cut.len() < t.len() && (t.ends_with("...") || t.ends_with('…'));
            if teaser && cut.chars().count() > OPENING && last_with_opening.get(&head(t)).is_some_and(|&j| j > i) {
                continue;
            }
            out.push(r.clone());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(s: &str) -> Vec<&str> {
        split_sentences(s, 0..s.len()).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn sentences_split_at_full_stops_not_inside_numbers_or_abbreviations() {
        assert_eq!(
            sentences("Cụm có 4.169 HTX. Tại TP. Bảo Lộc, Lâm Đồng có 12 HTX./."),
            vec!["Cụm có 4.169 HTX.", "Tại TP. Bảo Lộc, Lâm Đồng có 12 HTX./."]
        );
        assert_eq!(sentences("một câu… Câu hai"), vec!["một câu…", "Câu hai"]);
    }

    #[test]
    fn a_date_bar_gives_way_to_the_article_stamp_and_mastheads_and_menus_are_no_headline() {
        let page = "BÁO ĐIỆN TỬ MIỀN NÚI\nThứ Ba, 02/12/2025 | 09:14 GMT+7\nTrang chủ | Thời sự | Kinh tế\n\
            Kinh tế > Nông nghiệp\n\nCụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2025\n\
            Minh An - Sơn La | 28/11/2025 - 16:05\n\nSáng 28/11, tại Sơn La, Cụm thi đua tổ chức hội nghị tổng kết.\n";
        let read = furniture::read_page(page);
        assert_eq!(read.published.as_deref(), Some("2025-11-28"));
        let title = read.title.map(|r| &page[r]);
        assert_eq!(title, Some("Cụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2025"));
        // with no stamp, the bar is all there is
        let bare = "Thứ Ba, 02/12/2025\nCụm thi đua Liên minh HTX các tỉnh Tây Bắc tổng kết năm 2025\n\nSáng 28/11, hội nghị.\n";
        assert_eq!(furniture::read_page(bare).published.as_deref(), Some("2025-12-02"));
    }

    #[test]
    fn page_dates_from_headers() {
        assert_eq!(furniture::page_date("Thứ bảy,  01/10/2022").unwrap().0, "2022-10-01");
        assert_eq!(furniture::page_date(" date 2025-11-15 Liên minh").unwrap().0, "2025-11-15");
        assert!(furniture::page_date("Sáng 30/11/2023, tại trụ sở Liên minh Hợp tác xã tỉnh Phú Thọ, Cụm").is_none());
    }

    #[test]
    fn hard_wrapped_lines_join_into_paragraphs_but_tables_and_headings_stay() {
        let wrapped = "\
\x20    Liên minh HTX các tỉnh đã phối hợp với các cơ quan thông tin đại chúng tuyên
truyền Luật HTX năm 2012 và các văn bản hướng dẫn thi hành; tư vấn chuyển đổi,
đăng ký lại cho các HTX theo quy định của pháp luật hiện hành trong năm qua.
\x20    Đến ngày 30/11, toàn Cụm có 3.330 HTX, trong đó 2.418 HTX nông nghiệp; 14
liên hiệp HTX và 9.870 tổ hợp tác. Trong năm, các tỉnh thành lập mới 150 HTX,
giải thể 70 HTX; số HTX toàn Cụm tăng 80 HTX so với năm trước đó trong cả Cụm.
\x20    Tổng số thành viên HTX trong Cụm trên 1,15
triệu người; các HTX tạo việc làm thường xuyên cho 96.400 lao động trong vùng.
Doanh thu bình quân của HTX đạt 1.450 triệu đồng/HTX/
năm trong năm 2014 này.

II. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG GIAO ƯỚC THI ĐUA CỦA CỤM TRONG NĂM 2014
\x20 1    Thanh Hóa              1.012             46            21   nông nghiệp
\x20 2    Nghệ An                  874             38            17   nông nghiệp
";
        let text = unwrap_hard_lines(wrapped);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 8, "{text}");
        assert!(lines[0].ends_with("hiện hành trong năm qua."));
        let lines = &lines[1..];
        assert!(lines[0].ends_with("so với năm trước đó trong cả Cụm."));
        assert!(lines[1].contains("trên 1,15 triệu người;"));
        // a unit cut after its slash goes on without a space
        assert!(lines[2].contains("1.450 triệu đồng/HTX/năm trong"), "{}", lines[2]);
        assert!(lines[5].contains("Thanh Hóa") && lines[6].contains("Nghệ An"));
        // prose typed without a fixed width is left alone
        let prose = "Một dòng ngắn\nvà một dòng khác\n";
        assert_eq!(unwrap_hard_lines(prose), prose);
    }

    /// A print page read by OCR, in a newspaper's narrow columns: lines go on in lower case or
    /// after a comma for the column's width; a sidebar's headline, a line in capitals and a short
    /// line before a capital stay apart.
    #[test]
    fn narrow_columns_of_a_print_page_join_into_paragraphs() {
        let page = "\
TIỀN GIANG          Thứ Sáu, 15-12-2023          Số 4.410          2
___________________________________________________________________

Cụm thi đua sông Tiền tổng kết
năm 2023

TG - Sáng 13-12, tại TP. Mỹ Tho,
Liên minh HTX tỉnh Tiền Giang - Cụm
trưởng năm 2023 - chủ trì hội nghị
tổng kết thi đua của Cụm. Năm qua,
toàn Cụm thành lập mới 74 HTX, nâng
tổng số lên 1.102 HTX với gần 60
nghìn thành viên; doanh thu bình
quân đạt 2,1 tỷ đồng/HTX.

Giá lúa nhích nhẹ
Tuần qua, giá lúa tươi tại ruộng
tăng 100 đồng/kg so với tuần trước.

    CÔNG AN TỈNH RA QUÂN BẢO ĐẢM AN TOÀN TẾT
";
        let text = unwrap_hard_lines(page);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines[2], "Cụm thi đua sông Tiền tổng kết năm 2023", "{text}");
        assert!(lines[3].starts_with("TG - Sáng 13-12, tại TP. Mỹ Tho, Liên minh HTX tỉnh Tiền Giang - Cụm trưởng"));
        assert!(lines[3].contains("nâng tổng số lên 1.102 HTX với gần 60 nghìn thành viên; doanh thu bình quân"));
        assert_eq!(lines[4], "Giá lúa nhích nhẹ");
        assert!(lines[5].ends_with("so với tuần trước."));
        assert!(lines[6].contains("CÔNG AN"));
    }

    /// A related-story box above the article ends nothing: the body under it is read, and a
    /// related list after the body still ends the article; a links line says nothing either.
    #[test]
    fn a_related_box_above_the_article_is_skipped_not_the_end() {
        let page = "Thứ Ba, 16/01/2024\n\nTin liên quan:\n- Khánh Hòa: năm 2023 thành lập mới 23 HTX\n\
                    - Vạn Ninh phát triển 5 HTX\n\nHTX Nông nghiệp Ninh Đông làm ăn hiệu quả\n\n\
                    Năm 2023, doanh thu của HTX đạt 12,4 tỷ đồng.\n\nXem thêm: HTX xoài Cam Lâm đạt 90 triệu\n\n\
                    Thu nhập của thành viên tăng rõ rệt.\n\nTin liên quan:\n- Một tin khác\n";
        let doc = parse("a.txt", page.as_bytes()).unwrap();
        let body: Vec<&str> = doc.paragraphs.iter().map(|r| &doc.text[r.clone()]).collect();
        assert!(body.iter().any(|p| p.contains("12,4 tỷ")), "{body:?}");
        assert!(body.iter().any(|p| p.contains("tăng rõ rệt")), "{body:?}");
        assert!(
            !body.iter().any(|p| p.contains("Vạn Ninh") || p.contains("Xem thêm") || p.contains("tin khác")),
            "{body:?}"
        );
    }

    #[test]
    fn rejects_what_is_not_an_article() {
        assert!(parse("e.txt", b" \n").unwrap_err().reason.contains("empty"));
        assert!(parse("b.txt", b"ab\0cd").unwrap_err().reason.contains("binary"));
        assert!(parse("l.txt", b"Ti\xeau \xf0\x28").unwrap_err().reason.contains("UTF-8"));
    }
}
