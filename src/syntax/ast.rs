//! The query AST. Nodes carry byte spans into the query text; spans do not take part in equality,
//! so a tree printed with [`std::fmt::Display`] and parsed again compares equal to the original.

use std::fmt;
use std::ops::Range;

/// A byte range in the query text. Always equal to any other span, so trees compare by content.
#[derive(Debug, Clone, Default, Eq)]
pub struct Span(pub Range<usize>);

impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}

impl Span {
    /// The byte range.
    pub fn range(&self) -> Range<usize> {
        self.0.clone()
    }
}

/// A name written in the query: an entity, field or alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// As written.
    pub name: String,
    /// Where.
    pub span: Span,
}

/// What a statement does with its query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verb {
    /// `QUERY`: run it and show its rows.
    #[default]
    Run,
    /// `explain QUERY`: show the SQL instead of running it.
    Explain,
    /// `chart QUERY`: run it and draw its rows as a chart.
    Chart,
}

/// One statement: a query, or `explain` or `chart` of one.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// What is done with the query.
    pub verb: Verb,
    /// The query.
    pub query: Query,
}

/// `ENTITY [where COND] [show ITEMS] [by FIELDS] [sort KEYS] [limit N]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The entity queried.
    pub entity: Ident,
    /// `where`.
    pub filter: Option<Expr>,
    /// `show`; empty when absent.
    pub show: Vec<Item>,
    /// `show distinct`: each row once.
    pub distinct: bool,
    /// `by`; empty when absent.
    pub by: Vec<Ident>,
    /// `having`: a condition on groups.
    pub having: Option<Expr>,
    /// `sort`; empty when absent.
    pub sort: Vec<SortKey>,
    /// `limit`.
    pub limit: Option<Limit>,
}

/// A `limit` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// How many rows.
    pub count: u64,
    /// `limit N per f, ...`: the first N rows of each group; empty for the whole result.
    pub per: Vec<Ident>,
    /// Where.
    pub span: Span,
}

/// One item of `show`.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `*`: every field.
    Star(Span),
    /// An expression, optionally `as alias`.
    Expr {
        /// The value shown.
        expr: Expr,
        /// The column name given with `as`.
        alias: Option<Ident>,
    },
}

/// One key of `sort`.
#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    /// What to sort by.
    pub expr: Expr,
    /// `desc`.
    pub descending: bool,
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where.
    pub span: Span,
}

/// Binary operators, arithmetic and logical.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `and`
    And,
    /// `or`
    Or,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `~`: contains, folded
    Contains,
}

/// Aggregate functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// `count()` / `count(f)`
    Count,
    /// `sum(f)`
    Sum,
    /// `avg(f)`
    Avg,
    /// `min(f)`
    Min,
    /// `max(f)`
    Max,
}

impl Aggregate {
    /// Every aggregate.
    pub const ALL: [Aggregate; 5] = [Aggregate::Count, Aggregate::Sum, Aggregate::Avg, Aggregate::Min, Aggregate::Max];

