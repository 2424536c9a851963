//! The semantic layer: AST + catalog → [`Plan`].
//!
//! Resolves entity and field names against [`crate::catalog`] (suggesting the nearest on a miss),
//! gives every expression a type, and rejects what SQLite would accept but a user did not mean:
//! comparing text with numbers, summing names, `~` on numbers, plain fields beside aggregates
//! without `by`. After this stage a query is known to be meaningful; [`crate::sqlgen`] only prints.

use crate::catalog::{self, Entity, Field, FieldType};
use crate::error::{QueryError, QueryErrorKind};
use crate::suggest;
use crate::syntax::ast::{Aggregate, BinOp, CmpOp, Expr, ExprKind, Ident, Item, Query, Span};

/// The type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A field's type.
    Field(FieldType),
    /// A condition.
    Bool,
    /// `null`.
    Null,
}

impl Ty {
    fn is_numeric(self) -> bool {
        matches!(self, Ty::Field(t) if t.is_numeric())
    }
    fn is_textual(self) -> bool {
        matches!(self, Ty::Field(t) if t.is_textual())
    }
    fn describe(self) -> &'static str {
        match self {
            Ty::Field(FieldType::Integer) => "an integer",
            Ty::Field(FieldType::Number) => "a number",
            Ty::Field(FieldType::Money) => "an amount of money",
            Ty::Field(FieldType::Text) => "text",
            Ty::Field(FieldType::Date) => "a date",
            Ty::Field(FieldType::List) => "a list",
            Ty::Bool => "a condition",
            Ty::Null => "null",
        }
    }
    /// The field type a result column has, for formatting.
    pub fn field_type(self) -> Option<FieldType> {
        match self {
            Ty::Field(t) => Some(t),
            Ty::Bool => Some(FieldType::Integer),
            Ty::Null => None,
        }
    }
}

/// A typed expression.
#[derive(Debug, Clone, PartialEq)]
pub struct TExpr {
    /// What it is.
    pub kind: TKind,
    /// Its type.
    pub ty: Ty,
}

impl TExpr {
    /// The expressions directly inside this one (an aggregate's argument included).
    pub fn children(&self) -> Vec<&TExpr> {
        match &self.kind {
            TKind::Neg(x) | TKind::Not(x) | TKind::IsNull { expr: x, .. } => vec![x],
            TKind::Arith(_, a, b) | TKind::Logic(_, a, b) | TKind::Compare { left: a, right: b, .. } => vec![a, b],
            TKind::In { expr, list, .. } => std::iter::once(expr.as_ref()).chain(list).collect(),
            TKind::Between { expr, low, high, .. } => vec![expr, low, high],
            TKind::Func { args, .. } => args.iter().collect(),
            TKind::Aggregate { arg: Some(a), .. } => vec![a],
            _ => Vec::new(),
        }
    }

    /// This expression and every one inside it, parents first.
    pub fn nodes(&self) -> impl Iterator<Item = &TExpr> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let t = stack.pop()?;
            stack.extend(t.children().into_iter().rev());
            Some(t)
        })
    }
}

/// Typed expression kinds; literals are values to bind, never SQL text.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)] // mirrors `ExprKind`
pub enum TKind {
    Column(&'static Field),
    Integer(i64),
    Decimal(f64),
    String(String),
    Null,
    Neg(Box<TExpr>),
    Not(Box<TExpr>),
    Arith(BinOp, Box<TExpr>, Box<TExpr>),
    Logic(BinOp, Box<TExpr>, Box<TExpr>),
    /// A comparison; `folded` compares folded text.
    Compare {
        op: CmpOp,
        left: Box<TExpr>,
        right: Box<TExpr>,
        folded: bool,
    },
    In {
        expr: Box<TExpr>,
        list: Vec<TExpr>,
        negated: bool,
        folded: bool,
    },
    Between {
        expr: Box<TExpr>,
        low: Box<TExpr>,
        high: Box<TExpr>,
        negated: bool,
    },
    IsNull {
        expr: Box<TExpr>,
        negated: bool,
    },
    /// An aggregate over the groups, or with `per` over the rows with the same values of those
    /// fields, beside each row.
    Aggregate {
        func: Aggregate,
        arg: Option<Box<TExpr>>,
        /// `count(distinct f)`.
        distinct: bool,
        per: Vec<&'static Field>,
    },
    /// A scalar function, by its name in [`FUNCTIONS`].
    Func {
        name: &'static str,
        args: Vec<TExpr>,
    },
    /// `prev(f)`, `change(f)`, `growth(f)` over the series the row belongs to.
    Series {
        kind: Series,
        field: &'static Field,
    },
    /// `clusters.htx_total`: a field of the one related row of another entity.
    Related {
        entity: &'static Entity,
        field: &'static Field,
        /// (field of the related entity, field of the queried row) pairs that must be equal.
        on: &'static [(&'static str, &'static str)],
    },
}

/// The relations `ENTITY.field` follows: (related entity, the fields the queried row must have,
/// the pairs that match it).
const RELATIONS: &[(&str, &[(&str, &str)])] =
    &[("clusters", &[("name", "cluster"), ("year", "year")]), ("articles", &[("id", "article")])];

/// The entities whose one related row `entity`'s rows can read (`clusters` from `provinces`),
/// each with the (its field, `entity`'s field) pairs that match it.
pub fn relations(entity: &Entity) -> impl Iterator<Item = (&'static Entity, &'static [(&'static str, &'static str)])> {
    RELATIONS.iter().filter_map(move |&(name, on)| {
        let target = catalog::entity(name)?;
        (target.name != entity.name && on.iter().all(|(_, mine)| entity.field(mine).is_some())).then_some((target, on))
    })
}

/// The scalar functions: name, fewest and most arguments, and what they do.
pub const FUNCTIONS: &[(&str, usize, usize, &str)] = &[
    ("round", 1, 2, "round(x) to a whole number, round(x, digits) to digits after the point"),
    ("abs", 1, 1, "abs(x): x without its sign"),
    ("coalesce", 2, 16, "coalesce(a, b, ...): the first that is not null"),
    ("if", 3, 3, "if(condition, a, b): a where the condition holds, else b"),
    ("year", 1, 1, "year(date): the year of a date (2023 for 2023-11-30)"),
    ("month", 1, 1, "month(date): the month of a date (11 for 2023-11-30)"),
    ("lower", 1, 1, "lower(text): text in lower case"),
    ("upper", 1, 1, "upper(text): text in upper case"),
    ("length", 1, 1, "length(text): the number of characters"),
    ("pow", 2, 2, "pow(x, y): x to the power y"),
    ("sqrt", 1, 1, "sqrt(x): the square root"),
    ("ln", 1, 1, "ln(x): the natural logarithm"),
    ("exp", 1, 1, "exp(x): e to the power x"),
    (
        "prev",
        1,
        1,
        "prev(field): the field in the series' previous report (clusters: same name; provinces: same name and cluster)",
    ),
    ("change", 1, 1, "change(field): field - prev(field)"),
    ("growth", 1, 1, "growth(field): 100 * change(field) / prev(field), in percent"),
];

/// What a series function gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    /// `prev(f)`.
    Prev,
    /// `change(f)`.
    Change,
    /// `growth(f)`.
    Growth,
}

