//! SQL generation: [`Plan`] → SQL text + parameters.
//!
//! Identifiers come only from the catalog (quoted); every literal the user wrote is a `?N`
//! parameter. Text compared with `=`, `!=`, `in` and `~` is folded on both sides by the
//! `htxq_fold` SQL function, so matching ignores case, diacritics and tone placement; `~` uses
//! `instr`, so `%` and `_` in user text are plain characters.

use serde::Serialize;

use crate::semantic::{OrderKey, Plan, Series, TExpr, TKind};
use crate::syntax::ast::{Aggregate, BinOp, CmpOp};

/// A value bound to a `?N` parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Param {
    /// An integer.
    Integer(i64),
    /// A decimal.
    Real(f64),
    /// Text.
    Text(String),
}

impl std::fmt::Display for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Param::Integer(n) => write!(f, "{n}"),
            Param::Real(x) => write!(f, "{x}"),
            Param::Text(s) => write!(f, "{}", crate::syntax::ast::quote(s)),
        }
    }
}

impl rusqlite::ToSql for Param {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Param::Integer(n) => n.to_sql(),
            Param::Real(x) => x.to_sql(),
            Param::Text(s) => s.to_sql(),
        }
    }
}

/// A query compiled to SQL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compiled {
    /// The SQL text, with `?1`, `?2`, ... placeholders.
    pub sql: String,
    /// The values for the placeholders, in order.
    pub params: Vec<Param>,
    /// Result column names, as shown.
    pub columns: Vec<String>,
    /// Result column types, for formatting (`None`: unknown, e.g. `null`).
    #[serde(skip)]
    pub types: Vec<Option<crate::catalog::FieldType>>,
    /// The field each result column shows, when it shows one plainly.
    #[serde(skip)]
    pub fields: Vec<Option<&'static str>>,
    /// Whether a last column, after the result columns, holds each row's `conflicts` (a query of
    /// plain `clusters` rows), so a table can mark the values articles disagree on.
    #[serde(skip)]
    pub conflicts: bool,
}

struct Gen {
    params: Vec<Param>,
    entity: &'static str,
}

impl Gen {
    /// For `FIELD ~ "text"` on an article's text (its `text`, or a `sentence` cut from it), the
    /// column naming the article, and the folded text.
    fn searchable(&self, left: &TExpr, right: &TExpr) -> Option<(&'static str, String)> {
        let (TKind::Column(f), TKind::String(s)) = (&left.kind, &right.kind) else { return None };
        let id = match (self.entity, f.name) {
            ("articles", "text") => "id",
            ("facts" | "targets" | "decisions" | "sources", "sentence") => "article",
            _ => return None,
        };
        Some((id, crate::text::fold(s)))
    }

    fn bind(&mut self, p: Param) -> String {
        self.params.push(p);
        format!("?{}", self.params.len())
    }