    /// Its name in the language (and in SQL).
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Count => "count",
            Aggregate::Sum => "sum",
            Aggregate::Avg => "avg",
            Aggregate::Min => "min",
            Aggregate::Max => "max",
        }
    }
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A field name.
    Field(Ident),
    /// An integer literal.
    Integer(i64),
    /// A decimal literal.
    Decimal(f64),
    /// A string literal (unescaped).
    String(String),
    /// `$name`: a value bound when the query runs (`--param name=VALUE`).
    Param(Ident),
    /// `entity.field`: a field of the one related row of another entity (`clusters.htx_total`).
    Related {
        /// The related entity.
        entity: Ident,
        /// Its field.
        field: Ident,
    },
    /// `null`.
    Null,
    /// `-x`.
    Neg(Box<Expr>),
    /// `not x`.
    Not(Box<Expr>),
    /// `a op b`.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `a cmp b`.
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    /// `x [not] in (a, b, ...)`.
    In {
        /// Tested value.
        expr: Box<Expr>,
        /// Candidates.
        list: Vec<Expr>,
        /// `not in`.
        negated: bool,
    },
    /// `x [not] between a and b`.
    Between {
        /// Tested value.
        expr: Box<Expr>,
        /// Low end.
        low: Box<Expr>,
        /// High end.
        high: Box<Expr>,
        /// `not between`.
        negated: bool,
    },
    /// `x is [not] null`.
    IsNull {
        /// Tested value.
        expr: Box<Expr>,
        /// `is not null`.
        negated: bool,
    },
    /// `agg(x)`, `count()`, and `agg(x) per f`: over the rows with the same `f`, beside each row.
    Call {
        /// Which aggregate.
        func: Aggregate,
        /// Its argument; `None` for `count()` and `count(*)`.
        arg: Option<Box<Expr>>,
        /// `count(distinct f)`: each value once.
        distinct: bool,
        /// `per f` or `per (f, g)`; empty for an aggregate over the groups.
        per: Vec<Ident>,
    },
    /// A scalar function: `round(x, 1)`, `if(c, a, b)`, `year(event_date)`.
    Func {
        /// Its name, as written.
        name: Ident,
        /// Its arguments.
        args: Vec<Expr>,
    },
}

impl Expr {
    /// Whether an aggregate call occurs anywhere in the expression.
    pub fn contains_aggregate(&self) -> bool {
        match &self.kind {
            // an aggregate `per` a field is a value beside each row, not a group's
            ExprKind::Call { per, arg, .. } if !per.is_empty() => arg.as_ref().is_some_and(|a| a.contains_aggregate()),
            ExprKind::Call { .. } => true,
            ExprKind::Func { args, .. } => args.iter().any(Expr::contains_aggregate),
            ExprKind::Neg(e) | ExprKind::Not(e) | ExprKind::IsNull { expr: e, .. } => e.contains_aggregate(),
            ExprKind::Binary(_, a, b) | ExprKind::Compare(_, a, b) => a.contains_aggregate() || b.contains_aggregate(),
            ExprKind::In { expr, list, .. } => expr.contains_aggregate() || list.iter().any(Expr::contains_aggregate),
            ExprKind::Between { expr, low, high, .. } => {
                expr.contains_aggregate() || low.contains_aggregate() || high.contains_aggregate()
            }
            ExprKind::Field(_)
            | ExprKind::Param(_)
            | ExprKind::Related { .. }
            | ExprKind::Integer(_)
            | ExprKind::Decimal(_)
            | ExprKind::String(_)
            | ExprKind::Null => false,
        }
    }
}

/// " per f" or " per (f, g)".
fn write_per(f: &mut fmt::Formatter, per: &[Ident]) -> fmt::Result {
    match per {
        [] => Ok(()),
        [one] => write!(f, " per {}", one.name),
        many => {
            let names: Vec<&str> = many.iter().map(|i| i.name.as_str()).collect();
            write!(f, " per ({})", names.join(", "))
        }
    }
}

/// Binding strength, for printing with the fewest parentheses.
fn precedence(kind: &ExprKind) -> u8 {
    match kind {
        ExprKind::Binary(BinOp::Or, ..) => 1,
        ExprKind::Binary(BinOp::And, ..) => 2,
        ExprKind::Not(_) => 3,
        ExprKind::Compare(..) | ExprKind::In { .. } | ExprKind::Between { .. } | ExprKind::IsNull { .. } => 4,
        ExprKind::Binary(BinOp::Add | BinOp::Sub, ..) => 5,
        ExprKind::Binary(BinOp::Mul | BinOp::Div, ..) => 6,
        ExprKind::Neg(_) => 7,
        _ => 8,
    }
}

/// Writes `e`, in parentheses when it binds looser than `min`.
fn child(f: &mut fmt::Formatter, e: &Expr, min: u8) -> fmt::Result {
    if precedence(&e.kind) < min { write!(f, "({e})") } else { write!(f, "{e}") }
}

