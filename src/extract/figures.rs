//! Deciding which figure a quantity is, from the words around it.
//!
//! A quantity's *unit* says what it counts (HTX, THT, thành viên, đồng/người/năm, ...); its
//! *aspect* — total, new, dissolved, a sector, a change, an average, a share — comes from the cue
//! nearest before it in its clause, or right after its unit ("199 HTX thành lập mới"), or, in a
//! list ("12.287 THT, hơn 7.700 HTX và 17 liên hiệp HTX"), from the item before. Unit and aspect
//! together name a [`Figure`], or nothing: an average is not a total, a net increase is not new,
//! a share is not a count, and a figure with no cue at all is not guessed.

use super::lexicon;
use super::quantity::{Per, Quantity, Unit};
use crate::catalog::Figure;

/// What a count says about its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    /// how many there are ("có", "tổng số", "đạt", "lên")
    Total,
    /// founded in the year ("thành lập mới")
    New,
    /// dissolved ("giải thể")
    Dissolved,
    /// agricultural sector ("lĩnh vực nông nghiệp có")
    Agri,
    /// another sector: no field holds it
    OtherSector,
    /// a change ("tăng 187 HTX so với cùng kỳ"): not a level
    Delta,
    /// an average count ("bình quân 52 HTX/tỉnh")
    Average,
    /// a share ("chiếm 1.094 HTX")
    Share,
    /// newly admitted members of the alliance ("kết nạp")
    Admitted,
}

/// The aspect signalled by the cue that ends last in `window` (lowered text), if any.
pub fn nearest_cue(window: &str) -> Option<Aspect> {
    lexicon::CUE.last(window).map(|f| *f.value())
}

/// Whether `window` names a sector: `Some(true)` for agriculture.
fn sector(window: &str) -> Option<bool> {
    let lead = lexicon::SECTOR_LEAD.first(window)?;
    Some(lexicon::SECTOR.find_in(window, lead.end..window.len()).iter().any(|f| *f.value() == Sector::Agri))
}

/// What follows a unit directly: "thành lập mới", "nông nghiệp", "đang hoạt động".
pub fn aspect_after(after: &str) -> Option<Aspect> {
    let t = after.trim_start_matches([' ', '(', ')']);
    lexicon::CUE_AFTER.at(t, 0).map(|f| *f.value())
}

/// A sector a cooperative works in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sector {
    /// nông nghiệp
    Agri,
    /// any other ("phi nông nghiệp", "công nghiệp", ...)
    Other,
}

/// Everything the classifier needs to know about one quantity's surroundings.
pub struct Context<'a> {
    /// Lowered text from the clause start to the quantity.
    pub clause_before: &'a str,
    /// Lowered text from the previous quantity (or clause start) to this one.
    pub local_before: &'a str,
    /// Lowered text from the end of the quantity to the next separator.
    pub after: &'a str,
    /// Lowered text from the end of the quantity to the end of its clause or the next figure.
    pub clause_rest: &'a str,
    /// The aspect of the previous item when this one continues a list.
    pub inherited: Option<Aspect>,
    /// What "thành viên" belongs to: the last cooperative or group counted before.
    pub members_of: Unit,
    /// The label the figure stands after ("tổ hợp tác:" in "- Tổ hợp tác: 5.870 tổ"), lowered.
    pub label: Option<&'a str>,
}

/// Decides the aspect of a count from its context.
pub fn aspect(ctx: &Context) -> Option<Aspect> {
    if let Some(agri) = sector(ctx.local_before) {
        return Some(if agri { Aspect::Agri } else { Aspect::OtherSector });
    }
    if let Some(a) = aspect_after(ctx.after) {
        return Some(a);
    }
    // "bình quân mỗi tỉnh thành lập mới 25 HTX": an average whatever cue follows it
    if lexicon::AVERAGE_MARKER.any(ctx.local_before) {
        return Some(Aspect::Average);
    }
    // a labelled figure ("- HTX nông nghiệp: 1.986 HTX", "Liên hiệp HTX: 14") is the level the
    // label names
    let labelled = ctx.label.filter(|l| super::quantity::head_unit(l).is_some()).map(|l| {
        let agri = lexicon::SECTOR.find_all(l).iter().any(|f| *f.value() == Sector::Agri);
        if agri { Aspect::Agri } else { Aspect::Total }
    });
    // a verb later in the clause: "173 HTX yếu kém, chỉ tồn tại hình thức đã giải thể"
    let verb_after = || {
        let verbs = lexicon::LATER_VERB.find_all(ctx.clause_rest);
        let has = |a: Aspect| verbs.iter().any(|f| *f.value() == a);
        [Aspect::Dissolved, Aspect::New].into_iter().find(|&a| has(a))
    };
    nearest_cue(ctx.local_before)
        .or_else(verb_after)
        .or(ctx.inherited)
        .or(labelled)
        .or_else(|| nearest_cue(ctx.clause_before).filter(|a| *a == Aspect::Total))
}