/// The series of an entity: the fields that identify one (its rows ordered by `year`), or
/// `None` for an entity without series.
pub fn series_keys(entity: &Entity) -> Option<&'static [&'static str]> {
    match entity.name {
        "clusters" => Some(&["name"]),
        "provinces" => Some(&["name", "cluster"]),
        _ => None,
    }
}

/// A result column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Its name: the alias, else the item's text.
    pub name: String,
    /// Its value.
    pub expr: TExpr,
}

/// A sort key: a result column, or an expression not shown.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderKey {
    /// The n-th result column.
    Column(usize),
    /// Any expression.
    Expr(TExpr),
}

/// A checked query, ready for SQL generation.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The entity queried.
    pub entity: &'static Entity,
    /// Result columns.
    pub columns: Vec<Column>,
    /// `where`.
    pub filter: Option<TExpr>,
    /// `by` fields.
    pub group: Vec<&'static Field>,
    /// `having`: a condition on groups.
    pub having: Option<TExpr>,
    /// `sort` keys, `true` = descending.
    pub order: Vec<(OrderKey, bool)>,
    /// `limit`.
    pub limit: Option<u64>,
    /// `show distinct`: each row once.
    pub distinct: bool,
    /// `limit N per f, ...`: the first N rows of each group of rows with the same values of these.
    pub limit_per: Vec<&'static Field>,
}

fn err(kind: QueryErrorKind, span: &Span, message: impl Into<String>) -> QueryError {
    QueryError::new(kind, span.range(), message)
}

/// Resolves an entity name, suggesting the nearest on a miss.
pub fn resolve_entity(id: &Ident) -> Result<&'static Entity, QueryError> {
    catalog::entity(&id.name).ok_or_else(|| {
        let mut e = err(QueryErrorKind::UnknownName, &id.span, format!("unknown entity `{}`", id.name));
        if let Some(s) = suggest::nearest(&id.name, catalog::ENTITIES.iter().map(|e| e.name)) {
            e = e.hint(format!("did you mean `{s}`?"));
        }
        e.hint(format!("entities: {}", catalog::ENTITIES.iter().map(|e| e.name).collect::<Vec<_>>().join(", ")))
    })
}

fn resolve_field(entity: &'static Entity, id: &Ident) -> Result<&'static Field, QueryError> {
    entity.field(&id.name).ok_or_else(|| {
        let mut e =
            err(QueryErrorKind::UnknownName, &id.span, format!("unknown field `{}` in `{}`", id.name, entity.name));
        if let Some(s) = suggest::nearest(&id.name, entity.fields.iter().map(|f| f.name)) {
            e = e.hint(format!("did you mean `{s}`?"));
        } else if let Some(other) = catalog::ENTITIES.iter().find(|o| o.field(&id.name).is_some()) {
            e = e.hint(format!("`{}` is a field of `{}`", id.name, other.name));
        } else {
            e = e.hint(format!("`.fields {}` lists them", entity.name));
        }
        e
    })
}

/// A value bound to `$name` when a query runs.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A whole number.
    Integer(i64),
    /// A decimal.
    Decimal(f64),
    /// Text.
    Text(String),
}

impl ParamValue {
    /// `--param NAME=VALUE`: a number if the value parses as one, else text.
    pub fn parse(value: &str) -> ParamValue {
        if let Ok(n) = value.trim().parse::<i64>() {
            return ParamValue::Integer(n);
        }
        match value.trim().parse::<f64>() {
            Ok(x)
                if x.is_finite()
                    && value.trim().chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+')) =>
            {
                ParamValue::Decimal(x)
            }
            _ => ParamValue::Text(value.to_string()),
        }
    }
}

