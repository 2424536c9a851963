//! The catalog: htxq's entities and their fields, with types, meanings and units.
//!
//! This is the one place that names things. The extractor's figure keys, the database schema, the
//! semantic checker and the REPL's `.fields` all read from here, so a field cannot exist in one
//! and be missing in another.
//!
//! Architecture invariant: identifiers that reach SQL come only from this catalog, never from
//! query text.

use serde::Serialize;

/// The type of a field, as the query language sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// A whole number (counts, years).
    Integer,
    /// A number that may have a fraction.
    Number,
    /// An amount of money in đồng (VND), stored whole.
    Money,
    /// Text, compared folded (case, diacritics, tone placement ignored).
    Text,
    /// An ISO date `YYYY-MM-DD`, compared as text.
    Date,
    /// A comma-separated list of names.
    List,
}

impl FieldType {
    /// Whether arithmetic, `sum` and `avg` apply.
    pub fn is_numeric(self) -> bool {
        matches!(self, FieldType::Integer | FieldType::Number | FieldType::Money)
    }

    /// Whether the value is text-like (text, list, date).
    pub fn is_textual(self) -> bool {
        !self.is_numeric()
    }

    /// The word users see for the type.
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Money => "money",
            FieldType::Text => "text",
            FieldType::Date => "date",
            FieldType::List => "list",
        }
    }
}

/// One field of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Field {
    /// The name users write (`htx_total`); also the column name.
    pub name: &'static str,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// What it means, in a line.
    pub doc: &'static str,
    /// Its unit, when it has one.
    pub unit: Option<&'static str>,
    /// Whether `*` and a bare entity show it (long texts are shown only by name).
    #[serde(skip)]
    pub in_star: bool,
}

const fn f(name: &'static str, ty: FieldType, doc: &'static str, unit: Option<&'static str>) -> Field {
    Field { name, ty, doc, unit, in_star: true }
}

/// A field shown only when named: `*` and a bare entity leave it out.
const fn by_name_only(field: Field) -> Field {
    Field { in_star: false, ..field }
}

/// An entity users query: a name, its table, its fields.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Entity {
    /// The name users write (`clusters`).
    pub name: &'static str,
    /// What one row is.
    pub doc: &'static str,
    /// Its fields, in display order.
    pub fields: &'static [Field],
}

impl Entity {
    /// The field called `name` (exact, lower-case match).
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The SQL table that holds the entity (same as its name; kept as a method so the mapping has
    /// one home).
    pub fn table(&self) -> &'static str {
        self.name
    }
}