/// The figure a quantity states, or `None` when it states none htxq reads.
pub fn classify(q: &Quantity, ctx: &Context, aspect: Option<Aspect>) -> Option<Figure> {
    use Aspect::*;
    let per_unit = !q.per.is_empty();
    match q.unit {
        Unit::Money => money(q, ctx),
        _ if per_unit => None, // "52 HTX/tỉnh/năm": an average count
        Unit::Htx => match aspect? {
            Total => Some(Figure::HtxTotal),
            New => Some(Figure::HtxNew),
            Dissolved => Some(Figure::HtxDissolved),
            Agri => Some(Figure::HtxAgri),
            _ => None,
        },
        Unit::Tht => match aspect? {
            Total => Some(Figure::ThtTotal),
            New => Some(Figure::ThtNew),
            _ => None,
        },
        Unit::Union => match aspect? {
            Total => Some(Figure::UnionTotal),
            New => Some(Figure::UnionNew),
            _ => None,
        },
        Unit::Qtdnd => (aspect? == Total).then_some(Figure::QtdndTotal),
        Unit::Members | Unit::HtxMembers | Unit::ThtMembers => {
            if aspect? != Total || member_cooperatives(ctx.after) {
                return None;
            }
            let of = match q.unit {
                Unit::HtxMembers => Unit::Htx,
                Unit::ThtMembers => Unit::Tht,
                _ => ctx.members_of,
            };
            Some(if of == Unit::Tht { Figure::ThtMembers } else { Figure::HtxMembers })
        }
        Unit::Workers => {
            let employed = lexicon::EMPLOYMENT_WORD.any(ctx.clause_before)
                || lexicon::REGULAR_AFTER.starts(ctx.after).is_some()
                || ctx.label.is_some_and(|l| lexicon::UNIT.find_all(l).iter().any(|f| *f.value() == Unit::Workers));
            let level = !matches!(aspect, Some(Delta | Average | Share | Admitted | New | Dissolved));
            (employed && level).then_some(Figure::Workers)
        }
        Unit::Courses => (!matches!(aspect, Some(Delta | Average | Share))).then_some(Figure::Trainings),
        Unit::Participants => {
            (training(ctx) && !matches!(aspect, Some(Delta | Average | Share))).then_some(Figure::Trainees)
        }
        Unit::Projects => {
            // "giải ngân cho 135 dự án", "cho 58 dự án vay"
            let lent = lending(ctx.clause_before) || lending(ctx.after);
            (lent && !matches!(aspect, Some(Delta | Average | Share))).then_some(Figure::Loans)
        }
        Unit::Provinces | Unit::Percent | Unit::Generic | Unit::Other => None,
    }
}

/// "78 thành viên HTX": cooperatives that joined the alliance, not people.
fn member_cooperatives(after: &str) -> bool {
    lexicon::COOPERATIVE_AFTER.starts(after).is_some()
}

fn training(ctx: &Context) -> bool {
    lexicon::TRAINING_WORD.any(ctx.clause_before) || lexicon::TRAINING_WORD.any(ctx.after)
}

fn lending(clause: &str) -> bool {
    lexicon::LENDING_WORD.any(clause)
}

/// Money: the per-unit and the nearest measure word decide.
fn money(q: &Quantity, ctx: &Context) -> Option<Figure> {
    let per = q.per.first().map(|p| super::quantity::per(p));
    let measure = nearest_measure(ctx.local_before).or_else(|| nearest_measure(ctx.clause_before));
    // "doanh thu bình quân mỗi HTX đạt 1,6 tỷ đồng/năm": the unit it is per stands before it
    let per_before = |unit: Unit| {
        lexicon::PER_MARKER.find_all(ctx.local_before).iter().any(|m| {
            lexicon::UNIT.find_in(ctx.local_before, m.start..ctx.local_before.len()).iter().any(|u| *u.value() == unit)
        })
    };
    let averaged =
        matches!(measure, Some(Measure::Revenue | Measure::Profit)) && matches!(per, None | Some(Some(Per::Year)));
    if averaged {
        let of = if per_before(Unit::Tht) {
            Some((Figure::ThtRevenueAvg, Figure::ThtProfitAvg))
        } else if per_before(Unit::Htx) {
            Some((Figure::HtxRevenueAvg, Figure::HtxProfitAvg))
        } else {
            None
        };
        if let Some((revenue, profit)) = of {
            return Some(if measure == Some(Measure::Revenue) { revenue } else { profit });
        }
    }
    match per {
        // "/người/năm", and "4,5 triệu đồng/tháng" said of workers' income
        Some(Some(Per::Person | Per::Month | Per::Year)) => {
            (measure == Some(Measure::Income)).then_some(Figure::IncomeAvg)
        }
        Some(Some(Per::Htx)) => match measure? {
            Measure::Revenue => Some(Figure::HtxRevenueAvg),
            Measure::Profit => Some(Figure::HtxProfitAvg),
            _ => None,
        },
        Some(Some(Per::Tht)) => match measure? {
            Measure::Revenue => Some(Figure::ThtRevenueAvg),
            Measure::Profit => Some(Figure::ThtProfitAvg),
            _ => None,
        },
        Some(None) => None,
        None => {
            if lexicon::AVERAGE_MARKER.any(ctx.local_before) {
                return None;
            }
            match measure? {
                Measure::Capital => Some(Figure::CharterCapital),
                Measure::Lending if lending(ctx.clause_before) => Some(Figure::LoansAmount),
                _ => None,
            }
        }
    }
}

/// What an amount of money measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// thu nhập
    Income,
    /// doanh thu
    Revenue,
    /// lợi nhuận, lãi
    Profit,
    /// vốn điều lệ
    Capital,
    /// số tiền, giải ngân, cho vay, dư nợ
    Lending,
}

/// The measure word that ends last in `window`.
fn nearest_measure(window: &str) -> Option<Measure> {
    lexicon::MEASURE.last(window).map(|f| *f.value())
}