impl From<i64> for ParamValue {
    fn from(n: i64) -> ParamValue {
        ParamValue::Integer(n)
    }
}

impl From<i32> for ParamValue {
    fn from(n: i32) -> ParamValue {
        ParamValue::Integer(n.into())
    }
}

impl From<f64> for ParamValue {
    fn from(x: f64) -> ParamValue {
        ParamValue::Decimal(x)
    }
}

impl From<&str> for ParamValue {
    fn from(s: &str) -> ParamValue {
        ParamValue::Text(s.to_string())
    }
}

impl From<String> for ParamValue {
    fn from(s: String) -> ParamValue {
        ParamValue::Text(s)
    }
}

/// The values bound to a query's `$name`s, by name.
pub type Params = std::collections::BTreeMap<String, ParamValue>;

/// Checks a parsed query against the catalog.
pub fn check(q: &Query) -> Result<Plan, QueryError> {
    check_with(q, &Params::new())
}

/// The most values an `in` list may hold (SQLite binds at most 32,766 per statement).
pub const MAX_IN_VALUES: usize = 10_000;

/// The most items a `show` may list (SQLite returns at most 2,000 columns).
pub const MAX_ITEMS: usize = 1_000;

/// Checks a parsed query against the catalog, with values for its `$name`s.
pub fn check_with(q: &Query, params: &Params) -> Result<Plan, QueryError> {
    let entity = resolve_entity(&q.entity)?;
    let checker = Checker { entity, params, aliases: &[] };
    let filter = match &q.filter {
        Some(w) => {
            let t = checker.expr(w, false)?;
            if t.ty != Ty::Bool {
                let mut e = err(
                    QueryErrorKind::Type,
                    &w.span,
                    format!("`where` needs a condition, but `{w}` is {}", t.ty.describe()),
                );
                e = e.hint(format!("for example `{w} is not null`"));
                return Err(e);
            }
            Some(t)
        }
        None => None,
    };
    let group: Vec<&'static Field> = q.by.iter().map(|id| resolve_field(entity, id)).collect::<Result<_, _>>()?;
    let mut columns = Vec::new();
    let mut items: Vec<(Column, Option<&Expr>)> = Vec::new();
    if q.show.is_empty() {
        if group.is_empty() {
            for f in entity.fields.iter().filter(|f| f.in_star) {
                items.push((Column { name: f.name.to_string(), expr: column(f) }, None));
            }
        } else {
            for f in &group {
                items.push((Column { name: f.name.to_string(), expr: column(f) }, None));
            }
            let count = TExpr {
                kind: TKind::Aggregate { func: Aggregate::Count, arg: None, distinct: false, per: Vec::new() },
                ty: Ty::Field(FieldType::Integer),
            };
            items.push((Column { name: "count()".into(), expr: count }, None));
        }
    }
    for item in &q.show {
        match item {
            Item::Star(span) => {
                if !group.is_empty() {
                    return Err(err(QueryErrorKind::Grouping, span, "`*` cannot be shown with `by`")
                        .hint("name the fields to show"));
                }
                for f in entity.fields.iter().filter(|f| f.in_star) {
                    items.push((Column { name: f.name.to_string(), expr: column(f) }, None));
                }
            }
            Item::Expr { expr, alias } => {
                let t = checker.expr(expr, true)?;
                let name = match (alias, &expr.kind) {
                    (Some(a), _) => a.name.clone(),
                    // a field is shown under its name as written (what `Display` gives, without its machinery)
                    (None, ExprKind::Field(id)) => id.name.clone(),
                    (None, _) => expr.to_string(),
                };
                items.push((Column { name, expr: t }, Some(expr)));
            }
        }
    }
    // one name per column: a script reads columns by name (JSON keys, CSV headers)
    for (i, (c, e)) in items.iter().enumerate() {
        let earlier = items[..i].iter().any(|(d, _)| d.name.eq_ignore_ascii_case(&c.name));
        if earlier {
            let span = match q.show.iter().find_map(|it| match it {
                Item::Expr { expr, alias } if e.is_some_and(|e| std::ptr::eq(e, expr)) => {
                    Some(alias.as_ref().map_or(expr.span.clone(), |a| a.span.clone()))
                }
                _ => None,
            }) {
                Some(span) => span,
                None => q.entity.span.clone(),
            };
            let suggestion =
                format!("{} as {}_2", c.name, c.name.replace(|ch: char| !ch.is_alphanumeric() && ch != '_', "_"));
            return Err(err(QueryErrorKind::Grouping, &span, format!("the column `{}` appears twice", c.name))
                .hint(format!("name one of them with `as`: `{suggestion}`")));
        }
    }
    // SQLite returns at most 2,000 columns
    if items.len() > MAX_ITEMS {
        let span = match q.show.get(MAX_ITEMS) {
            Some(Item::Star(s)) => s.clone(),
            Some(Item::Expr { expr, .. }) => expr.span.clone(),
            None => q.entity.span.clone(),
        };
        return Err(err(
            QueryErrorKind::Type,
            &span,
            format!("`show` lists {} items; at most {MAX_ITEMS} fit in one result", items.len()),
        ));
    }
    let shows_groups = !group.is_empty() || items.iter().any(|(c, _)| has_aggregate(&c.expr));
    // "clusters show 1 sort max(year)": an aggregate orders groups, and these rows are no groups
    if !shows_groups && let Some(key) = q.sort.iter().find(|k| k.expr.contains_aggregate()) {
        return Err(err(
            QueryErrorKind::Grouping,
            &key.expr.span,
            format!("`sort {}` sorts by an aggregate, and this query shows rows, not groups", key.expr),
        )
        .hint(format!(
            "group with `by` and show it: `{} by name show name, {} sort {}`",
            q.entity.name, key.expr, key.expr
        )));
    }
    let aggregated = shows_groups || q.sort.iter().any(|k| k.expr.contains_aggregate());
    // `AGG(f) per g` is beside each row: not in a query of groups
    if aggregated && let Some((_, Some(e))) = items.iter().find(|(c, _)| has_windowed(&c.expr)) {
        return Err(beside_each_row(e));
    }
    for (c, e) in &items {
        if aggregated {
            match e {
                Some(e) => checker.grouped(e, &group)?,
                // `*` or the implicit list of every field, beside an aggregate and without `by`
                None if group.is_empty() => {
                    let span = q.show.iter().find_map(|it| match it {
                        Item::Star(s) => Some(s.clone()),
                        _ => None,
                    });
                    let span = span.unwrap_or_else(|| q.entity.span.clone());
                    return Err(err(
                        QueryErrorKind::Grouping,
                        &span,
                        "every field cannot be shown beside an aggregate",
                    )
                    .hint("name what to show, e.g. `show name, count()`, or group with `by`"));
                }
                None => {}
            }
        }
        columns.push(c.clone());
    }
    let mut order = Vec::new();
    for key in &q.sort {
        // `sort "year"`, `sort 2`: a constant puts the rows in no order
        if matches!(
            key.expr.kind,
            ExprKind::Integer(_) | ExprKind::Decimal(_) | ExprKind::String(_) | ExprKind::Null | ExprKind::Param(_)
        ) {
            let field = match &key.expr.kind {
                ExprKind::String(s) if entity.field(s).is_some() => s.clone(),
                _ => "year".to_string(),
            };
            return Err(err(QueryErrorKind::Type, &key.expr.span, format!("`sort {}` sorts by a constant", key.expr))
                .hint(format!("sort by a field, without quotes: `sort {field}`")));
        }
        let shown = match &key.expr.kind {
            ExprKind::Field(id) => {
                columns.iter().position(|c| c.name.eq_ignore_ascii_case(&id.name)).filter(|&i| {
                    // an alias, or the field itself shown
                    let alias = q.show.iter().any(
                        |it| matches!(it, Item::Expr { alias: Some(a), .. } if a.name.eq_ignore_ascii_case(&id.name)),
                    );
                    alias || entity.field(&id.name).is_some_and(|f| columns[i].expr.kind == TKind::Column(f))
                })
            }
            _ => columns.iter().position(|c| c.name == key.expr.to_string()),
        };
        let k = match shown {
            Some(i) => OrderKey::Column(i),
            None => {
                let t = checker.expr(&key.expr, true)?;
                if aggregated {
                    if has_windowed(&t) {
                        return Err(beside_each_row(&key.expr));
                    }
                    checker.grouped(&key.expr, &group)?;
                }
                OrderKey::Expr(t)
            }
        };
        order.push((k, key.descending));
    }
    let having = match &q.having {
        None => None,
        Some(h) => {
            if !aggregated {
                return Err(err(QueryErrorKind::Grouping, &h.span, "`having` filters groups, and this query has none")
                    .hint("filter rows with `where`; group with `by`"));
            }
            let with_aliases = Checker { entity, params, aliases: &columns };
            let t = with_aliases.expr(h, true)?;
            if has_windowed(&t) {
                return Err(beside_each_row(h));
            }
            if t.ty != Ty::Bool {
                return Err(err(
                    QueryErrorKind::Type,
                    &h.span,
                    format!("`having` needs a condition, but `{h}` is {}", t.ty.describe()),
                ));
            }
            // fields outside aggregates must be grouped (aliases are the columns, already checked)
            let plain = |id: &Ident| columns.iter().any(|c| c.name.eq_ignore_ascii_case(&id.name));
            if !expr_fields(h).iter().all(|id| plain(id)) {
                with_aliases.grouped(h, &group)?;
            }
            Some(t)
        }
    };
    let limit_per = match &q.limit {
        Some(l) if !l.per.is_empty() => {
            if aggregated {
                return Err(err(
                    QueryErrorKind::Grouping,
                    &l.span,
                    "`limit ... per` keeps rows of each group, and this query shows groups",
                )
                .hint("drop `by` and the aggregates, or `limit` without `per`"));
            }
            l.per.iter().map(|id| resolve_field(entity, id)).collect::<Result<Vec<_>, _>>()?
        }
        _ => Vec::new(),
    };
    Ok(Plan {
        entity,
        columns,
        filter,
        group,
        having,
        order,
        limit: q.limit.as_ref().map(|l| l.count),
        distinct: q.distinct,
        limit_per,
    })
}