pub use super::lexer::quote;

impl fmt::Display for BinOp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::And => "and",
            BinOp::Or => "or",
        })
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Contains => "~",
        })
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let p = precedence(&self.kind);
        match &self.kind {
            ExprKind::Field(id) => f.write_str(&id.name),
            ExprKind::Integer(n) => write!(f, "{n}"),
            ExprKind::Decimal(x) => {
                let s = format!("{x}");
                if s.contains('.') || s.contains('e') { f.write_str(&s) } else { write!(f, "{s}.0") }
            }
            ExprKind::String(s) => f.write_str(&quote(s)),
            ExprKind::Param(id) => write!(f, "${}", id.name),
            ExprKind::Related { entity, field } => write!(f, "{}.{}", entity.name, field.name),
            ExprKind::Null => f.write_str("null"),
            ExprKind::Neg(e) => {
                f.write_str("-")?;
                child(f, e, p)
            }
            ExprKind::Not(e) => {
                f.write_str("not ")?;
                child(f, e, p)
            }
            ExprKind::Binary(op, l, r) => {
                child(f, l, p)?;
                write!(f, " {op} ")?;
                child(f, r, p + 1)
            }
            ExprKind::Compare(op, l, r) => {
                child(f, l, p + 1)?;
                write!(f, " {op} ")?;
                child(f, r, p + 1)
            }
            ExprKind::In { expr, list, negated } => {
                child(f, expr, p + 1)?;
                f.write_str(if *negated { " not in (" } else { " in (" })?;
                for (i, e) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{e}")?;
                }
                f.write_str(")")
            }
            ExprKind::Between { expr, low, high, negated } => {
                child(f, expr, p + 1)?;
                f.write_str(if *negated { " not between " } else { " between " })?;
                child(f, low, p + 1)?;
                f.write_str(" and ")?;
                child(f, high, p + 1)
            }
            ExprKind::IsNull { expr, negated } => {
                child(f, expr, p + 1)?;
                f.write_str(if *negated { " is not null" } else { " is null" })
            }
            ExprKind::Call { func, arg, distinct, per } => {
                match arg {
                    Some(a) if *distinct => write!(f, "{}(distinct {a})", func.name())?,
                    Some(a) => write!(f, "{}({a})", func.name())?,
                    None => write!(f, "{}()", func.name())?,
                }
                write_per(f, per)
            }
            ExprKind::Func { name, args } => {
                write!(f, "{}(", name.name)?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_str(")")
            }
        }
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Item::Star(_) => f.write_str("*"),
            Item::Expr { expr, alias: None } => write!(f, "{expr}"),
            Item::Expr { expr, alias: Some(a) } => write!(f, "{expr} as {}", a.name),
        }
    }
}

fn list<T: fmt::Display>(f: &mut fmt::Formatter, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

impl fmt::Display for SortKey {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}{}", self.expr, if self.descending { " desc" } else { "" })
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.entity.name)?;
        if let Some(w) = &self.filter {
            write!(f, " where {w}")?;
        }
        if !self.show.is_empty() {
            f.write_str(if self.distinct { " show distinct " } else { " show " })?;
            list(f, &self.show)?;
        }
        if !self.by.is_empty() {
            f.write_str(" by ")?;
            let names: Vec<&str> = self.by.iter().map(|i| i.name.as_str()).collect();
            list(f, &names)?;
        }
        if let Some(h) = &self.having {
            write!(f, " having {h}")?;
        }
        if !self.sort.is_empty() {
            f.write_str(" sort ")?;
            list(f, &self.sort)?;
        }
        if let Some(l) = &self.limit {
            write!(f, " limit {}", l.count)?;
            write_per(f, &l.per)?;
        }
        Ok(())
    }
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.verb {
            Verb::Run => {}
            Verb::Explain => f.write_str("explain ")?,
            Verb::Chart => f.write_str("chart ")?,
        }
        write!(f, "{}", self.query)
    }
}