    fn expr(&mut self, e: &TExpr) -> String {
        match &e.kind {
            TKind::Column(f) => format!("\"{}\"", f.name),
            TKind::Integer(n) => self.bind(Param::Integer(*n)),
            TKind::Decimal(x) => self.bind(Param::Real(*x)),
            TKind::String(s) => self.bind(Param::Text(s.clone())),
            TKind::Null => "NULL".into(),
            TKind::Neg(x) => format!("-({})", self.expr(x)),
            TKind::Not(x) => format!("NOT ({})", self.expr(x)),
            TKind::Logic(op, a, b) => {
                let kw = if *op == BinOp::And { "AND" } else { "OR" };
                format!("({} {kw} {})", self.expr(a), self.expr(b))
            }
            TKind::Arith(op, a, b) => {
                let (l, r) = (self.expr(a), self.expr(b));
                if *op == BinOp::Div {
                    // SQLite divides integers as integers; users expect 7 / 2 = 3.5
                    format!("(CAST({l} AS REAL) / {r})")
                } else {
                    format!("({l} {op} {r})")
                }
            }
            // only `~` follows a province into the one that absorbed it; `=`, `!=` and `in` compare the
            // names themselves
            TKind::Compare { op: CmpOp::Contains, left, right, folded: true } if self.also_matches(left).is_some() => {
                // a province by its name, or (after the 2025 merger) by a name it absorbed
                let other = self.also_matches(left).unwrap_or_default();
                let (l, r) = (self.expr(left), self.expr(right));
                let (fl, fr) = (fold(&l), fold(&r));
                format!("((instr({fl}, {fr}) > 0) OR (coalesce(instr(htxq_fold(\"{other}\"), {fr}), 0) > 0))")
            }
            // "articles where text ~ ...", "facts where sentence ~ ...": the trigram index finds the
            // articles that may match, the folded test decides
            TKind::Compare { op: CmpOp::Contains, left, right, folded: true }
                if let Some((id, needle)) = self.searchable(left, right) =>
            {
                let query = format!("\"{}\"", needle.replace('"', "\"\""));
                let (l, r) = (fold(&self.expr(left)), fold(&self.expr(right)));
                let m = self.bind(Param::Text(query));
                // an article's own text: a phrase of three characters or more (no quote in it) is
                // matched by the trigram index exactly (consecutive trigrams of the folded text), so
                // the folded test, which folds each candidate's whole text again, is skipped then
                let exact = if id == "id" {
                    format!("length({m}) >= 5 AND instr({m}, char(34, 34)) = 0 OR ")
                } else {
                    String::new()
                };
                // trigrams need three characters ("\"ab\"" is five): a shorter text is looked for
                // in every article; the SQL is the same whatever the text
                format!(
                    "(\"{id}\" IN (SELECT rowid FROM article_search WHERE article_search MATCH {m} \
                     UNION ALL SELECT id FROM articles WHERE length({m}) < 5) AND ({exact}instr({l}, {r}) > 0))"
                )
            }
            TKind::Compare { op, left, right, folded } => {
                let (raw_l, raw_r) = (self.expr(left), self.expr(right));
                let (l, r) = if *folded { (fold(&raw_l), fold(&raw_r)) } else { (raw_l.clone(), raw_r.clone()) };
                match op {
                    CmpOp::Contains => format!("(instr({l}, {r}) > 0)"),
                    CmpOp::Eq => format!("({l} = {r})"),
                    CmpOp::Ne => format!("({l} != {r})"),
                    // text ordered as it is folded: "Hoà Bình" = "Hòa Bình" < "Lào Cai"
                    op if *folded => format!("({raw_l} {op} {raw_r} COLLATE htxq)"),
                    op => format!("({l} {op} {r})"),
                }
            }
            TKind::In { expr, list, negated, folded } => {
                let wrap = |s: String| if *folded { fold(&s) } else { s };
                let x = wrap(self.expr(expr));
                let items: Vec<String> = list.iter().map(|i| wrap(self.expr(i))).collect();
                let not = if *negated { "NOT " } else { "" };
                format!("({x} {not}IN ({}))", items.join(", "))
            }
            TKind::Between { expr, low, high, negated } => {
                let (x, l, h) = (self.expr(expr), self.expr(low), self.expr(high));
                let not = if *negated { "NOT " } else { "" };
                format!("({x} {not}BETWEEN {l} AND {h})")
            }
            TKind::IsNull { expr, negated } => {
                let not = if *negated { "NOT " } else { "" };
                format!("({} IS {not}NULL)", self.expr(expr))
            }
            TKind::Related { entity, field, on } => {
                let table = self.entity;
                let matches: Vec<String> =
                    on.iter().map(|(theirs, mine)| format!("r.\"{theirs}\" = \"{table}\".\"{mine}\"")).collect();
                format!(
                    "(SELECT r.\"{}\" FROM \"{}\" r WHERE {} LIMIT 1)",
                    field.name,
                    entity.table(),
                    matches.join(" AND ")
                )
            }
            TKind::Series { kind, field } => {
                let (f, prev) = (format!("\"{}\"", field.name), format!("\"prev__{}\"", field.name));
                match kind {
                    Series::Prev => prev,
                    Series::Change => format!("({f} - {prev})"),
                    // a previous value of 0 gives no growth (SQLite divides by 0 into NULL)
                    Series::Growth => format!("(100.0 * ({f} - {prev}) / {prev})"),
                }
            }
            TKind::Func { name, args } => {
                let a: Vec<String> = args.iter().map(|x| self.expr(x)).collect();
                match *name {
                    "if" => format!("(CASE WHEN {} THEN {} ELSE {} END)", a[0], a[1], a[2]),
                    "year" => format!("CAST(substr({}, 1, 4) AS INTEGER)", a[0]),
                    "month" => format!("CAST(substr({}, 6, 2) AS INTEGER)", a[0]),
                    // Unicode-aware case and mathematics, from htxq's own SQL functions
                    "lower" | "upper" | "pow" | "sqrt" | "ln" | "exp" => format!("htxq_{name}({})", a.join(", ")),
                    "round" if a.len() == 1 => format!("CAST(round({}) AS INTEGER)", a[0]),
                    _ => format!("{name}({})", a.join(", ")),
                }
            }
            TKind::Aggregate { func, arg, distinct, per } if !per.is_empty() => {
                let plain = TKind::Aggregate { func: *func, arg: arg.clone(), distinct: *distinct, per: Vec::new() };
                let inner = self.expr(&TExpr { kind: plain, ty: e.ty });
                let keys: Vec<String> = per.iter().map(|f| partition_key(f)).collect();
                format!("{inner} OVER (PARTITION BY {})", keys.join(", "))
            }
            // each value once, text folded: "Hoà Bình" and "Hòa Bình" are one
            TKind::Aggregate { func, arg: Some(a), distinct: true, .. } => {
                let x = if is_text(a) { fold(&self.expr(a)) } else { self.expr(a) };
                format!("{}(DISTINCT {x})", func.name())
            }
            TKind::Aggregate { func, arg, .. } => match (func, arg) {
                (Aggregate::Count, None) => "count(*)".into(),
                // the least and greatest text as it is compared: folded
                (Aggregate::Min | Aggregate::Max, Some(a)) if is_text(a) => {
                    format!("{}({} COLLATE htxq)", func.name(), self.expr(a))
                }
                (func, Some(a)) => format!("{}({})", func.name(), self.expr(a)),
                (func, None) => format!("{}(NULL)", func.name()),
            },
        }
    }
}

