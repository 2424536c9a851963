//! Lexicon of Vietnamese provinces and of the region names that emulation clusters are named after.
//!
//! Cluster reports name the provinces of a cluster ("Liên minh HTX 07 tỉnh: Yên Bái, Phú Thọ, …")
//! and the cluster itself by a region ("Cụm thi đua … các tỉnh miền núi phía Bắc"). This module
//! knows the 63 provinces and centrally-governed cities that existed before the 1 July 2025
//! merger, the province each one belongs to since then, their socio-economic region, and the
//! region phrases used as cluster names.
//!
//! All matching is done on folded text ([`crate::text::fold`]), so diacritics, case, NFD input and
//! old/new tone placement (`"Hoà"`/`"Hòa"`) do not matter. Finding provinces in running text is
//! stricter than looking one up: see [`find_provinces`].

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::char::is_combining_mark;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::text::{Folded, fold, is_word_boundary};

/// A Vietnamese province or centrally-governed city, as it existed before the 1 July 2025 merger
/// (63 units), plus units only named after it.
///
/// Units created by the merger all carry the name of one of the 63, except "Huế", which is how
/// Thừa Thiên Huế has been named since it became a centrally-governed city; [`province`] accepts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Province {
    /// Canonical NFC spelling with modern tone placement: "Hòa Bình", "Đắk Lắk", "Thừa Thiên Huế",
    /// "Bà Rịa - Vũng Tàu", "Hồ Chí Minh".
    pub name: &'static str,
    /// Other spellings that articles and users write ("Hoà Bình", "Đăk Lăk", "TP.HCM", "Sài Gòn").
    /// Spellings that differ from these only by case, diacritics or dash spacing need not be listed.
    pub aliases: &'static [&'static str],
    /// The province it belongs to since 1 July 2025 (its own name when it survived).
    pub merged_into: &'static str,
    /// Socio-economic region: "Trung du và miền núi phía Bắc", "Đồng bằng sông Hồng",
    /// "Bắc Trung Bộ và Duyên hải miền Trung", "Tây Nguyên", "Đông Nam Bộ" or
    /// "Đồng bằng sông Cửu Long".
    pub region: &'static str,
}

/// A province named in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProvinceMention {
    /// Byte offset in the original text where the name starts.
    pub start: usize,
    /// Byte offset in the original text just past the name.
    pub end: usize,
    /// The province named.
    pub province: &'static Province,
}

/// A region phrase that names an emulation cluster ("Cụm thi đua … các tỉnh Tây Bắc").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region {
    /// Canonical spelling: "Tây Bắc", "Đồng bằng sông Cửu Long".
    pub name: &'static str,
    /// Other phrases for the same region ("ĐBSCL"), bare (without "vùng", "các tỉnh").
    pub aliases: &'static [&'static str],
}

/// A region phrase found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionMention {
    /// Byte offset in the original text where the phrase starts.
    pub start: usize,
    /// Byte offset in the original text just past the phrase.
    pub end: usize,
    /// The region named.
    pub region: &'static Region,
}

const TDMNPB: &str = "Trung du và miền núi phía Bắc";
const DBSH: &str = "Đồng bằng sông Hồng";
const BTB_DHMT: &str = "Bắc Trung Bộ và Duyên hải miền Trung";
const TAY_NGUYEN: &str = "Tây Nguyên";
const DNB: &str = "Đông Nam Bộ";
const DBSCL: &str = "Đồng bằng sông Cửu Long";

const fn p(
    name: &'static str,
    aliases: &'static [&'static str],
    merged_into: &'static str,
    region: &'static str,
) -> Province {
    Province { name, aliases, merged_into, region }
}

