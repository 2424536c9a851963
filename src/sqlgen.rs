//! SQL generation: [`Plan`] → SQL text + parameters.
//!
//! Identifiers come only from the catalog (quoted); every literal the user wrote is a `?N`
//! parameter. Text compared with `=`, `!=`, `in` and `~` is folded on both sides by the
//! `htxq_fold` SQL function, so matching ignores case, diacritics and tone placement; `~` uses
//! `instr`, so `%` and `_` in user text are plain characters.

use std::fmt::Write as _;

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

    /// Binds a value to the next `?N` and writes the placeholder.
    fn bind(&mut self, p: Param, out: &mut String) {
        self.params.push(p);
        out.push('?');
        push_number(out, self.params.len());
    }

    /// An expression's SQL as its own string, for the few places that write it twice or reorder it.
    fn text(&mut self, e: &TExpr) -> String {
        let mut s = String::new();
        self.expr(e, &mut s);
        s
    }

    /// `e`, folded by `htxq_fold` when `folded`.
    fn maybe_fold(&mut self, e: &TExpr, folded: bool, out: &mut String) {
        if folded {
            out.push_str("htxq_fold(");
            self.expr(e, out);
            out.push(')');
        } else {
            self.expr(e, out);
        }
    }

    /// Writes an expression's SQL to `out`. One buffer for the whole query: building each
    /// sub-expression as a string of its own made 40% of compile time.
    fn expr(&mut self, e: &TExpr, out: &mut String) {
        match &e.kind {
            TKind::Column(f) => quoted(out, f.name),
            TKind::Integer(n) => self.bind(Param::Integer(*n), out),
            TKind::Decimal(x) => self.bind(Param::Real(*x), out),
            TKind::String(s) => self.bind(Param::Text(s.clone()), out),
            TKind::Null => out.push_str("NULL"),
            TKind::Neg(x) => {
                out.push_str("-(");
                self.expr(x, out);
                out.push(')');
            }
            TKind::Not(x) => {
                out.push_str("NOT (");
                self.expr(x, out);
                out.push(')');
            }
            TKind::Logic(op, a, b) => {
                out.push('(');
                self.expr(a, out);
                out.push_str(if *op == BinOp::And { " AND " } else { " OR " });
                self.expr(b, out);
                out.push(')');
            }
            TKind::Arith(op, a, b) => {
                if *op == BinOp::Div {
                    // SQLite divides integers as integers; users expect 7 / 2 = 3.5
                    out.push_str("(CAST(");
                    self.expr(a, out);
                    out.push_str(" AS REAL) / ");
                } else {
                    out.push('(');
                    self.expr(a, out);
                    let _ = write!(out, " {op} ");
                }
                self.expr(b, out);
                out.push(')');
            }
            // only `~` follows a province into the one that absorbed it; `=`, `!=` and `in` compare the
            // names themselves
            TKind::Compare { op: CmpOp::Contains, left, right, folded: true } if self.also_matches(left).is_some() => {
                // a province by its name, or (after the 2025 merger) by a name it absorbed
                let other = self.also_matches(left).unwrap_or_default();
                let (l, r) = (self.text(left), self.text(right));
                let (fl, fr) = (fold(&l), fold(&r));
                let _ =
                    write!(out, "((instr({fl}, {fr}) > 0) OR (coalesce(instr(htxq_fold(\"{other}\"), {fr}), 0) > 0))");
            }
            // "articles where text ~ ...", "facts where sentence ~ ...": the trigram index finds the
            // articles that may match, the folded test decides
            TKind::Compare { op: CmpOp::Contains, left, right, folded: true }
                if let Some((id, needle)) = self.searchable(left, right) =>
            {
                let query = format!("\"{}\"", needle.replace('"', "\"\""));
                let (l, r) = (fold(&self.text(left)), fold(&self.text(right)));
                let mut m = String::new();
                self.bind(Param::Text(query), &mut m);
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
                let _ = write!(
                    out,
                    "(\"{id}\" IN (SELECT rowid FROM article_search WHERE article_search MATCH {m} \
                     UNION ALL SELECT id FROM articles WHERE length({m}) < 5) AND ({exact}instr({l}, {r}) > 0))"
                );
            }
            TKind::Compare { op, left, right, folded } => {
                // text ordered as it is folded: "Hoà Bình" = "Hòa Bình" < "Lào Cai"
                let ordered = *folded && !matches!(op, CmpOp::Contains | CmpOp::Eq | CmpOp::Ne);
                let fold_sides = *folded && !ordered;
                out.push_str(if *op == CmpOp::Contains { "(instr(" } else { "(" });
                self.maybe_fold(left, fold_sides, out);
                match op {
                    CmpOp::Contains => out.push_str(", "),
                    CmpOp::Eq => out.push_str(" = "),
                    CmpOp::Ne => out.push_str(" != "),
                    op => {
                        let _ = write!(out, " {op} ");
                    }
                }
                self.maybe_fold(right, fold_sides, out);
                out.push_str(match op {
                    CmpOp::Contains => ") > 0)",
                    _ if ordered => " COLLATE htxq)",
                    _ => ")",
                });
            }
            TKind::In { expr, list, negated, folded } => {
                out.push('(');
                self.maybe_fold(expr, *folded, out);
                out.push_str(if *negated { " NOT IN (" } else { " IN (" });
                for (k, item) in list.iter().enumerate() {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    self.maybe_fold(item, *folded, out);
                }
                out.push_str("))");
            }
            TKind::Between { expr, low, high, negated } => {
                out.push('(');
                self.expr(expr, out);
                out.push_str(if *negated { " NOT BETWEEN " } else { " BETWEEN " });
                self.expr(low, out);
                out.push_str(" AND ");
                self.expr(high, out);
                out.push(')');
            }
            TKind::IsNull { expr, negated } => {
                out.push('(');
                self.expr(expr, out);
                out.push_str(if *negated { " IS NOT NULL)" } else { " IS NULL)" });
            }
            TKind::Related { entity, field, on } => {
                let table = self.entity;
                let _ = write!(out, "(SELECT r.\"{}\" FROM \"{}\" r WHERE ", field.name, entity.table());
                for (k, (theirs, mine)) in on.iter().enumerate() {
                    if k > 0 {
                        out.push_str(" AND ");
                    }
                    let _ = write!(out, "r.\"{theirs}\" = \"{table}\".\"{mine}\"");
                }
                out.push_str(" LIMIT 1)");
            }
            TKind::Series { kind, field } => {
                let f = field.name;
                let _ = match kind {
                    Series::Prev => write!(out, "\"prev__{f}\""),
                    Series::Change => write!(out, "(\"{f}\" - \"prev__{f}\")"),
                    // a previous value of 0 gives no growth (SQLite divides by 0 into NULL)
                    Series::Growth => write!(out, "(100.0 * (\"{f}\" - \"prev__{f}\") / \"prev__{f}\")"),
                };
            }
            TKind::Func { name, args } => {
                let (open, sep, close): (&str, [&str; 2], &str) = match *name {
                    "if" => ("(CASE WHEN ", [" THEN ", " ELSE "], " END)"),
                    "year" => ("CAST(substr(", [", ", ", "], ", 1, 4) AS INTEGER)"),
                    "month" => ("CAST(substr(", [", ", ", "], ", 6, 2) AS INTEGER)"),
                    "round" if args.len() == 1 => ("CAST(round(", [", ", ", "], ") AS INTEGER)"),
                    // Unicode-aware case and mathematics, from htxq's own SQL functions
                    "lower" | "upper" | "pow" | "sqrt" | "ln" | "exp" => {
                        let _ = write!(out, "htxq_{name}(");
                        ("", [", ", ", "], ")")
                    }
                    _ => {
                        let _ = write!(out, "{name}(");
                        ("", [", ", ", "], ")")
                    }
                };
                out.push_str(open);
                for (k, a) in args.iter().enumerate() {
                    if k > 0 {
                        out.push_str(sep[(k - 1).min(1)]);
                    }
                    self.expr(a, out);
                }
                out.push_str(close);
            }
            TKind::Aggregate { func, arg, distinct, per } if !per.is_empty() => {
                let plain = TKind::Aggregate { func: *func, arg: arg.clone(), distinct: *distinct, per: Vec::new() };
                self.expr(&TExpr { kind: plain, ty: e.ty }, out);
                out.push_str(" OVER (PARTITION BY ");
                for (k, f) in per.iter().enumerate() {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&partition_key(f));
                }
                out.push(')');
            }
            // each value once, text folded: "Hoà Bình" and "Hòa Bình" are one
            TKind::Aggregate { func, arg: Some(a), distinct: true, .. } => {
                let _ = write!(out, "{}(DISTINCT ", func.name());
                self.maybe_fold(a, is_text(a), out);
                out.push(')');
            }
            TKind::Aggregate { func, arg, .. } => match (func, arg) {
                (Aggregate::Count, None) => out.push_str("count(*)"),
                // the least and greatest text as it is compared: folded
                (Aggregate::Min | Aggregate::Max, Some(a)) if is_text(a) => {
                    let _ = write!(out, "{}(", func.name());
                    self.expr(a, out);
                    out.push_str(" COLLATE htxq)");
                }
                (func, Some(a)) => {
                    let _ = write!(out, "{}(", func.name());
                    self.expr(a, out);
                    out.push(')');
                }
                (func, None) => {
                    let _ = write!(out, "{}(NULL)", func.name());
                }
            },
        }
    }
}