/// `AGG(f) per g` where a query shows groups: a value beside each row has no place among groups.
fn beside_each_row(e: &Expr) -> QueryError {
    err(QueryErrorKind::Grouping, &e.span, format!("`{e}` is a value beside each row, and this query shows groups"))
        .hint("drop `by` (and the other aggregates) to see each row beside its group's value")
}

fn column(f: &'static Field) -> TExpr {
    TExpr { kind: TKind::Column(f), ty: Ty::Field(f.ty) }
}

impl Checker<'_> {
    /// A scalar function call, typed.
    fn function(&self, e: &Expr, name: &Ident, args: &[Expr], aggregates_allowed: bool) -> Result<TExpr, QueryError> {
        let lower = name.name.to_ascii_lowercase();
        let Some(&(fname, least, most, usage)) = FUNCTIONS.iter().find(|(n, ..)| *n == lower) else {
            let mut x = err(QueryErrorKind::UnknownName, &name.span, format!("unknown function `{}`", name.name));
            if let Some(near) = suggest::nearest(&name.name, FUNCTIONS.iter().map(|(n, ..)| *n)) {
                x = x.hint(format!("did you mean `{near}`?"));
            }
            let names: Vec<&str> = FUNCTIONS.iter().map(|(n, ..)| *n).collect();
            return Err(x.hint(format!("functions: {}", names.join(", "))));
        };
        if !(least..=most).contains(&args.len()) {
            return Err(
                err(QueryErrorKind::Type, &e.span, format!("`{fname}` takes {}", arity(least, most))).hint(usage)
            );
        }
        if matches!(fname, "prev" | "change" | "growth") {
            return self.series(e, fname, &args[0], usage);
        }
        let targs: Vec<TExpr> = args.iter().map(|a| self.expr(a, aggregates_allowed)).collect::<Result<_, _>>()?;
        let need = |i: usize, ok: bool, what: &str| -> Result<(), QueryError> {
            if ok {
                return Ok(());
            }
            Err(err(
                QueryErrorKind::Type,
                &args[i].span,
                format!("`{fname}` needs {what}, but `{}` is {}", args[i], targs[i].ty.describe()),
            )
            .hint(usage))
        };
        let numeric = |t: &TExpr| t.ty.is_numeric() || t.ty == Ty::Null;
        let ty = match fname {
            "round" | "abs" | "pow" | "sqrt" | "ln" | "exp" => {
                for (i, t) in targs.iter().enumerate() {
                    need(i, numeric(t), "numbers")?;
                }
                match fname {
                    "round" if targs.len() == 1 => Ty::Field(FieldType::Integer),
                    "round" | "abs" => match targs[0].ty {
                        Ty::Field(FieldType::Money) => Ty::Field(FieldType::Money),
                        Ty::Field(FieldType::Integer) if fname == "abs" => Ty::Field(FieldType::Integer),
                        _ => Ty::Field(FieldType::Number),
                    },
                    _ => Ty::Field(FieldType::Number),
                }
            }
            "year" | "month" => {
                need(0, matches!(targs[0].ty, Ty::Field(FieldType::Date) | Ty::Null), "a date")?;
                Ty::Field(FieldType::Integer)
            }
            "lower" | "upper" => {
                need(0, targs[0].ty.is_textual() || targs[0].ty == Ty::Null, "text")?;
                Ty::Field(FieldType::Text)
            }
            "length" => {
                need(0, targs[0].ty.is_textual() || targs[0].ty == Ty::Null, "text")?;
                Ty::Field(FieldType::Integer)
            }
            "if" => {
                need(0, targs[0].ty == Ty::Bool, "a condition first")?;
                self.comparable(&targs[1], &args[1], &targs[2], &args[2])?;
                if targs[1].ty == Ty::Null { targs[2].ty } else { targs[1].ty }
            }
            _ => {
                // coalesce: values of one kind
                for i in 1..targs.len() {
                    self.comparable(&targs[0], &args[0], &targs[i], &args[i])?;
                }
                targs.iter().map(|t| t.ty).find(|t| *t != Ty::Null).unwrap_or(Ty::Null)
            }
        };
        Ok(TExpr { kind: TKind::Func { name: fname, args: targs }, ty })
    }
}