impl Gen {
    /// The field that `e` (a column) is also matched against, per [`crate::catalog::ALSO_MATCHES`].
    fn also_matches(&self, e: &TExpr) -> Option<&'static str> {
        let TKind::Column(f) = &e.kind else { return None };
        crate::catalog::ALSO_MATCHES
            .iter()
            .find(|(entity, field, _)| *entity == self.entity && *field == f.name)
            .map(|&(_, _, other)| other)
    }
}

/// `sort ... limit N per f`: the query's rows numbered within each group in the sort order, and
/// the first N of each kept. In steps: the rows with their sort and group keys as columns, then
/// their rank, then the first N; so a sort key that is itself a value per group (`sort avg(value)
/// per start`) is a plain column when the rank is computed.
fn top_per_group(
    plan: &Plan,
    mut g: Gen,
    mut select: Vec<String>,
    from: String,
    fields: Vec<Option<&'static str>>,
    conflicts: bool,
) -> Compiled {
    let text = |e: &TExpr| matches!(e.ty, crate::semantic::Ty::Field(crate::catalog::FieldType::Text));
    let dir = |desc: bool| if desc { "DESC" } else { "ASC" };
    let mut keys = Vec::new();
    for (k, (key, desc)) in plan.order.iter().enumerate() {
        let (expr, column) = match key {
            OrderKey::Column(i) => (&plan.columns[*i].expr, format!("c{i}")),
            OrderKey::Expr(e) => {
                select.push(format!("{} AS o{k}", g.expr(e)));
                (e, format!("o{k}"))
            }
        };
        let column = if text(expr) { fold(&column) } else { column };
        keys.push(format!("{column} {} NULLS LAST", dir(*desc)));
    }
    let mut partition = Vec::new();
    for (j, f) in plan.limit_per.iter().enumerate() {
        select.push(format!("{} AS p{j}", partition_key(f)));
        partition.push(format!("p{j}"));
    }
    let order = if keys.is_empty() { String::new() } else { format!(" ORDER BY {}", keys.join(", ")) };
    let rows = format!("SELECT {} FROM {from}", select.join(", "));
    let ranked = format!(
        "SELECT *, row_number() OVER (PARTITION BY {}{order}) AS htxq_rank FROM ({rows})",
        partition.join(", ")
    );
    let mut shown: Vec<String> = (0..plan.columns.len()).map(|i| format!("c{i}")).collect();
    if conflicts {
        shown.push("conflicts_of_row".into());
    }
    let n = g.bind(Param::Integer(i64::try_from(plan.limit.unwrap_or(0)).unwrap_or(i64::MAX)));
    let distinct = if plan.distinct { "DISTINCT " } else { "" };
    let mut sql = format!("SELECT {distinct}{} FROM ({ranked}) WHERE htxq_rank <= {n}", shown.join(", "));
    if !keys.is_empty() {
        sql.push_str(" ORDER BY ");
        sql.push_str(&keys.join(", "));
    }
    compiled(plan, sql, g.params, fields, conflicts)
}