/// The 63 provinces and cities, grouped by region, north to south.
static PROVINCES: [Province; 63] = [
    // Trung du và miền núi phía Bắc (14)
    p("Hà Giang", &[], "Tuyên Quang", TDMNPB),
    p("Cao Bằng", &[], "Cao Bằng", TDMNPB),
    p("Bắc Kạn", &["Bắc Cạn"], "Thái Nguyên", TDMNPB),
    p("Tuyên Quang", &[], "Tuyên Quang", TDMNPB),
    p("Lào Cai", &[], "Lào Cai", TDMNPB),
    p("Yên Bái", &[], "Lào Cai", TDMNPB),
    p("Thái Nguyên", &[], "Thái Nguyên", TDMNPB),
    p("Lạng Sơn", &[], "Lạng Sơn", TDMNPB),
    p("Bắc Giang", &[], "Bắc Ninh", TDMNPB),
    p("Phú Thọ", &[], "Phú Thọ", TDMNPB),
    p("Điện Biên", &[], "Điện Biên", TDMNPB),
    p("Lai Châu", &[], "Lai Châu", TDMNPB),
    p("Sơn La", &[], "Sơn La", TDMNPB),
    p("Hòa Bình", &["Hoà Bình"], "Phú Thọ", TDMNPB),
    // Đồng bằng sông Hồng (11)
    p("Hà Nội", &["Hanoi"], "Hà Nội", DBSH),
    p("Vĩnh Phúc", &[], "Phú Thọ", DBSH),
    p("Bắc Ninh", &[], "Bắc Ninh", DBSH),
    p("Quảng Ninh", &[], "Quảng Ninh", DBSH),
    p("Hải Dương", &[], "Hải Phòng", DBSH),
    p("Hải Phòng", &[], "Hải Phòng", DBSH),
    p("Hưng Yên", &[], "Hưng Yên", DBSH),
    p("Thái Bình", &[], "Hưng Yên", DBSH),
    p("Hà Nam", &[], "Ninh Bình", DBSH),
    p("Nam Định", &[], "Ninh Bình", DBSH),
    p("Ninh Bình", &[], "Ninh Bình", DBSH),
    // Bắc Trung Bộ và Duyên hải miền Trung (14)
    p("Thanh Hóa", &["Thanh Hoá"], "Thanh Hóa", BTB_DHMT),
    p("Nghệ An", &[], "Nghệ An", BTB_DHMT),
    p("Hà Tĩnh", &[], "Hà Tĩnh", BTB_DHMT),
    p("Quảng Bình", &[], "Quảng Trị", BTB_DHMT),
    p("Quảng Trị", &[], "Quảng Trị", BTB_DHMT),
    p(
        "Thừa Thiên Huế",
        &["Thừa Thiên - Huế", "TT-Huế", "TT. Huế", "Thành phố Huế", "TP. Huế", "TP Huế", "Huế"],
        "Huế",
        BTB_DHMT,
    ),
    p("Đà Nẵng", &[], "Đà Nẵng", BTB_DHMT),
    p("Quảng Nam", &[], "Đà Nẵng", BTB_DHMT),
    p("Quảng Ngãi", &[], "Quảng Ngãi", BTB_DHMT),
    p("Bình Định", &[], "Gia Lai", BTB_DHMT),
    p("Phú Yên", &[], "Đắk Lắk", BTB_DHMT),
    p("Khánh Hòa", &["Khánh Hoà"], "Khánh Hòa", BTB_DHMT),
    p("Ninh Thuận", &[], "Khánh Hòa", BTB_DHMT),
    p("Bình Thuận", &[], "Lâm Đồng", BTB_DHMT),
    // Tây Nguyên (5)
    p("Kon Tum", &["Kontum"], "Quảng Ngãi", TAY_NGUYEN),
    p("Gia Lai", &[], "Gia Lai", TAY_NGUYEN),
    p("Đắk Lắk", &["Đăk Lăk", "Đắc Lắc", "Dak Lak", "Daklak"], "Đắk Lắk", TAY_NGUYEN),
    p("Đắk Nông", &["Đăk Nông", "Đắc Nông", "Dak Nong", "Daknong"], "Lâm Đồng", TAY_NGUYEN),
    p("Lâm Đồng", &[], "Lâm Đồng", TAY_NGUYEN),
    // Đông Nam Bộ (6)
    p("Bình Phước", &[], "Đồng Nai", DNB),
    p("Tây Ninh", &[], "Tây Ninh", DNB),
    p("Bình Dương", &[], "Hồ Chí Minh", DNB),
    p("Đồng Nai", &[], "Đồng Nai", DNB),
    p("Bà Rịa - Vũng Tàu", &["Bà Rịa-Vũng Tàu", "Bà Rịa Vũng Tàu", "BR-VT", "BRVT", "Vũng Tàu"], "Hồ Chí Minh", DNB),
    p(
        "Hồ Chí Minh",
        &[
            "TP.HCM",
            "TP. HCM",
            "TP HCM",
            "TPHCM",
            "TP.Hồ Chí Minh",
            "TP. Hồ Chí Minh",
            "TP Hồ Chí Minh",
            "Thành phố Hồ Chí Minh",
            "Sài Gòn",
        ],
        "Hồ Chí Minh",
        DNB,
    ),
    // Đồng bằng sông Cửu Long (13)
    p("Long An", &[], "Tây Ninh", DBSCL),
    p("Tiền Giang", &[], "Đồng Tháp", DBSCL),
    p("Bến Tre", &[], "Vĩnh Long", DBSCL),
    p("Trà Vinh", &[], "Vĩnh Long", DBSCL),
    p("Vĩnh Long", &[], "Vĩnh Long", DBSCL),
    p("Đồng Tháp", &[], "Đồng Tháp", DBSCL),
    p("An Giang", &[], "An Giang", DBSCL),
    p("Kiên Giang", &[], "An Giang", DBSCL),
    p("Cần Thơ", &[], "Cần Thơ", DBSCL),
    p("Hậu Giang", &[], "Cần Thơ", DBSCL),
    p("Sóc Trăng", &[], "Cần Thơ", DBSCL),
    p("Bạc Liêu", &[], "Cà Mau", DBSCL),
    p("Cà Mau", &[], "Cà Mau", DBSCL),
];

/// Spellings [`province`] accepts but [`find_provinces`] does not look for in running text
/// (too ambiguous there, or not Vietnamese).
const LOOKUP_ONLY: &[(&str, &str)] =
    &[("HCM", "Hồ Chí Minh"), ("HCMC", "Hồ Chí Minh"), ("Ho Chi Minh City", "Hồ Chí Minh"), ("Saigon", "Hồ Chí Minh")];