impl Checker<'_> {
    /// `prev(f)`, `change(f)`, `growth(f)`: `f` a number field of an entity with series.
    fn series(&self, e: &Expr, fname: &'static str, arg: &Expr, usage: &str) -> Result<TExpr, QueryError> {
        if series_keys(self.entity).is_none() {
            return Err(err(
                QueryErrorKind::Type,
                &e.span,
                format!("`{fname}` follows a series of reports: `clusters` or `provinces`, not `{}`", self.entity.name),
            ));
        }
        let ExprKind::Field(id) = &arg.kind else {
            return Err(err(
                QueryErrorKind::Type,
                &arg.span,
                format!("`{fname}` takes a field, as in `{fname}(htx_total)`"),
            )
            .hint(usage));
        };
        let field = resolve_field(self.entity, id)?;
        if !field.ty.is_numeric() {
            return Err(err(
                QueryErrorKind::Type,
                &arg.span,
                format!("`{fname}` needs a number field, but `{}` is text", id.name),
            )
            .hint(usage));
        }
        let (kind, ty) = match fname {
            "prev" => (Series::Prev, Ty::Field(field.ty)),
            "change" => (Series::Change, Ty::Field(field.ty)),
            _ => (Series::Growth, Ty::Field(FieldType::Number)),
        };
        Ok(TExpr { kind: TKind::Series { kind, field }, ty })
    }
}

