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
}

const fn f(name: &'static str, ty: FieldType, doc: &'static str, unit: Option<&'static str>) -> Field {
    Field { name, ty, doc, unit }
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

/// A figure a cluster report states: the numeric fields of `clusters`, and the `key` of `facts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // each variant is documented in `Figure::field`
pub enum Figure {
    HtxTotal,
    HtxNew,
    HtxDissolved,
    HtxAgri,
    UnionTotal,
    QtdndTotal,
    ThtTotal,
    ThtNew,
    HtxMembers,
    ThtMembers,
    Workers,
    IncomeAvg,
    HtxRevenueAvg,
    HtxProfitAvg,
    ThtRevenueAvg,
    ThtProfitAvg,
    CharterCapital,
    Trainings,
    Trainees,
    Loans,
    LoansAmount,
    UnionNew,
}

const COUNT: Option<&str> = Some("count");
const VND: Option<&str> = Some("VND");

impl Figure {
    /// Every figure a cluster row has, in display order (targets may use more keys).
    pub const CLUSTER: [Figure; 21] = [
        Figure::HtxTotal,
        Figure::HtxNew,
        Figure::HtxDissolved,
        Figure::HtxAgri,
        Figure::UnionTotal,
        Figure::QtdndTotal,
        Figure::ThtTotal,
        Figure::ThtNew,
        Figure::HtxMembers,
        Figure::ThtMembers,
        Figure::Workers,
        Figure::IncomeAvg,
        Figure::HtxRevenueAvg,
        Figure::HtxProfitAvg,
        Figure::ThtRevenueAvg,
        Figure::ThtProfitAvg,
        Figure::CharterCapital,
        Figure::Trainings,
        Figure::Trainees,
        Figure::Loans,
        Figure::LoansAmount,
    ];

    /// The catalog field describing the figure.
    pub const fn field(self) -> Field {
        use FieldType::{Integer, Money};
        match self {
            Figure::HtxTotal => f("htx_total", Integer, "cooperatives (hợp tác xã, HTX)", COUNT),
            Figure::HtxNew => f("htx_new", Integer, "cooperatives founded in the year", COUNT),
            Figure::HtxDissolved => f("htx_dissolved", Integer, "cooperatives dissolved (giải thể)", COUNT),
            Figure::HtxAgri => f("htx_agri", Integer, "agricultural cooperatives", COUNT),
            Figure::UnionTotal => f("union_total", Integer, "cooperative unions (liên hiệp HTX)", COUNT),
            Figure::QtdndTotal => f("qtdnd_total", Integer, "people's credit funds (quỹ tín dụng nhân dân)", COUNT),
            Figure::ThtTotal => f("tht_total", Integer, "cooperative groups (tổ hợp tác, THT)", COUNT),
            Figure::ThtNew => f("tht_new", Integer, "cooperative groups founded in the year", COUNT),
            Figure::HtxMembers => f("htx_members", Integer, "members of cooperatives", COUNT),
            Figure::ThtMembers => f("tht_members", Integer, "members of cooperative groups", COUNT),
            Figure::Workers => f("workers", Integer, "regular workers employed", COUNT),
            Figure::IncomeAvg => f("income_avg", Money, "average income per worker per year", VND),
            Figure::HtxRevenueAvg => f("htx_revenue_avg", Money, "average revenue per HTX per year", VND),
            Figure::HtxProfitAvg => f("htx_profit_avg", Money, "average profit per HTX per year", VND),
            Figure::ThtRevenueAvg => f("tht_revenue_avg", Money, "average revenue per THT per year", VND),
            Figure::ThtProfitAvg => f("tht_profit_avg", Money, "average profit per THT per year", VND),
            Figure::CharterCapital => f("charter_capital", Money, "total charter capital (vốn điều lệ)", VND),
            Figure::Trainings => f("trainings", Integer, "training courses held", COUNT),
            Figure::Trainees => f("trainees", Integer, "training participants", COUNT),
            Figure::Loans => f("loans", Integer, "loan projects disbursed", COUNT),
            Figure::LoansAmount => f("loans_amount", Money, "total of loans disbursed", VND),
            Figure::UnionNew => f("union_new", Integer, "cooperative unions founded", COUNT),
        }
    }

    /// The field name (`htx_total`).
    pub const fn name(self) -> &'static str {
        self.field().name
    }

    /// Whether the figure is an amount of money.
    pub fn is_money(self) -> bool {
        self.field().ty == FieldType::Money
    }
}