/// `"name"`: an identifier from the catalog, quoted.
fn quoted(out: &mut String, name: &str) {
    out.push('"');
    out.push_str(name);
    out.push('"');
}

/// Writes a parameter's number without the formatting machinery.
fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
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
    mut select: String,
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
                select.push_str(", ");
                g.expr(e, &mut select);
                let _ = write!(select, " AS o{k}");
                (e, format!("o{k}"))
            }
        };
        let column = if text(expr) { fold(&column) } else { column };
        keys.push(format!("{column} {} NULLS LAST", dir(*desc)));
    }
    let mut partition = Vec::new();
    for (j, f) in plan.limit_per.iter().enumerate() {
        let _ = write!(select, ", {} AS p{j}", partition_key(f));
        partition.push(format!("p{j}"));
    }
    let order = if keys.is_empty() { String::new() } else { format!(" ORDER BY {}", keys.join(", ")) };
    let rows = format!("SELECT {select} FROM {from}");
    let ranked = format!(
        "SELECT *, row_number() OVER (PARTITION BY {}{order}) AS htxq_rank FROM ({rows})",
        partition.join(", ")
    );
    let mut shown: Vec<String> = (0..plan.columns.len()).map(|i| format!("c{i}")).collect();
    if conflicts {
        shown.push("conflicts_of_row".into());
    }
    let mut n = String::new();
    g.bind(Param::Integer(i64::try_from(plan.limit.unwrap_or(0)).unwrap_or(i64::MAX)), &mut n);
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
    let mut select = String::with_capacity(256);
    for (i, c) in plan.columns.iter().enumerate() {
        if i > 0 {
            select.push_str(", ");
        }
        g.expr(&c.expr, &mut select);
        select.push_str(" AS c");
        push_number(&mut select, i);
    }
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
        select.push_str(", \"conflicts\" AS conflicts_of_row");
    }
    let mut sql = String::with_capacity(select.len() + 256);
    sql.push_str(if plan.distinct { "SELECT DISTINCT " } else { "SELECT " });
    sql.push_str(&select);
    let head = sql.len();
    sql.push_str(" FROM ");
    sql.push_str(&source(plan));
    if let Some(w) = &plan.filter {
        sql.push_str(" WHERE ");
        g.expr(w, &mut sql);
    }
    for (k, f) in plan.group.iter().enumerate() {
        sql.push_str(if k == 0 { " GROUP BY " } else { ", " });
        quoted(&mut sql, f.name);
        // one group for "Hoà Bình" and "Hòa Bình"
        if matches!(f.ty, crate::catalog::FieldType::Text | crate::catalog::FieldType::List) {
            sql.push_str(" COLLATE htxq");
        }
    }
    if let Some(h) = &plan.having {
        sql.push_str(" HAVING ");
        g.expr(h, &mut sql);
    }
    if !plan.limit_per.is_empty() {
        // what follows the select list's own FROM (a relation's subquery in the list has one too)
        let from = sql[head + " FROM ".len()..].to_string();
        return top_per_group(plan, g, select, from, fields, conflicts);
    }
    for (k, (key, desc)) in plan.order.iter().enumerate() {
        sql.push_str(if k == 0 { " ORDER BY " } else { ", " });
        // text sorts folded, so "Đồng bằng ..." sorts among the D's, not after Z
        let text = |e: &TExpr| matches!(e.ty, crate::semantic::Ty::Field(crate::catalog::FieldType::Text));
        match key {
            OrderKey::Column(i) if text(&plan.columns[*i].expr) => {
                let _ = write!(sql, "htxq_fold(c{i})");
            }
            OrderKey::Column(i) => {
                sql.push('c');
                push_number(&mut sql, *i);
            }
            OrderKey::Expr(e) => g.maybe_fold(e, text(e), &mut sql),
        }
        sql.push_str(if *desc { " DESC NULLS LAST" } else { " ASC NULLS LAST" });
    }
    if let Some(n) = plan.limit {
        // a bare parameter as the limit makes SQLite's sorter take its slow path every run (the
        // typical query ran 4x slower); an expression of the parameter does not
        sql.push_str(" LIMIT CAST(");
        g.bind(Param::Integer(i64::try_from(n).unwrap_or(i64::MAX)), &mut sql);
        sql.push_str(" AS INTEGER)");
    }
    compiled(plan, sql, g.params, fields, conflicts)
}