/// Declares the figures: each line gives the variant, the field name, its type, unit and meaning,
/// once. The `Figure` enum, [`Figure::CLUSTER`], [`Figure::field`], the `clusters` and `provinces`
/// columns, the schema and the merge all follow from it (sqlparser's `define_keywords!`).
macro_rules! figures {
    (
        cluster { $($(#[$cdoc:meta])* $cvar:ident: $cname:literal, $cty:ident, $cunit:expr, $cmeaning:literal;)* }
        facts_only { $($(#[$fdoc:meta])* $fvar:ident: $fname:literal, $fty:ident, $funit:expr, $fmeaning:literal;)* }
    ) => {
        /// A figure a cluster report states: the numeric fields of `clusters`, and the `key` of
        /// `facts` and `targets`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Figure {
            $($(#[$cdoc])* #[doc = $cmeaning] $cvar,)*
            $($(#[$fdoc])* #[doc = $fmeaning] $fvar,)*
        }

        impl Figure {
            /// Every figure a cluster row has, in display order (targets and facts may use more keys).
            pub const CLUSTER: [Figure; [$($cname),*].len()] = [$(Figure::$cvar),*];

            /// Every figure, cluster fields first.
            pub const ALL: [Figure; [$($cname,)* $($fname),*].len()] = [$(Figure::$cvar,)* $(Figure::$fvar),*];

            /// The catalog field describing the figure.
            pub const fn field(self) -> Field {
                match self {
                    $(Figure::$cvar => f($cname, FieldType::$cty, $cmeaning, $cunit),)*
                    $(Figure::$fvar => f($fname, FieldType::$fty, $fmeaning, $funit),)*
                }
            }
        }

        /// The catalog fields of the cluster figures, in display order.
        const FIGURE_FIELDS: [Field; [$($cname),*].len()] = [$(f($cname, FieldType::$cty, $cmeaning, $cunit)),*];
    };
}

const COUNT: Option<&str> = Some("count");
const VND: Option<&str> = Some("VND");

figures! {
    cluster {
        HtxTotal: "htx_total", Integer, COUNT, "cooperatives (hợp tác xã, HTX)";
        HtxNew: "htx_new", Integer, COUNT, "cooperatives founded in the year";
        HtxDissolved: "htx_dissolved", Integer, COUNT, "cooperatives dissolved (giải thể)";
        HtxAgri: "htx_agri", Integer, COUNT, "agricultural cooperatives";
        UnionTotal: "union_total", Integer, COUNT, "cooperative unions (liên hiệp HTX)";
        QtdndTotal: "qtdnd_total", Integer, COUNT, "people's credit funds (quỹ tín dụng nhân dân)";
        ThtTotal: "tht_total", Integer, COUNT, "cooperative groups (tổ hợp tác, THT)";
        ThtNew: "tht_new", Integer, COUNT, "cooperative groups founded in the year";
        HtxMembers: "htx_members", Integer, COUNT, "members of cooperatives";
        ThtMembers: "tht_members", Integer, COUNT, "members of cooperative groups";
        Workers: "workers", Integer, COUNT, "regular workers employed";
        IncomeAvg: "income_avg", Money, VND, "average income per worker per year";
        HtxRevenueAvg: "htx_revenue_avg", Money, VND, "average revenue per HTX per year";
        HtxProfitAvg: "htx_profit_avg", Money, VND, "average profit per HTX per year";
        ThtRevenueAvg: "tht_revenue_avg", Money, VND, "average revenue per THT per year";
        ThtProfitAvg: "tht_profit_avg", Money, VND, "average profit per THT per year";
        CharterCapital: "charter_capital", Money, VND, "total charter capital (vốn điều lệ)";
        Trainings: "trainings", Integer, COUNT, "training courses held";
        Trainees: "trainees", Integer, COUNT, "training participants";
        Loans: "loans", Integer, COUNT, "loan projects disbursed";
        LoansAmount: "loans_amount", Money, VND, "total of loans disbursed";
    }
    facts_only {
        UnionNew: "union_new", Integer, COUNT, "cooperative unions founded";
    }
}

impl Figure {
    /// The field name (`htx_total`).
    pub const fn name(self) -> &'static str {
        self.field().name
    }

    /// Whether the figure is an amount of money.
    pub fn is_money(self) -> bool {
        self.field().ty == FieldType::Money
    }
}

/// `a` then `b`, in a constant: the fields an entity declares itself, then the figures.
const fn concat<const A: usize, const B: usize, const N: usize>(a: [Field; A], b: [Field; B]) -> [Field; N] {
    assert!(A + B == N, "concat: N must be A + B");
    let mut out = [f("", FieldType::Text, "", None); N];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    while i < N {
        out[i] = b[i - A];
        i += 1;
    }
    out
}

/// Declares the fields of a cluster report, once: the [`ClusterReport`] the extractor fills, the
/// `reports` and `clusters` columns, their inserts and the merge, and the catalog all follow.
macro_rules! report_fields {
    ($($name:ident: $rty:ty, $fty:ident, $unit:expr, $meaning:literal;)*) => {
        /// A cluster's report for one year, as one article states it.
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        pub struct ClusterReport {
            $(#[doc = $meaning] pub $name: $rty,)*
        }

        impl ClusterReport {
            /// Each field's column name and value, in catalog order.
            pub fn cells(&self) -> Vec<(&'static str, Cell<'_>)> {
                vec![$((stringify!($name), Cell::from(&self.$name))),*]
            }
        }

        /// The fields of a cluster report, in display order: the first columns of `clusters`.
        pub const REPORT_FIELDS: [Field; [$(stringify!($name)),*].len()] =
            [$(f(stringify!($name), FieldType::$fty, $meaning, $unit)),*];
    };
}

report_fields! {
    name: String, Text, None, "cluster name, the region phrase (\"Tây Bắc\")";
    number: Option<i64>, Integer, None, "cluster number, when stated (\"Cụm thi đua số 1\")";
    year: i64, Integer, None, "the year the report covers (not the page's date)";
    province_count: Option<i64>, Integer, COUNT, "number of member provinces";
    provinces: Vec<String>, List, None, "member provinces, comma-separated";
    head: Option<String>, Text, None, "province holding Cụm trưởng (cluster head) in `year`";
    deputy: Option<String>, Text, None, "province holding Cụm phó (deputy head) in `year`";
    next_head: Option<String>, Text, None, "province holding Cụm trưởng in `year + 1`";
    next_deputy: Option<String>, Text, None, "province holding Cụm phó in `year + 1`";
    event_date: Option<String>, Date, None, "date of the conference, YYYY-MM-DD";
    location: Option<String>, Text, None, "where the conference was held";
    session: Option<i64>, Integer, None, "session number (\"lần thứ XII\" → 12)";
    host: Option<String>, Text, None, "province whose alliance hosted the conference, when stated (not always the head)";
}

/// The fields that identify a report (one `clusters` row per pair); the rest describe it.
pub const REPORT_KEYS: [&str; 2] = ["name", "year"];

/// One value of a report field, typed for storage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// A whole number, or nothing.
    Integer(Option<i64>),
    /// Text, or nothing.
    Text(Option<&'a str>),
    /// A list of names (stored comma-separated; empty is nothing).
    List(&'a [String]),
}

impl<'a> From<&'a i64> for Cell<'a> {
    fn from(v: &'a i64) -> Cell<'a> {
        Cell::Integer(Some(*v))
    }
}
impl<'a> From<&'a Option<i64>> for Cell<'a> {
    fn from(v: &'a Option<i64>) -> Cell<'a> {
        Cell::Integer(*v)
    }
}
impl<'a> From<&'a String> for Cell<'a> {
    fn from(v: &'a String) -> Cell<'a> {
        Cell::Text(Some(v))
    }
}
impl<'a> From<&'a Option<String>> for Cell<'a> {
    fn from(v: &'a Option<String>) -> Cell<'a> {
        Cell::Text(v.as_deref())
    }
}
impl<'a> From<&'a Vec<String>> for Cell<'a> {
    fn from(v: &'a Vec<String>) -> Cell<'a> {
        Cell::List(v)
    }
}

impl FieldType {
    /// The SQLite column type that holds it.
    pub fn sql_type(self) -> &'static str {
        match self {
            FieldType::Integer => "INTEGER",
            FieldType::Number | FieldType::Money => "NUMERIC",
            FieldType::Text | FieldType::Date | FieldType::List => "TEXT",
        }
    }
}

use FieldType::{Date, Integer, List, Number, Text};

/// Fields of `clusters` that come from comparing its articles, not from one of them.
pub const DERIVED_CLUSTER_FIELDS: [Field; 1] =
    [f("conflicts", List, "fields whose articles disagree for this cluster-year (both values stay in `facts`)", None)];

const REPORT_AND_FIGURES: [Field; REPORT_FIELDS.len() + FIGURE_FIELDS.len()] = concat::<
    { REPORT_FIELDS.len() },
    { FIGURE_FIELDS.len() },
    { REPORT_FIELDS.len() + FIGURE_FIELDS.len() },
>(REPORT_FIELDS, FIGURE_FIELDS);

const CLUSTER_FIELDS: &[Field] = &concat::<
    { REPORT_AND_FIGURES.len() },
    { DERIVED_CLUSTER_FIELDS.len() },
    { REPORT_AND_FIGURES.len() + DERIVED_CLUSTER_FIELDS.len() },
>(REPORT_AND_FIGURES, DERIVED_CLUSTER_FIELDS);

const PROVINCE_OWN_FIELDS: [Field; 6] = [
    f("name", Text, "province, as the article writes it", None),
    f("merged_into", Text, "the province it belongs to since the 1 July 2025 merger", None),
    f("merged_from", List, "for rows from 2025 on: the former provinces it now includes", None),
    f("cluster", Text, "cluster name", None),
    f("year", Integer, "report year", None),
    f("role", Text, "head, deputy or member", None),
];

const PROVINCE_FIELDS: &[Field] = &concat::<
    { PROVINCE_OWN_FIELDS.len() },
    { FIGURE_FIELDS.len() },
    { PROVINCE_OWN_FIELDS.len() + FIGURE_FIELDS.len() },
>(PROVINCE_OWN_FIELDS, FIGURE_FIELDS);

const FACT_FIELDS: &[Field] = &[
    f("cluster", Text, "cluster name", None),
    f("year", Integer, "report year", None),
    f("key", Text, "the cluster field the figure fills (htx_total, ...)", None),
    f("value", Number, "the value used (inside the range for ranges)", None),
    f("low", Number, "low end of a range (= value otherwise)", None),
    f("high", Number, "high end of a range (= value otherwise)", None),
    f("qualifier", Text, "exact, more_than, less_than, about or estimated", None),
    f("unit", Text, "unit as stated (\"triệu đồng/người/năm\")", None),
    f("province", Text, "province, for a per-province figure", None),
    f("article", Integer, "id of the article (see `articles`)", None),
    f("sentence", Text, "the sentence the figure came from", None),
    f("start", Integer, "character offset of the figure in the article", None),
    f("end", Integer, "character offset just past the figure", None),
    f("used", Integer, "1 when this fact supplied the cluster row's value", None),
    f("rule", Text, "the rule that made the number this figure, and the lexicon row that fired it", None),
];

const DECISION_FIELDS: &[Field] = &[
    f("article", Integer, "id of the article", None),
    f("cluster", Text, "cluster the article reports on", None),
    f("year", Integer, "report year", None),
    f("number", Text, "the number as written, with its unit", None),
    f("became", Text, "fact, target or skipped", None),
    f("key", Text, "the figure it became (htx_total, ...)", None),
    f("province", Text, "the province, for one province's figure", None),
    f("reason", Text, "why it became no figure (average, net-change, subset, ...)", None),
    f("rule", Text, "the rule that decided, and the lexicon row that fired it", None),
    f("sentence", Text, "its sentence", None),
    f("start", Integer, "character offset of the number in the article", None),
    f("end", Integer, "character offset just past it", None),
];

const SOURCE_FIELDS: &[Field] = &[
    f("article", Integer, "id of the article", None),
    f("cluster", Text, "cluster the article reports on", None),
    f("year", Integer, "report year", None),
    f("field", Text, "the clusters field (head, event_date, location, ...)", None),
    f("value", Text, "the value this article gives it", None),
    f("sentence", Text, "the sentence that said it (empty for a year taken from the page's date)", None),
    f("start", Integer, "character offset of the sentence in the article", None),
    f("end", Integer, "character offset just past it", None),
    f("used", Integer, "1 when the cluster's row holds this value", None),
];

const AWARD_FIELDS: &[Field] = &[
    f("cluster", Text, "cluster name", None),
    f("year", Integer, "report year", None),
    f("recipient", Text, "who receives it", None),
    f("kind", Text, "flag (Cờ thi đua), merit (Bằng khen) or other (Giấy khen, Huân chương, ...)", None),
    f("status", Text, "granted when the article says it was given, nominated when only proposed", None),
    f("province", Text, "the recipient's province", None),
    f("grantor", Text, "who grants it", None),
    f("article", Integer, "id of the article", None),
];

const TARGET_FIELDS: &[Field] = &[
    f("cluster", Text, "cluster name", None),
    f("year", Integer, "the year the target is for", None),
    f("key", Text, "the figure targeted (htx_new, ...)", None),
    f("low", Number, "low end of the target", None),
    f("high", Number, "high end of the target", None),
    f("sentence", Text, "the sentence that states it", None),
    f("article", Integer, "id of the article", None),
    f("actual", Number, "the cluster's figure for `key` in the target year, when a report states it", None),
    f("met", Integer, "1 when actual >= low, 0 when below, empty without an actual", None),
];

const PEOPLE_FIELDS: &[Field] = &[
    f("name", Text, "person's name", None),
    f("title", Text, "position (Chủ tịch, Phó Chủ tịch, ...); two roles are joined by \"; \"", None),
    f("organization", Text, "organization; for two roles, each role's, joined by \"; \"", None),
    f("article", Integer, "id of the article", None),
    f("cluster", Text, "cluster of the article's report", None),
    f("year", Integer, "report year of the article", None),
];

const ARTICLE_FIELDS: &[Field] = &[
    f("id", Integer, "article id", None),
    f("file", Text, "file the article was read from", None),
    f("title", Text, "headline", None),
    f("published", Date, "the page's own date, YYYY-MM-DD", None),
    f("cluster", Text, "cluster the article reports on", None),
    f("year", Integer, "report year", None),
    f("chars", Integer, "length in characters", None),
    f("sha256", Text, "SHA-256 of the normalized text", None),
    by_name_only(f("text", Text, "the article body without page furniture (shown only by name)", None)),
];

/// Every entity, in the order `.entities` lists them.
pub const ENTITIES: &[Entity] = &[
    Entity { name: "clusters", doc: "one row per cluster and report year", fields: CLUSTER_FIELDS },
    Entity { name: "provinces", doc: "one row per province and cluster-year", fields: PROVINCE_FIELDS },
    Entity { name: "facts", doc: "every extracted figure, with its sentence", fields: FACT_FIELDS },
    Entity { name: "decisions", doc: "what became of every number in the articles, and why", fields: DECISION_FIELDS },
    Entity { name: "sources", doc: "where each text value of a report was said", fields: SOURCE_FIELDS },
    Entity {
        name: "awards",
        doc: "flags and merits proposed or granted, once per cluster-year however many articles tell of them",
        fields: AWARD_FIELDS,
    },
    Entity { name: "targets", doc: "goals signed for the next year", fields: TARGET_FIELDS },
    Entity { name: "people", doc: "officials named in the articles", fields: PEOPLE_FIELDS },
    Entity { name: "articles", doc: "the articles read", fields: ARTICLE_FIELDS },
];

/// Text fields whose matching (`=`, `!=`, `~`, `in`) also looks at another field: a province is
/// found by its own name and, after the 2025 merger, by the names of the provinces it absorbed,
/// so `provinces where name ~ "yen bai"` follows Yên Bái into Lào Cai.
pub const ALSO_MATCHES: &[(&str, &str, &str)] = &[("provinces", "name", "merged_from")];

/// The entity called `name` (case-insensitive).
pub fn entity(name: &str) -> Option<&'static Entity> {
    ENTITIES.iter().find(|e| e.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_unique_per_entity() {
        for e in ENTITIES {
            let mut names: Vec<_> = e.fields.iter().map(|f| f.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), e.fields.len(), "duplicate field in {}", e.name);
        }
    }

    #[test]
    fn every_cluster_figure_is_a_cluster_field() {
        let clusters = entity("clusters").unwrap();
        for fig in Figure::CLUSTER {
            assert_eq!(clusters.field(fig.name()).unwrap().ty, fig.field().ty);
        }
    }
}
