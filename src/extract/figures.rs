//! Deciding which figure a quantity is, from the words around it.
//!
//! A quantity's *unit* says what it counts (HTX, THT, thành viên, đồng/người/năm, ...); its
//! *aspect* — total, new, dissolved, a sector, a change, an average, a share — comes from the cue
//! nearest before it in its clause, or right after its unit ("199 HTX thành lập mới"), or, in a
//! list ("12.287 THT, hơn 7.700 HTX và 17 liên hiệp HTX"), from the item before. Unit and aspect
//! together name a [`Figure`], or nothing: an average is not a total, a net increase is not new,
//! a share is not a count, and a figure with no cue at all is not guessed.

use super::quantity::{Quantity, Unit};
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

/// Cue phrases (lowered) and the aspect each signals. When several end at the same place the
/// longest wins ("tăng lên" over "lên").
const CUES: &[(&str, Aspect)] = &[
    ("thành lập mới", Aspect::New),
    ("thành lập", Aspect::New),
    ("mới thành lập", Aspect::New),
    ("phát triển mới", Aspect::New),
    ("giải thể", Aspect::Dissolved),
    ("tăng", Aspect::Delta),
    ("giảm", Aspect::Delta),
    ("tăng thêm", Aspect::Delta),
    ("so với", Aspect::Delta),
    ("bình quân", Aspect::Average),
    ("trung bình", Aspect::Average),
    ("mỗi", Aspect::Average),
    ("chiếm", Aspect::Share),
    ("kết nạp", Aspect::Admitted),
    ("kết nạp mới", Aspect::Admitted),
    ("có", Aspect::Total),
    ("có thêm", Aspect::New),
    ("đến cuối năm", Aspect::Total),
    ("đến hết năm", Aspect::Total),
    ("tính đến", Aspect::Total),
    ("đến nay", Aspect::Total),
    ("hiện nay", Aspect::Total),
    ("hiện có", Aspect::Total),
    ("tổng số", Aspect::Total),
    ("toàn cụm", Aspect::Total),
    ("toàn vùng", Aspect::Total),
    ("lên", Aspect::Total),
    ("tăng lên", Aspect::Total),
    ("đạt", Aspect::Total),
    ("gồm", Aspect::Total),
    ("với", Aspect::Total),
    ("thu hút", Aspect::Total),
    ("việc làm cho", Aspect::Total),
    ("duy trì", Aspect::Total),
];

/// The aspect signalled by the cue that ends last in `window` (lowered text), if any.
pub fn nearest_cue(window: &str) -> Option<Aspect> {
    let mut best: Option<(usize, usize, Aspect)> = None;
    for &(cue, aspect) in CUES {
        let mut from = 0;
        while let Some(at) = crate::text::find_word(window, cue, from) {
            let end = at + cue.len();
            if best.is_none_or(|(e, len, _)| end > e || end == e && cue.len() > len) {
                best = Some((end, cue.len(), aspect));
            }
            from = end;
        }
    }
    best.map(|(_, _, a)| a)
}

/// Whether `window` names a sector: `Some(true)` for agriculture.
fn sector(window: &str) -> Option<bool> {
    let at = crate::text::find_word(window, "lĩnh vực", 0)?;
    Some(crate::text::find_word(&window[at..], "nông nghiệp", 0).is_some())
}