/// The compiled query: its SQL and parameters, with the plan's column names and types.
fn compiled(
    plan: &Plan,
    sql: String,
    params: Vec<Param>,
    fields: Vec<Option<&'static str>>,
    conflicts: bool,
) -> Compiled {
    Compiled {
        sql,
        params,
        columns: plan.columns.iter().map(|c| c.name.clone()).collect(),
        types: plan.columns.iter().map(|c| c.expr.ty.field_type()).collect(),
        fields,
        conflicts,
    }
}

/// The table a query reads: the entity's, with the previous report's values of every field a
/// series function follows (`prev__htx_total`), computed over all its rows before `where` filters
/// them.
fn source(plan: &Plan) -> String {
    let table = plan.entity.table();
    let mut fields = Vec::new();
    let exprs = plan.columns.iter().map(|c| &c.expr).chain(&plan.filter).chain(&plan.having).chain(
        plan.order.iter().filter_map(|(k, _)| match k {
            OrderKey::Expr(e) => Some(e),
            OrderKey::Column(_) => None,
        }),
    );
    for e in exprs {
        crate::semantic::series_fields(e, &mut fields);
    }
    let Some(keys) = crate::semantic::series_keys(plan.entity).filter(|_| !fields.is_empty()) else {
        return format!("\"{table}\"");
    };
    let partition: Vec<String> = keys.iter().map(|k| format!("htxq_fold(\"{k}\")")).collect();
    let lags: Vec<String> =
        fields.iter().map(|f| format!("lag(\"{0}\") OVER series AS \"prev__{0}\"", f.name)).collect();
    format!(
        "(SELECT *, {} FROM \"{table}\" WINDOW series AS (PARTITION BY {} ORDER BY \"year\")) AS \"{table}\"",
        lags.join(", "),
        partition.join(", ")
    )
}

/// A field as a window's partition key: text folded, so "Hoà Bình" and "Hòa Bình" are one.
fn partition_key(f: &crate::catalog::Field) -> String {
    match f.ty {
        crate::catalog::FieldType::Text | crate::catalog::FieldType::List => format!("htxq_fold(\"{}\")", f.name),
        _ => format!("\"{}\"", f.name),
    }
}

