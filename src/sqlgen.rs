//! SQL generation: [`Plan`] → SQL text + parameters.
//!
//! Identifiers come only from the catalog (quoted); every literal the user wrote is a `?N`
//! parameter. Text compared with `=`, `!=`, `in` and `~` is folded on both sides by the
//! `htxq_fold` SQL function, so matching ignores case, diacritics and tone placement; `~` uses
//! `instr`, so `%` and `_` in user text are plain characters.

use serde::Serialize;

use crate::semantic::{OrderKey, Plan, TExpr, TKind};
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
            TKind::Aggregate { func, arg } => match (func, arg) {
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
        && !plan.columns.iter().any(|c| crate::semantic::has_aggregate(&c.expr))
        && fields.iter().flatten().any(|f| *f != "conflicts");
    if conflicts {
        select.push("\"conflicts\" AS conflicts_of_row".into());
    }
    let mut sql = format!("SELECT {} FROM \"{}\"", select.join(", "), plan.entity.table());
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
        sql.push_str(&format!(" LIMIT {p}"));
    }
    Compiled {
        sql,
        params: g.params,
        columns: plan.columns.iter().map(|c| c.name.clone()).collect(),
        types: plan.columns.iter().map(|c| c.expr.ty.field_type()).collect(),
        fields,
        conflicts,
    }
}