/// Leading words [`province`] ignores (folded, punctuation already turned into spaces).
const PROVINCE_PREFIXES: &[&str] = &["tinh ", "thanh pho ", "tp ", "thu do "];

/// Folded phrases inside which a province name is not a province: the Pacific Ocean, the town
/// and the streets named Điện Biên Phủ, and the many names honouring President Hồ Chí Minh.
const PROVINCE_SHADOWS: &[&str] = &[
    "thai binh duong",
    "dien bien phu",
    "chu tich ho chi minh",
    "tu tuong ho chi minh",
    "phong cach ho chi minh",
    "dao duc ho chi minh",
    "tncs ho chi minh",
    "cong san ho chi minh",
    "tntp ho chi minh",
    "tien phong ho chi minh",
    "huan chuong ho chi minh",
    "giai thuong ho chi minh",
    "ctqg ho chi minh",
    "chinh tri quoc gia ho chi minh",
    "duong mon ho chi minh",
];

/// Folded capitalised words that, right before a province-like name, make it part of a person's
/// name ("Nguyễn Hòa Bình", "Nguyễn Thị Huế"): common family names and middle names.
const NAME_WORDS: &[&str] = &[
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "ho", "ngo", "duong", "ly",
    "trinh", "doan", "luu", "van", "thi", "duc", "huu", "cong",
];

/// Whether a capitalised word is a common family or middle name ("Nguyễn", "Thị"): a run of
/// capitalised words that starts with one is a person's name.
pub fn is_name_word(word: &str) -> bool {
    NAME_WORDS.contains(&crate::text::fold(word).as_str())
}

/// The regions that clusters are named after, broad before narrow.
static REGIONS: [Region; 18] = [
    Region {
        name: "Trung du và miền núi phía Bắc",
        aliases: &["Trung du miền núi phía Bắc", "Trung du, miền núi phía Bắc", "Miền núi và trung du phía Bắc"],
    },
    Region { name: "Miền núi phía Bắc", aliases: &["Vùng núi phía Bắc", "Miền núi Bắc Bộ"] },
    Region { name: "Tây Bắc", aliases: &["Tây Bắc Bộ"] },
    Region { name: "Đông Bắc", aliases: &["Đông Bắc Bộ"] },
    Region { name: "Việt Bắc", aliases: &[] },
    Region { name: "Biên giới phía Bắc", aliases: &[] },
    Region {
        name: "Đồng bằng sông Hồng", aliases: &["ĐBSH", "ĐB sông Hồng", "Đồng bằng Bắc Bộ"]
    },
    Region {
        name: "Bắc Trung Bộ và Duyên hải miền Trung", aliases: &["Bắc Trung Bộ và Duyên hải Trung Bộ"]
    },
    Region { name: "Bắc Trung Bộ", aliases: &[] },
    Region { name: "Duyên hải miền Trung", aliases: &["Duyên hải Trung Bộ"] },
    Region { name: "Duyên hải Nam Trung Bộ", aliases: &[] },
    Region { name: "Nam Trung Bộ", aliases: &[] },
    Region { name: "Miền Trung", aliases: &[] },
    Region { name: "Tây Nguyên", aliases: &[] },
    Region { name: "Đông Nam Bộ", aliases: &["Miền Đông Nam Bộ"] },
    Region { name: "Tây Nam Bộ", aliases: &["Miền Tây Nam Bộ"] },
    Region { name: "Đồng bằng sông Cửu Long", aliases: &["ĐBSCL", "ĐB sông Cửu Long"] },
    // not a region: the cluster of the five centrally-governed cities ("Cụm thi đua Liên minh HTX
    // 05 thành phố trực thuộc Trung ương")
    Region {
        name: "Thành phố trực thuộc Trung ương",
        aliases: &["Thành phố trực thuộc TW", "TP trực thuộc Trung ương", "Thành phố trực thuộc T.Ư"],
    },
];

/// Leading words [`region`] ignores when the whole phrase is not a region.
const REGION_PREFIXES: &[&str] = &["cac tinh thanh ", "cac tinh ", "khu vuc ", "vung ", "mien "];

/// The year reports start to use the merged provinces (the merger took effect on 1 July 2025).
pub const MERGER_YEAR: i64 = 2025;

/// The name a cluster known only by its number has until an article names its region.
pub const NUMBERED_CLUSTER: &str = "Cụm thi đua số ";

/// "Cụm thi đua số 5": the name of cluster number `n` whose region is not known.
pub fn numbered_cluster(n: i64) -> String {
    format!("{NUMBERED_CLUSTER}{n}")
}

/// For a province as it exists after the merger, the former provinces it absorbed
/// ("Lào Cai" → "Yên Bái"; "Huế" → none), comma-separated; `None` when it absorbed none.
pub fn merged_from(name: &str) -> Option<String> {
    let survivor = province(name)?;
    // only a province that survived the merger absorbed others
    if province(survivor.merged_into).map(|p| p.name) != Some(survivor.name) {
        return None;
    }
    let absorbed: Vec<&str> = provinces()
        .iter()
        .filter(|p| p.merged_into == survivor.merged_into && p.name != survivor.name)
        .map(|p| p.name)
        .collect();
    (!absorbed.is_empty()).then(|| absorbed.join(", "))
}