/// What follows a unit directly: "thành lập mới", "nông nghiệp", "đang hoạt động".
pub fn aspect_after(after: &str) -> Option<Aspect> {
    let t = after.trim_start_matches([' ', '(', ')']).trim_start();
    let starts = |w: &str| t.starts_with(w) && crate::text::is_word_boundary(t, w.len());
    if starts("thành lập") || starts("mới thành lập") || starts("được thành lập") {
        Some(Aspect::New)
    } else if starts("giải thể") {
        Some(Aspect::Dissolved)
    } else if starts("nông nghiệp") {
        Some(Aspect::Agri)
    } else if starts("phi nông nghiệp")
        || starts("công nghiệp")
        || starts("thương mại")
        || starts("vận tải")
        || starts("xây dựng")
    {
        Some(Aspect::OtherSector)
    } else {
        None
    }
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
    if ["bình quân", "trung bình", "mỗi"].iter().any(|w| crate::text::find_word(ctx.local_before, w, 0).is_some())
    {
        return Some(Aspect::Average);
    }
    // a labelled figure ("- HTX nông nghiệp: 1.986 HTX", "Liên hiệp HTX: 14") is the level the
    // label names
    let labelled = ctx.label.filter(|l| super::quantity::head_unit(l).is_some()).map(|l| {
        let agri = crate::text::find_word(l, "nông nghiệp", 0).is_some() && !l.contains("phi nông nghiệp");
        if agri { Aspect::Agri } else { Aspect::Total }
    });
    // a verb later in the clause: "173 HTX yếu kém, chỉ tồn tại hình thức đã giải thể"
    let verb_after = || {
        let has = |w| crate::text::find_word(ctx.clause_rest, w, 0).is_some();
        if has("giải thể") {
            Some(Aspect::Dissolved)
        } else if has("thành lập") || has("được thành lập") {
            Some(Aspect::New)
        } else {
            None
        }
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
            let employed =
                ["việc làm", "thu hút", "sử dụng", "giải quyết"].iter().any(|w| ctx.clause_before.contains(w))
                    || ctx.after.trim_start().starts_with("thường xuyên")
                    || ctx.label.is_some_and(|l| l.contains("lao động"));
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
    let t = after.trim_start();
    t.starts_with("htx") || t.starts_with("hợp tác xã") || t.starts_with("là htx")
}

fn training(ctx: &Context) -> bool {
    ["khóa", "lớp", "tập huấn", "đào tạo", "bồi dưỡng"]
        .iter()
        .any(|w| crate::text::find_word(ctx.clause_before, w, 0).is_some() || ctx.after.contains(w))
}

fn lending(clause: &str) -> bool {
    ["giải ngân", "cho vay", "vay vốn", "vay"].iter().any(|w| crate::text::find_word(clause, w, 0).is_some())
}

/// Money: the per-unit and the nearest measure word decide.
fn money(q: &Quantity, ctx: &Context) -> Option<Figure> {
    let per: Vec<&str> = q.per.iter().map(String::as_str).collect();
    let measure = nearest_measure(ctx.local_before).or_else(|| nearest_measure(ctx.clause_before));
    // "doanh thu bình quân mỗi HTX đạt 1,6 tỷ đồng/năm": the unit it is per stands before it
    let per_before = |unit: &str| {
        ["mỗi", "một", "bình quân", "trung bình"].iter().any(|w| {
            crate::text::find_word(ctx.local_before, w, 0)
                .is_some_and(|at| crate::text::find_word(&ctx.local_before[at..], unit, 0).is_some())
        })
    };
    let averaged =
        matches!(measure, Some(Measure::Revenue | Measure::Profit)) && matches!(per.first(), None | Some(&"năm"));
    if averaged {
        let of = if per_before("tht") || per_before("tổ hợp tác") {
            Some((Figure::ThtRevenueAvg, Figure::ThtProfitAvg))
        } else if per_before("htx") || per_before("hợp tác xã") {
            Some((Figure::HtxRevenueAvg, Figure::HtxProfitAvg))
        } else {
            None
        };
        if let Some((revenue, profit)) = of {
            return Some(if measure == Some(Measure::Revenue) { revenue } else { profit });
        }
    }
    match per.first().copied() {
        // "/người/năm", "/lao động/năm", and "4,5 triệu đồng/tháng" said of workers' income
        Some("người" | "lao động" | "tháng" | "năm") => {
            (measure == Some(Measure::Income)).then_some(Figure::IncomeAvg)
        }
        Some("htx") => match measure? {
            Measure::Revenue => Some(Figure::HtxRevenueAvg),
            Measure::Profit => Some(Figure::HtxProfitAvg),
            _ => None,
        },
        Some("tht") => match measure? {
            Measure::Revenue => Some(Figure::ThtRevenueAvg),
            Measure::Profit => Some(Figure::ThtProfitAvg),
            _ => None,
        },
        Some(_) => None,
        None => {
            if crate::text::find_word(ctx.local_before, "bình quân", 0).is_some()
                || crate::text::find_word(ctx.local_before, "trung bình", 0).is_some()
            {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Income,
    Revenue,
    Profit,
    Capital,
    Lending,
}

/// The measure word that ends last in `window`.
fn nearest_measure(window: &str) -> Option<Measure> {
    const MEASURES: &[(&str, Measure)] = &[
        ("thu nhập", Measure::Income),
        ("doanh thu", Measure::Revenue),
        ("lợi nhuận", Measure::Profit),
        ("lãi", Measure::Profit),
        ("vốn điều lệ", Measure::Capital),
        ("số tiền", Measure::Lending),
        ("giải ngân", Measure::Lending),
        ("cho vay", Measure::Lending),
        ("dư nợ", Measure::Lending),
    ];
    MEASURES
        .iter()
        .filter_map(|&(w, m)| window.rfind(w).map(|at| (at + w.len(), m)))
        .max_by_key(|&(end, _)| end)
        .map(|(_, m)| m)
}