macro_rules! figure_fields {
    ($($head:expr),* ; $($tail:expr),*) => {
        &[
            $($head,)*
            Figure::HtxTotal.field(), Figure::HtxNew.field(), Figure::HtxDissolved.field(),
            Figure::HtxAgri.field(), Figure::UnionTotal.field(), Figure::QtdndTotal.field(),
            Figure::ThtTotal.field(), Figure::ThtNew.field(), Figure::HtxMembers.field(),
            Figure::ThtMembers.field(), Figure::Workers.field(), Figure::IncomeAvg.field(),
            Figure::HtxRevenueAvg.field(), Figure::HtxProfitAvg.field(), Figure::ThtRevenueAvg.field(),
            Figure::ThtProfitAvg.field(), Figure::CharterCapital.field(), Figure::Trainings.field(),
            Figure::Trainees.field(), Figure::Loans.field(), Figure::LoansAmount.field(),
            $($tail,)*
        ]
    };
}

use FieldType::{Date, Integer, List, Number, Text};

const CLUSTER_FIELDS: &[Field] = figure_fields![
    f("name", Text, "cluster name, the region phrase (\"Tây Bắc\")", None),
    f("number", Integer, "cluster number, when stated (\"Cụm thi đua số 1\")", None),
    f("year", Integer, "the year the report covers (not the page's date)", None),
    f("province_count", Integer, "number of member provinces", COUNT),
    f("provinces", List, "member provinces, comma-separated", None),
    f("head", Text, "province holding Cụm trưởng (cluster head) in `year`", None),
    f("deputy", Text, "province holding Cụm phó (deputy head) in `year`", None),
    f("next_head", Text, "province holding Cụm trưởng in `year + 1`", None),
    f("next_deputy", Text, "province holding Cụm phó in `year + 1`", None),
    f("event_date", Date, "date of the conference, YYYY-MM-DD", None),
    f("location", Text, "where the conference was held", None),
    f("session", Integer, "session number (\"lần thứ XII\" → 12)", None);
];

const PROVINCE_FIELDS: &[Field] = figure_fields![
    f("name", Text, "province, as the article writes it", None),
    f("merged_into", Text, "the province it belongs to since the 1 July 2025 merger", None),
    f("merged_from", List, "for rows from 2025 on: the former provinces it now includes", None),
    f("cluster", Text, "cluster name", None),
    f("year", Integer, "report year", None),
    f("role", Text, "head, deputy or member", None);
];

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

const AWARD_FIELDS: &[Field] = &[
    f("cluster", Text, "cluster name", None),
    f("year", Integer, "report year", None),
    f("recipient", Text, "who receives it", None),
    f("kind", Text, "flag (Cờ thi đua) or merit (Bằng khen)", None),
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
];

const PEOPLE_FIELDS: &[Field] = &[
    f("name", Text, "person's name", None),
    f("title", Text, "position (Chủ tịch, Phó Chủ tịch, ...)", None),
    f("organization", Text, "organization", None),
    f("article", Integer, "id of the article", None),
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
];

/// Every entity, in the order `.entities` lists them.
pub const ENTITIES: &[Entity] = &[
    Entity { name: "clusters", doc: "one row per cluster and report year", fields: CLUSTER_FIELDS },
    Entity { name: "provinces", doc: "one row per province and cluster-year", fields: PROVINCE_FIELDS },
    Entity { name: "facts", doc: "every extracted figure, with its sentence", fields: FACT_FIELDS },
    Entity { name: "decisions", doc: "what became of every number in the articles, and why", fields: DECISION_FIELDS },
    Entity { name: "awards", doc: "flags and merits proposed or granted", fields: AWARD_FIELDS },
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