impl Checker<'_> {
    /// `clusters.htx_total` from a `provinces` row: the related entity, its field, and the match.
    fn related(&self, entity: &Ident, field: &Ident) -> Result<TExpr, QueryError> {
        let target = resolve_entity(entity)?;
        let Some((_, on)) = relations(self.entity).find(|(e, _)| e.name == target.name) else {
            let from: Vec<&str> = relations(self.entity).map(|(e, _)| e.name).collect();
            let mut x = err(
                QueryErrorKind::UnknownName,
                &entity.span,
                format!("`{}` rows have no related `{}` row", self.entity.name, target.name),
            );
            if !from.is_empty() {
                x = x.hint(format!("`{}` rows relate to: {}", self.entity.name, from.join(", ")));
            }
            return Err(x);
        };
        let f = resolve_field(target, field)?;
        Ok(TExpr { kind: TKind::Related { entity: target, field: f, on }, ty: Ty::Field(f.ty) })
    }
}

/// The fields an expression follows across a series (`prev(htx_total)` → `htx_total`).
pub fn series_fields(t: &TExpr, out: &mut Vec<&'static Field>) {
    for node in t.nodes() {
        if let TKind::Series { field, .. } = &node.kind
            && !out.iter().any(|f| f.name == field.name)
        {
            out.push(field);
        }
    }
}

/// The field names an expression uses outside aggregates.
fn expr_fields(e: &Expr) -> Vec<&Ident> {
    let mut out = Vec::new();
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::Field(id) => out.push(id),
            ExprKind::Neg(x) | ExprKind::Not(x) | ExprKind::IsNull { expr: x, .. } => stack.push(x),
            ExprKind::Binary(_, a, b) | ExprKind::Compare(_, a, b) => stack.extend([a.as_ref(), b.as_ref()]),
            ExprKind::In { expr, list, .. } => {
                stack.push(expr);
                stack.extend(list.iter());
            }
            ExprKind::Between { expr, low, high, .. } => stack.extend([expr.as_ref(), low.as_ref(), high.as_ref()]),
            ExprKind::Func { args, .. } => stack.extend(args.iter()),
            _ => {}
        }
    }
    out
}

/// "1 argument", "1 or 2 arguments", "2 to 16 arguments".
fn arity(least: usize, most: usize) -> String {
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    match most - least {
        0 => format!("{least} {}", plural(least)),
        1 => format!("{least} or {most} {}", plural(most)),
        _ => format!("{least} to {most} arguments"),
    }
}

/// Whether an aggregate `per` some field occurs in the expression.
fn has_windowed(t: &TExpr) -> bool {
    t.nodes().any(|n| matches!(&n.kind, TKind::Aggregate { per, .. } if !per.is_empty()))
}

pub(crate) fn has_aggregate(t: &TExpr) -> bool {
    match &t.kind {
        // `sum(f) per cluster` is a value beside each row
        TKind::Aggregate { per, .. } if !per.is_empty() => false,
        TKind::Aggregate { .. } => true,
        _ => t.children().into_iter().any(has_aggregate),
    }
}

struct Checker<'p> {
    entity: &'static Entity,
    params: &'p Params,
    /// Result columns a condition may name by their alias (`having n > 1`).
    aliases: &'p [Column],
}