/// The 63 provinces and centrally-governed cities before the 1 July 2025 merger, north to south.
pub fn provinces() -> &'static [Province] {
    &PROVINCES
}

/// The region phrases that emulation clusters are named after.
pub fn regions() -> &'static [Region] {
    &REGIONS
}

/// Folds `s` for lookup: diacritics and case removed, every run of non-alphanumeric characters
/// (spaces, dots, dashes, commas) turned into one space, trimmed.
fn lookup_key(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `key` without one of `prefixes`, when it has one and something is left.
fn strip_prefix<'a>(key: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|prefix| key.strip_prefix(prefix)).filter(|rest| !rest.is_empty())
}

/// Lookup keys of every province spelling, with and without a leading "tỉnh"/"TP" word.
static PROVINCE_KEYS: LazyLock<HashMap<String, &'static Province>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    let mut add = |spelling: &str, province: &'static Province| {
        let key = lookup_key(spelling);
        if let Some(bare) = strip_prefix(&key, PROVINCE_PREFIXES) {
            map.entry(bare.to_string()).or_insert(province);
        }
        map.entry(key).or_insert(province);
    };
    for province in &PROVINCES {
        add(province.name, province);
        for alias in province.aliases {
            add(alias, province);
        }
    }
    for (spelling, name) in LOOKUP_ONLY {
        if let Some(province) = PROVINCES.iter().find(|p| p.name == *name) {
            add(spelling, province);
        }
    }
    map
});

/// Lookup keys of every region spelling.
static REGION_KEYS: LazyLock<HashMap<String, &'static Region>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for region in &REGIONS {
        for spelling in std::iter::once(&region.name).chain(region.aliases) {
            map.entry(lookup_key(spelling)).or_insert(region);
        }
    }
    map
});

/// Looks a province up by any spelling (folded comparison; accepts a leading "tỉnh",
/// "thành phố", "TP.", "TP" prefix and aliases). Also accepts post-merger names such as "Huế".
///
/// ```
/// use htxq::geo::province;
/// assert_eq!(province("tỉnh Yen Bai").unwrap().merged_into, "Lào Cai");
/// assert_eq!(province("TP.HCM").unwrap().name, "Hồ Chí Minh");
/// assert_eq!(province("Huế").unwrap().name, "Thừa Thiên Huế");
/// assert!(province("Tây Bắc").is_none());
/// ```
pub fn province(name: &str) -> Option<&'static Province> {
    let key = lookup_key(name);
    if key.is_empty() {
        return None;
    }
    PROVINCE_KEYS
        .get(&key)
        .copied()
        .or_else(|| strip_prefix(&key, PROVINCE_PREFIXES).and_then(|bare| PROVINCE_KEYS.get(bare).copied()))
}

/// Canonical region for a phrase (folded, alias-aware): "ĐBSCL" -> "Đồng bằng sông Cửu Long",
/// "dong bang song hong" -> "Đồng bằng sông Hồng". A leading "vùng", "khu vực", "các tỉnh" or
/// "miền" is ignored when the whole phrase is not a region.
///
/// ```
/// use htxq::geo::region;
/// assert_eq!(region("ĐBSCL").unwrap().name, "Đồng bằng sông Cửu Long");
/// assert_eq!(region("các tỉnh Tây Bắc").unwrap().name, "Tây Bắc");
/// ```
pub fn region(name: &str) -> Option<&'static Region> {
    let key = lookup_key(name);
    if key.is_empty() {
        return None;
    }
    REGION_KEYS
        .get(&key)
        .copied()
        .or_else(|| strip_prefix(&key, REGION_PREFIXES).and_then(|bare| REGION_KEYS.get(bare).copied()))
}

/// A folded spelling to search for in folded text.
struct Needle<T: 'static> {
    /// The folded spelling.
    text: String,
    /// Offsets in `text` of the words whose first letter is upper case in the spelling.
    capitals: Vec<usize>,
    /// What the spelling names.
    item: &'static T,
}

impl<T> Needle<T> {
    fn new(spelling: &str, item: &'static T) -> Needle<T> {
        let folded = Folded::new(spelling);
        let mut capitals = Vec::new();
        let mut in_word = false;
        for (at, c) in folded.text.char_indices() {
            let is_word = c.is_alphanumeric();
            if is_word && !in_word {
                let original = folded.original(at);
                if starts_upper(spelling, original) {
                    capitals.push(at);
                }
            }
            in_word = is_word;
        }
        Needle { text: folded.text, capitals, item }
    }
}

/// Whether the character at byte `at` of `text` is an upper-case letter.
fn starts_upper(text: &str, at: usize) -> bool {
    text.get(at..).and_then(|rest| rest.chars().next()).is_some_and(char::is_uppercase)
}

const DASHES: &[char] = &['-', '–', '—'];