/// Whether an expression is text.
fn is_text(e: &TExpr) -> bool {
    matches!(e.ty, crate::semantic::Ty::Field(crate::catalog::FieldType::Text | crate::catalog::FieldType::List))
}

fn fold(sql: &str) -> String {
    format!("htxq_fold({sql})")
}

/// Prints a plan as SQL.
pub fn generate(plan: &Plan) -> Compiled {
    let mut g = Gen { params: Vec::new(), entity: plan.entity.name };
    let mut select: Vec<String> =
        plan.columns.iter().enumerate().map(|(i, c)| format!("{} AS c{i}", g.expr(&c.expr))).collect();
    let fields: Vec<Option<&'static str>> = plan
        .columns
        .iter()
        .map(|c| match &c.expr.kind {
            TKind::Column(f) => Some(f.name),
            _ => None,
        })
        .collect();
    // one result row per clusters row: the row's conflicts ride along, to mark disputed values
    let conflicts = plan.entity.name == "clusters"
        && plan.group.is_empty()
        && !plan.distinct
        && !plan.columns.iter().any(|c| crate::semantic::has_aggregate(&c.expr))
        && fields.iter().flatten().any(|f| *f != "conflicts");
    if conflicts {
        select.push("\"conflicts\" AS conflicts_of_row".into());
    }
    let distinct = if plan.distinct { "DISTINCT " } else { "" };
    let head = format!("SELECT {distinct}{}", select.join(", "));
    let mut sql = format!("{head} FROM {}", source(plan));
    if let Some(w) = &plan.filter {
        sql.push_str(" WHERE ");
        sql.push_str(&g.expr(w));
    }
    if !plan.group.is_empty() {
        // one group for "Hoà Bình" and "Hòa Bình"
        let cols: Vec<String> = plan
            .group
            .iter()
            .map(|f| match f.ty {
                crate::catalog::FieldType::Text | crate::catalog::FieldType::List => {
                    format!("\"{}\" COLLATE htxq", f.name)
                }
                _ => format!("\"{}\"", f.name),
            })
            .collect();
        sql.push_str(" GROUP BY ");
        sql.push_str(&cols.join(", "));
    }
    if let Some(h) = &plan.having {
        sql.push_str(" HAVING ");
        sql.push_str(&g.expr(h));
    }
    if !plan.limit_per.is_empty() {
        // what follows the select list's own FROM (a relation's subquery in the list has one too)
        let from = sql[head.len() + " FROM ".len()..].to_string();
        return top_per_group(plan, g, select, from, fields, conflicts);
    }
    if !plan.order.is_empty() {
        let keys: Vec<String> = plan
            .order
            .iter()
            .map(|(k, desc)| {
                // text sorts folded, so "Đồng bằng ..." sorts among the D's, not after Z
                let text = |e: &TExpr| matches!(e.ty, crate::semantic::Ty::Field(crate::catalog::FieldType::Text));
                let key = match k {
                    OrderKey::Column(i) if text(&plan.columns[*i].expr) => format!("htxq_fold(c{i})"),
                    OrderKey::Column(i) => format!("c{i}"),
                    OrderKey::Expr(e) if text(e) => format!("htxq_fold({})", g.expr(e)),
                    OrderKey::Expr(e) => g.expr(e),
                };
                format!("{key} {} NULLS LAST", if *desc { "DESC" } else { "ASC" })
            })
            .collect();
        sql.push_str(" ORDER BY ");
        sql.push_str(&keys.join(", "));
    }
    if let Some(n) = plan.limit {
        let p = g.bind(Param::Integer(i64::try_from(n).unwrap_or(i64::MAX)));
        // a bare parameter as the limit makes SQLite's sorter take its slow path every run (the
        // typical query ran 4x slower); an expression of the parameter does not
        sql.push_str(&format!(" LIMIT CAST({p} AS INTEGER)"));
    }
    compiled(plan, sql, g.params, fields, conflicts)
}