impl Checker<'_> {
    /// Every field outside an aggregate must be a `by` field.
    fn grouped(&self, e: &Expr, group: &[&'static Field]) -> Result<(), QueryError> {
        match &e.kind {
            ExprKind::Call { .. } => Ok(()),
            ExprKind::Func { args, .. } => args.iter().try_for_each(|x| self.grouped(x, group)),
            ExprKind::Related { entity, field } => Err(err(
                QueryErrorKind::Grouping,
                &e.span,
                format!(
                    "`{}.{}` is a value of each row, neither in `by` nor inside an aggregate",
                    entity.name, field.name
                ),
            )
            .hint(format!("use an aggregate such as `max({}.{})`", entity.name, field.name))),
            ExprKind::Field(id) => {
                if group.iter().any(|g| g.name.eq_ignore_ascii_case(&id.name)) {
                    Ok(())
                } else {
                    Err(err(
                        QueryErrorKind::Grouping,
                        &id.span,
                        format!("`{}` is neither in `by` nor inside an aggregate", id.name),
                    )
                    .hint(format!("add `by {}`, or use an aggregate such as `max({})`", id.name, id.name)))
                }
            }
            ExprKind::Neg(x) | ExprKind::Not(x) | ExprKind::IsNull { expr: x, .. } => self.grouped(x, group),
            ExprKind::Binary(_, a, b) | ExprKind::Compare(_, a, b) => {
                self.grouped(a, group)?;
                self.grouped(b, group)
            }
            ExprKind::In { expr, list, .. } => {
                self.grouped(expr, group)?;
                list.iter().try_for_each(|x| self.grouped(x, group))
            }
            ExprKind::Between { expr, low, high, .. } => {
                self.grouped(expr, group)?;
                self.grouped(low, group)?;
                self.grouped(high, group)
            }
            _ => Ok(()),
        }
    }

    fn expr(&self, e: &Expr, aggregates_allowed: bool) -> Result<TExpr, QueryError> {
        let t = |kind, ty| Ok(TExpr { kind, ty });
        match &e.kind {
            ExprKind::Field(id) => {
                let alias = self.aliases.iter().find(|c| c.name.eq_ignore_ascii_case(&id.name));
                match alias {
                    Some(c) if self.entity.field(&id.name).is_none() => Ok(c.expr.clone()),
                    _ => Ok(column(resolve_field(self.entity, id)?)),
                }
            }
            ExprKind::Integer(n) => t(TKind::Integer(*n), Ty::Field(FieldType::Integer)),
            ExprKind::Decimal(x) => t(TKind::Decimal(*x), Ty::Field(FieldType::Number)),
            ExprKind::String(s) => t(TKind::String(s.clone()), Ty::Field(FieldType::Text)),
            // a parameter is its value, bound like any literal
            ExprKind::Param(id) => match self.params.get(&id.name) {
                Some(ParamValue::Integer(n)) => t(TKind::Integer(*n), Ty::Field(FieldType::Integer)),
                Some(ParamValue::Decimal(x)) => t(TKind::Decimal(*x), Ty::Field(FieldType::Number)),
                Some(ParamValue::Text(s)) => t(TKind::String(s.clone()), Ty::Field(FieldType::Text)),
                None => {
                    let mut e = err(QueryErrorKind::UnknownName, &e.span, format!("no value for `${}`", id.name));
                    e = e.hint(format!("pass one with --param {}=VALUE", id.name));
                    if let Some(near) = crate::suggest::nearest(&id.name, self.params.keys().map(String::as_str)) {
                        e = e.hint(format!("did you mean `${near}`?"));
                    }
                    Err(e)
                }
            },
            ExprKind::Null => t(TKind::Null, Ty::Null),
            ExprKind::Neg(x) => {
                let x = self.expr(x, aggregates_allowed)?;
                self.numeric(&x, e, "`-`")?;
                let ty = x.ty;
                t(TKind::Neg(Box::new(x)), ty)
            }
            ExprKind::Not(x) => {
                let inner = self.expr(x, aggregates_allowed)?;
                self.condition(&inner, x, "not")?;
                t(TKind::Not(Box::new(inner)), Ty::Bool)
            }
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
                let (ta, tb) = (self.expr(a, aggregates_allowed)?, self.expr(b, aggregates_allowed)?);
                let name = if *op == BinOp::And { "and" } else { "or" };
                self.condition(&ta, a, name)?;
                self.condition(&tb, b, name)?;
                t(TKind::Logic(*op, Box::new(ta), Box::new(tb)), Ty::Bool)
            }
            ExprKind::Binary(op, a, b) => {
                let (ta, tb) = (self.expr(a, aggregates_allowed)?, self.expr(b, aggregates_allowed)?);
                let sym = format!("`{op}`");
                self.numeric(&ta, a, &sym)?;
                self.numeric(&tb, b, &sym)?;
                let ty = arith_type(*op, ta.ty, tb.ty);
                t(TKind::Arith(*op, Box::new(ta), Box::new(tb)), ty)
            }
            ExprKind::Compare(op, a, b) => {
                let (ta, tb) = (self.expr(a, aggregates_allowed)?, self.expr(b, aggregates_allowed)?);
                if *op == CmpOp::Contains {
                    for (x, src) in [(&ta, a), (&tb, b)] {
                        if !(x.ty.is_textual() || x.ty == Ty::Null) {
                            return Err(err(
                                QueryErrorKind::Type,
                                &src.span,
                                format!("`~` matches text, but `{src}` is {}", x.ty.describe()),
                            )
                            .hint("compare numbers with `=`, `<` or `between`"));
                        }
                    }
                } else {
                    if matches!(tb.kind, TKind::Null) || matches!(ta.kind, TKind::Null) {
                        let not = if *op == CmpOp::Ne { "not " } else { "" };
                        return Err(err(QueryErrorKind::Type, &e.span, format!("`{op} null` is never true"))
                            .hint(format!("write `is {not}null`")));
                    }
                    self.comparable(&ta, a, &tb, b)?;
                }
                // text is compared folded, by every operator
                let folded = *op == CmpOp::Contains || matches!(ta.ty, Ty::Field(FieldType::Text | FieldType::List));
                t(TKind::Compare { op: *op, left: Box::new(ta), right: Box::new(tb), folded }, Ty::Bool)
            }
            ExprKind::In { expr, list, negated } => {
                // SQLite binds at most 32,766 values to one statement
                if list.len() > MAX_IN_VALUES {
                    return Err(err(
                        QueryErrorKind::Type,
                        &e.span,
                        format!("`in` lists {} values; at most {MAX_IN_VALUES} fit in one query", list.len()),
                    )
                    .hint("split the list over several queries, or filter by a range: `year between 2015 and 2023`"));
                }
                let tx = self.expr(expr, aggregates_allowed)?;
                let mut items = Vec::new();
                for item in list {
                    let ti = self.expr(item, aggregates_allowed)?;
                    self.comparable(&tx, expr, &ti, item)?;
                    items.push(ti);
                }
                let folded = matches!(tx.ty, Ty::Field(FieldType::Text | FieldType::List));
                t(TKind::In { expr: Box::new(tx), list: items, negated: *negated, folded }, Ty::Bool)
            }
            ExprKind::Between { expr, low, high, negated } => {
                let tx = self.expr(expr, aggregates_allowed)?;
                let tl = self.expr(low, aggregates_allowed)?;
                let th = self.expr(high, aggregates_allowed)?;
                self.comparable(&tx, expr, &tl, low)?;
                self.comparable(&tx, expr, &th, high)?;
                t(
                    TKind::Between { expr: Box::new(tx), low: Box::new(tl), high: Box::new(th), negated: *negated },
                    Ty::Bool,
                )
            }
            ExprKind::IsNull { expr, negated } => {
                let tx = self.expr(expr, aggregates_allowed)?;
                t(TKind::IsNull { expr: Box::new(tx), negated: *negated }, Ty::Bool)
            }
            ExprKind::Func { name, args } => self.function(e, name, args, aggregates_allowed),
            ExprKind::Related { entity, field } => self.related(entity, field),
            ExprKind::Call { func, arg, distinct, per } => {
                if !aggregates_allowed {
                    return Err(err(
                        QueryErrorKind::Grouping,
                        &e.span,
                        format!("aggregates such as `{}` cannot be used in `where`", func.name()),
                    )
                    .hint("filter rows with `where`, then aggregate in `show`"));
                }
                let targ = match arg {
                    Some(a) => {
                        let ta = self.expr(a, false).map_err(|mut x| {
                            if x.kind == QueryErrorKind::Grouping {
                                x.message = format!("aggregates cannot be nested: `{e}`");
                                x.hints.clear();
                            }
                            x
                        })?;
                        if matches!(func, Aggregate::Sum | Aggregate::Avg) && !ta.ty.is_numeric() {
                            return Err(err(
                                QueryErrorKind::Type,
                                &a.span,
                                format!("`{}` needs numbers, but `{a}` is {}", func.name(), ta.ty.describe()),
                            )
                            .hint(format!("use `count({a})` to count values, or `min`/`max`")));
                        }
                        Some(Box::new(ta))
                    }
                    None => None,
                };
                let ty = match (func, &targ) {
                    (Aggregate::Count, _) => Ty::Field(FieldType::Integer),
                    (Aggregate::Avg, Some(a)) if a.ty == Ty::Field(FieldType::Money) => Ty::Field(FieldType::Money),
                    (Aggregate::Avg, _) => Ty::Field(FieldType::Number),
                    (_, Some(a)) => a.ty,
                    (_, None) => Ty::Null,
                };
                let per = per.iter().map(|id| resolve_field(self.entity, id)).collect::<Result<Vec<_>, _>>()?;
                // SQLite's window aggregates take no DISTINCT
                if *distinct && !per.is_empty() {
                    let by = per.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
                    return Err(err(
                        QueryErrorKind::Grouping,
                        &e.span,
                        format!("`{}(distinct ...)` cannot be computed `per` row group", func.name()),
                    )
                    .hint(format!(
                        "group the rows instead: `{} by {by} show {}(distinct ...)`",
                        self.entity.name,
                        func.name()
                    )));
                }
                t(TKind::Aggregate { func: *func, arg: targ, distinct: *distinct, per }, ty)
            }
        }
    }

    fn numeric(&self, t: &TExpr, src: &Expr, what: &str) -> Result<(), QueryError> {
        if t.ty.is_numeric() || t.ty == Ty::Null {
            Ok(())
        } else {
            Err(err(
                QueryErrorKind::Type,
                &src.span,
                format!("{what} needs numbers, but `{src}` is {}", t.ty.describe()),
            ))
        }
    }

    fn condition(&self, t: &TExpr, src: &Expr, what: &str) -> Result<(), QueryError> {
        if t.ty == Ty::Bool {
            Ok(())
        } else {
            Err(err(
                QueryErrorKind::Type,
                &src.span,
                format!("`{what}` needs a condition, but `{src}` is {}", t.ty.describe()),
            )
            .hint(format!("for example `{src} is not null`")))
        }
    }

    fn comparable(&self, a: &TExpr, sa: &Expr, b: &TExpr, sb: &Expr) -> Result<(), QueryError> {
        let ok = a.ty == Ty::Null
            || b.ty == Ty::Null
            || (a.ty.is_numeric() && b.ty.is_numeric())
            || (a.ty.is_textual() && b.ty.is_textual())
            || (a.ty == Ty::Bool && b.ty == Ty::Bool);
        if ok {
            return Ok(());
        }
        let (bad, src) = if matches!(b.kind, TKind::Column(_)) { (a, sa) } else { (b, sb) };
        let other = if std::ptr::eq(src, sa) { (b, sb) } else { (a, sa) };
        let mut e = err(
            QueryErrorKind::Type,
            &src.span,
            format!("cannot compare `{}` ({}) with `{src}` ({})", other.1, other.0.ty.describe(), bad.ty.describe()),
        );
        if other.0.ty.is_textual() && bad.ty.is_numeric() {
            e = e.hint(format!("quote text: \"{src}\""));
        } else if other.0.ty.is_numeric() && bad.ty.is_textual() {
            e = e.hint("numbers are written without quotes");
        }
        Err(e)
    }
}

fn arith_type(op: BinOp, a: Ty, b: Ty) -> Ty {
    use FieldType::*;
    match (op, a, b) {
        (BinOp::Div, ..) => Ty::Field(Number),
        (_, Ty::Field(Money), _) | (_, _, Ty::Field(Money)) if op != BinOp::Mul || a != b => Ty::Field(Money),
        (_, Ty::Field(Integer), Ty::Field(Integer)) => Ty::Field(Integer),
        (_, Ty::Null, x) | (_, x, Ty::Null) => x,
        _ => Ty::Field(Number),
    }
}