/// `spelling` and its variants with every dash written as `-`, `–` or `—`, spaced or not.
fn dash_variants(spelling: &str) -> Vec<String> {
    let mut out = vec![spelling.to_string()];
    if spelling.contains(DASHES) {
        let parts: Vec<&str> = spelling.split(DASHES).map(str::trim).collect();
        for separator in ["-", " - ", "–", " – ", "—", " — "] {
            let variant = parts.join(separator);
            if !out.contains(&variant) {
                out.push(variant);
            }
        }
    }
    out
}

/// Needles for `spellings` of `item`, one per distinct folded text.
fn push_needles<T>(needles: &mut Vec<Needle<T>>, item: &'static T, spellings: impl IntoIterator<Item = &'static str>) {
    for spelling in spellings {
        for variant in dash_variants(spelling) {
            let needle = Needle::new(&variant, item);
            if !needle.text.is_empty() && !needles.iter().any(|n| n.text == needle.text) {
                needles.push(needle);
            }
        }
    }
}

static PROVINCE_NEEDLES: LazyLock<Vec<Needle<Province>>> = LazyLock::new(|| {
    let mut needles = Vec::new();
    for province in &PROVINCES {
        push_needles(&mut needles, province, std::iter::once(province.name).chain(province.aliases.iter().copied()));
    }
    needles
});

static REGION_NEEDLES: LazyLock<Vec<Needle<Region>>> = LazyLock::new(|| {
    let mut needles = Vec::new();
    for region in &REGIONS {
        push_needles(&mut needles, region, std::iter::once(region.name).chain(region.aliases.iter().copied()));
    }
    needles
});

/// A whole-word occurrence of a needle in folded text.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    needle: usize,
}

/// A matcher over a set of folded needles: one Aho-Corasick automaton, so finding every needle
/// in a text is one pass instead of one substring search per needle.
struct Needles(AhoCorasick);

impl Needles {
    fn new<'a>(needles: impl IntoIterator<Item = &'a str>) -> Needles {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(needles)
            .expect("folded place names build an automaton");
        Needles(ac)
    }
}

static PROVINCE_MATCHER: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(PROVINCE_NEEDLES.iter().map(|n| n.text.as_str())));
static REGION_MATCHER: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(REGION_NEEDLES.iter().map(|n| n.text.as_str())));
static SHADOW_MATCHER: LazyLock<Needles> = LazyLock::new(|| Needles::new(PROVINCE_SHADOWS.iter().copied()));

/// Every whole-word occurrence of every needle in `hay`, by start, longest first.
fn hits(hay: &str, needles: &Needles) -> Vec<Hit> {
    let mut out: Vec<Hit> = needles
        .0
        .find_overlapping_iter(hay)
        .filter(|m| m.start() < m.end() && is_word_boundary(hay, m.start()) && is_word_boundary(hay, m.end()))
        .map(|m| Hit { start: m.start(), end: m.end(), needle: m.pattern().as_usize() })
        .collect();
    out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    out
}

/// Leftmost-longest selection of non-overlapping hits that pass `accept`.
fn select(hits: Vec<Hit>, mut accept: impl FnMut(&Hit) -> bool) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut taken_to = 0;
    for hit in hits {
        if hit.start < taken_to || !accept(&hit) {
            continue;
        }
        taken_to = hit.end;
        out.push(hit);
    }
    out
}

/// Whether the word right before byte `start` of `text` (separated by spaces only) is a
/// capitalised family or middle name, so that what follows is part of a person's name.
fn after_personal_name(text: &str, start: usize) -> bool {
    let Some(before) = text.get(..start) else {
        return false;
    };
    let trimmed = before.trim_end_matches(' ');
    if trimmed.len() == before.len() {
        return false;
    }
    let word_start = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic() || is_combining_mark(c))
        .last()
        .map_or(trimmed.len(), |(at, _)| at);
    let word = &trimmed[word_start..];
    !word.is_empty() && starts_upper(word, 0) && NAME_WORDS.contains(&fold(word).as_str())
}

/// Every province named in `text`, in order, non-overlapping, longest match first at a position,
/// whole words only, and only where the original text starts with an upper-case letter (so
/// "bình định" as a verb phrase or "long an" in lower case does not count; "Long An" does).
///
/// More precisely, every word that is capitalised in the matched spelling must be capitalised in
/// the text ("Hòa bình" is not Hòa Bình; "TP.HCM" and "Tp.HCM" both are). Two further guards
/// against names that are not provinces: a name inside a known non-province phrase ("Thái Bình
/// Dương", "Điện Biên Phủ", "Chủ tịch Hồ Chí Minh", "Đoàn TNCS Hồ Chí Minh", …) is skipped, and
/// so is a name right after a capitalised family or middle name ("Nguyễn Hòa Bình",
/// "Nguyễn Thị Huế"). Offsets are bytes of the original `text`.
///
/// ```
/// let text = "Liên minh HTX tỉnh Hòa Bình và TP.HCM";
/// let found = htxq::geo::find_provinces(text);
/// assert_eq!(found.len(), 2);
/// assert_eq!(&text[found[1].start..found[1].end], "TP.HCM");
/// assert_eq!(found[1].province.name, "Hồ Chí Minh");
/// ```
pub fn find_provinces(text: &str) -> Vec<ProvinceMention> {
    let folded = Folded::new(text);
    let hay = folded.text.as_str();
    let needles = &*PROVINCE_NEEDLES;
    let shadows = select(hits(hay, &SHADOW_MATCHER), |_| true);
    let candidates = hits(hay, &PROVINCE_MATCHER);
    let accepted = select(candidates, |hit| {
        let needle = &needles[hit.needle];
        let capitalised = needle.capitals.iter().all(|&offset| starts_upper(text, folded.original(hit.start + offset)));
        capitalised && !inside_any(&shadows, hit) && !after_personal_name(text, folded.original(hit.start))
    });
    accepted
        .into_iter()
        .map(|hit| ProvinceMention {
            start: folded.original(hit.start),
            end: folded.original(hit.end),
            province: needles[hit.needle].item,
        })
        .collect()
}

/// Whether `hit` lies inside one of `shadows` (non-overlapping, in order): a binary search, so a
/// text with thousands of both stays fast.
fn inside_any(shadows: &[Hit], hit: &Hit) -> bool {
    let i = shadows.partition_point(|s| s.start <= hit.start);
    i > 0 && hit.end <= shadows[i - 1].end
}

/// Every region phrase in `text` (longest match at a position, whole words, case-insensitive),
/// byte offsets into the original.
///
/// ```
/// let text = "Cụm thi đua các tỉnh Trung du và miền núi phía Bắc";
/// let found = htxq::geo::find_regions(text);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].region.name, "Trung du và miền núi phía Bắc");
/// assert_eq!(&text[found[0].start..], "Trung du và miền núi phía Bắc");
/// ```
pub fn find_regions(text: &str) -> Vec<RegionMention> {
    let folded = Folded::new(text);
    let needles = &*REGION_NEEDLES;
    let candidates = hits(&folded.text, &REGION_MATCHER);
    select(candidates, |_| true)
        .into_iter()
        .map(|hit| RegionMention {
            start: folded.original(hit.start),
            end: folded.original(hit.end),
            region: needles[hit.needle].item,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use unicode_normalization::UnicodeNormalization;

    fn names(text: &str) -> Vec<&'static str> {
        find_provinces(text).iter().map(|m| m.province.name).collect()
    }

    fn slices(text: &str) -> Vec<&str> {
        find_provinces(text).iter().map(|m| &text[m.start..m.end]).collect()
    }

    fn region_names(text: &str) -> Vec<&'static str> {
        find_regions(text).iter().map(|m| m.region.name).collect()
    }

    #[test]
    fn all_63_provinces_once() {
        assert_eq!(provinces().len(), 63);
        let folded: HashSet<String> = provinces().iter().map(|p| fold(p.name)).collect();
        assert_eq!(folded.len(), 63);
        for p in provinces() {
            assert_eq!(p.name, p.name.nfc().collect::<String>(), "{} not NFC", p.name);
            assert_eq!(province(p.name), Some(p), "{}", p.name);
            for alias in p.aliases {
                assert_eq!(province(alias), Some(p), "{alias}");
            }
        }
        let count = |region: &str| provinces().iter().filter(|p| p.region == region).count();
        assert_eq!(count(TDMNPB), 14);
        assert_eq!(count(DBSH), 11);
        assert_eq!(count(BTB_DHMT), 14);
        assert_eq!(count(TAY_NGUYEN), 5);
        assert_eq!(count(DNB), 6);
        assert_eq!(count(DBSCL), 13);
    }

    #[test]
    fn merged_into_resolves_to_a_survivor() {
        let mut survivors = HashSet::new();
        for p in provinces() {
            let target = province(p.merged_into).unwrap_or_else(|| panic!("{} -> {}", p.name, p.merged_into));
            assert_eq!(target.merged_into, p.merged_into, "{} survives", target.name);
            survivors.insert(p.merged_into);
        }
        // 34 provincial units since 1 July 2025.
        assert_eq!(survivors.len(), 34);
        assert_eq!(province("Yên Bái").unwrap().merged_into, "Lào Cai");
        assert_eq!(province("Lào Cai").unwrap().merged_into, "Lào Cai");
        assert_eq!(province("Thừa Thiên Huế").unwrap().merged_into, "Huế");
        assert_eq!(province("Bình Dương").unwrap().merged_into, "Hồ Chí Minh");
    }

    #[test]
    fn no_spelling_names_two_provinces() {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for p in provinces() {
            for spelling in std::iter::once(&p.name).chain(p.aliases) {
                for key in [lookup_key(spelling), fold(spelling)] {
                    if let Some(other) = seen.insert(key.clone(), p.name) {
                        assert_eq!(other, p.name, "{key}");
                    }
                }
            }
        }
        let mut seen: HashMap<String, &str> = HashMap::new();
        for r in regions() {
            for spelling in std::iter::once(&r.name).chain(r.aliases) {
                if let Some(other) = seen.insert(lookup_key(spelling), r.name) {
                    assert_eq!(other, r.name, "{spelling}");
                }
            }
        }
    }

    #[test]
    fn province_regions_are_regions() {
        for p in provinces() {
            assert_eq!(region(p.region).map(|r| r.name), Some(p.region));
        }
    }

    #[test]
    fn lookup_ignores_marks_tone_placement_form_and_prefixes() {
        let hoa_binh = province("Hòa Bình").unwrap();
        assert_eq!(hoa_binh.name, "Hòa Bình");
        assert_eq!(province("Hoà Bình"), Some(hoa_binh));
        assert_eq!(province("hoa binh"), Some(hoa_binh));
        assert_eq!(province("HÒA BÌNH"), Some(hoa_binh));
        let nfd: String = "Hòa Bình".nfd().collect();
        assert_eq!(province(&nfd), Some(hoa_binh));
        let nfd_old: String = "Hoà Bình".nfd().collect();
        assert_eq!(province(&nfd_old), Some(hoa_binh));

        assert_eq!(province("tỉnh Yên Bái").unwrap().name, "Yên Bái");
        assert_eq!(province("Tỉnh Yen Bai").unwrap().name, "Yên Bái");
        for hcm in [
            "TP. Hồ Chí Minh",
            "TP.HCM",
            "Tp.HCM",
            "TP HCM",
            "tphcm",
            "Thành phố Hồ Chí Minh",
            "thanh pho ho chi minh",
            "Sài Gòn",
            "Saigon",
            "HCM",
            "Hồ Chí Minh",
        ] {
            assert_eq!(province(hcm).map(|p| p.name), Some("Hồ Chí Minh"), "{hcm}");
        }
        assert_eq!(province("TP. Cần Thơ").unwrap().name, "Cần Thơ");
        assert_eq!(province("thành phố Hà Nội").unwrap().name, "Hà Nội");
        assert_eq!(province("Huế").unwrap().name, "Thừa Thiên Huế");
        assert_eq!(province("TP Huế").unwrap().name, "Thừa Thiên Huế");
        assert_eq!(province("Thừa Thiên - Huế").unwrap().name, "Thừa Thiên Huế");
        assert_eq!(province("Dak Lak").unwrap().name, "Đắk Lắk");
        assert_eq!(province("Đăk Lăk").unwrap().name, "Đắk Lắk");
        assert_eq!(province("Đắc Nông").unwrap().name, "Đắk Nông");
        assert_eq!(province("Bà Rịa–Vũng Tàu").unwrap().name, "Bà Rịa - Vũng Tàu");
        assert_eq!(province("BR-VT").unwrap().name, "Bà Rịa - Vũng Tàu");
        assert_eq!(province("Bắc Cạn").unwrap().name, "Bắc Kạn");

        assert_eq!(province("Hà Nam").unwrap().name, "Hà Nam");
        assert_eq!(province("Hà Nội").unwrap().name, "Hà Nội");
        for name in ["Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận"] {
            assert_eq!(province(name).unwrap().name, name);
        }
        for nothing in ["", "   ", "tỉnh", "TP.", "Tây Bắc", "Bình", "Hà", "x"] {
            assert_eq!(province(nothing), None, "{nothing:?}");
        }
    }

    #[test]
    fn finds_the_provinces_of_a_cluster() {
        let text = "gồm Liên minh HTX 07 tỉnh: Yên Bái, Phú Thọ, Lào Cai, Sơn La, Hòa Bình, \
                    Lai Châu, Điện Biên tổ chức";
        let expected = ["Yên Bái", "Phú Thọ", "Lào Cai", "Sơn La", "Hòa Bình", "Lai Châu", "Điện Biên"];
        assert_eq!(names(text), expected);
        assert_eq!(slices(text), expected);

        let nfd: String = text.nfd().collect();
        let found = find_provinces(&nfd);
        assert_eq!(found.len(), 7);
        for (m, name) in found.iter().zip(expected) {
            assert_eq!(nfd[m.start..m.end].nfc().collect::<String>(), name);
        }
    }

    #[test]
    fn longest_match_wins_and_prefixes_do_not_shadow() {
        let text = "Hà Nam, Hà Nội, Bình Định, Bình Dương, Bình Phước, Bình Thuận";
        assert_eq!(names(text), ["Hà Nam", "Hà Nội", "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận"]);
        let text = "tỉnh Thừa Thiên Huế và thành phố Huế, TT-Huế";
        assert_eq!(slices(text), ["Thừa Thiên Huế", "Huế", "TT-Huế"]);
        assert!(names(text).iter().all(|n| *n == "Thừa Thiên Huế"));
        let text = "Bà Rịa - Vũng Tàu, Bà Rịa-Vũng Tàu, Bà Rịa – Vũng Tàu và Vũng Tàu";
        assert_eq!(slices(text), ["Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu", "Vũng Tàu"]);
        let text = "TP.HCM, TP. Hồ Chí Minh, Tp.HCM, Thành phố Hồ Chí Minh và thành phố Hồ Chí Minh";
        assert_eq!(slices(text), ["TP.HCM", "TP. Hồ Chí Minh", "Tp.HCM", "Thành phố Hồ Chí Minh", "Hồ Chí Minh"]);
        assert_eq!(names("Đắk Lắk, Đăk Nông; Kontum."), ["Đắk Lắk", "Đắk Nông", "Kon Tum"]);
    }

    #[test]
    fn lower_case_and_non_province_uses_are_not_provinces() {
        assert!(names("nhằm bình định giá cả, long an lòng").is_empty());
        assert!(names("Bình định giá cả").is_empty());
        assert!(names("vì hòa bình").is_empty());
        assert_eq!(names("Long An"), ["Long An"]);
        assert!(names("Hiệp định xuyên Thái Bình Dương").is_empty());
        assert!(names("chiến thắng Điện Biên Phủ").is_empty());
        assert!(names("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh").is_empty());
        assert!(names("Đoàn TNCS Hồ Chí Minh; Chủ tịch Hồ Chí Minh").is_empty());
        assert!(names("bà Nguyễn Thị Huế, Phó Thủ tướng Nguyễn Hòa Bình").is_empty());
        assert_eq!(names("Liên minh HTX Thái Bình"), ["Thái Bình"]);
        assert_eq!(names("Phó Chủ tịch UBND TP Hồ Chí Minh"), ["Hồ Chí Minh"]);
        assert_eq!(names("HÒA BÌNH, THÁI BÌNH"), ["Hòa Bình", "Thái Bình"]);
        assert!(names("Hanoian, Hà Nộii, Long Anh").is_empty());
    }

    #[test]
    fn finds_cluster_regions() {
        let text = "Cụm thi đua Liên minh hợp tác xã các tỉnh miền núi phía Bắc năm 2025";
        let found = find_regions(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].region.name, "Miền núi phía Bắc");
        assert_eq!(&text[found[0].start..found[0].end], "miền núi phía Bắc");

        assert_eq!(region_names("các tỉnh Tây Bắc"), ["Tây Bắc"]);
        assert_eq!(region_names("vùng ĐBSCL"), ["Đồng bằng sông Cửu Long"]);
        assert_eq!(region_names("Trung du và miền núi phía Bắc"), ["Trung du và miền núi phía Bắc"]);
        assert_eq!(region_names("Trung du miền núi phía Bắc"), ["Trung du và miền núi phía Bắc"]);
        assert_eq!(
            region_names("Duyên hải Nam Trung Bộ; Nam Trung Bộ và Tây Nguyên"),
            ["Duyên hải Nam Trung Bộ", "Nam Trung Bộ", "Tây Nguyên"]
        );
        assert_eq!(
            region_names("Bắc Trung Bộ và Duyên hải miền Trung; Bắc Trung Bộ"),
            ["Bắc Trung Bộ và Duyên hải miền Trung", "Bắc Trung Bộ"]
        );
        assert_eq!(
            region_names("ĐÔNG NAM BỘ, miền Tây Nam Bộ, Đông Bắc, Việt Bắc, biên giới phía Bắc"),
            ["Đông Nam Bộ", "Tây Nam Bộ", "Đông Bắc", "Việt Bắc", "Biên giới phía Bắc"]
        );
        assert!(region_names("Tâybắc").is_empty());
    }

    #[test]
    fn region_lookup() {
        assert_eq!(region("ĐBSCL").unwrap().name, "Đồng bằng sông Cửu Long");
        assert_eq!(region("dong bang song hong").unwrap().name, "Đồng bằng sông Hồng");
        assert_eq!(region("ĐBSH").unwrap().name, "Đồng bằng sông Hồng");
        assert_eq!(region("Tây Bắc Bộ").unwrap().name, "Tây Bắc");
        assert_eq!(region("vùng Tây Nguyên").unwrap().name, "Tây Nguyên");
        assert_eq!(region("miền Tây Nam Bộ").unwrap().name, "Tây Nam Bộ");
        assert_eq!(region("miền núi phía Bắc").unwrap().name, "Miền núi phía Bắc");
        assert_eq!(region("các tỉnh miền núi phía Bắc").unwrap().name, "Miền núi phía Bắc");
        let nfd: String = "Duyên hải miền Trung".nfd().collect();
        assert_eq!(region(&nfd).unwrap().name, "Duyên hải miền Trung");
        assert_eq!(region("Hà Nội"), None);
        assert_eq!(region(""), None);
        assert_eq!(region("vùng"), None);
    }

    #[test]
    fn never_panics_and_offsets_are_char_boundaries() {
        let inputs = [
            String::new(),
            "\u{301}".to_string(),
            "\u{301}Hà Nội\u{301}".to_string(),
            "ǅ İ ﬁ Hà Nội ß".to_string(),
            "Nguyễn ".to_string(),
            " Huế".to_string(),
            "Huế".nfd().collect(),
            "Thị\u{a0}Huế, TP.\u{200b}HCM — Bà Rịa —".to_string(),
            "Tây Bắc".repeat(50),
        ];
        for input in &inputs {
            for m in find_provinces(input) {
                assert!(input.get(m.start..m.end).is_some_and(|s| !s.is_empty()));
            }
            for m in find_regions(input) {
                assert!(input.get(m.start..m.end).is_some_and(|s| !s.is_empty()));
            }
            let _ = province(input);
            let _ = region(input);
        }
    }
}
