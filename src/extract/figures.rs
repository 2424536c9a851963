//! Deciding which figure a quantity is, from the words around it.
//!
//! A quantity's *unit* says what it counts (HTX, THT, thành viên, đồng/người/năm, ...); its
//! *aspect* — total, new, dissolved, a sector, a change, an average, a share — comes from the cue
//! nearest before it in its clause, or right after its unit ("199 HTX thành lập mới"), or, in a
//! list ("12.287 THT, hơn 7.700 HTX và 17 liên hiệp HTX"), from the item before. Unit and aspect
//! together name a [`Figure`], or nothing: an average is not a total, a net increase is not new,
//! a share is not a count, and a figure with no cue at all is not guessed.

use serde::Serialize;

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
    /// recipients of an award ("tặng Cờ thi đua cho 2 HTX"): not a level
    Honoured,
    /// not done yet ("74 HTX ... đang chờ giải thể"): not a level
    Pending,
    /// the cooperatives some work reached ("làm việc trực tiếp với 265 HTX", "khảo sát 120 HTX"):
    /// a part of them, not a level
    Served,
}

/// The aspect signalled by the cue that ends last in `window` (lowered text), if any.
pub fn nearest_cue(window: &str) -> Option<Aspect> {
    lexicon::CUE.last(window).map(|f| *f.value())
}

/// Whether `window` names a sector ("lĩnh vực nông nghiệp"): `Some(true)` for agriculture.
fn sector(window: &str) -> Option<(bool, Rule)> {
    let lead = lexicon::SECTOR_LEAD.first(window)?;
    // "2.610 HTX thuộc lĩnh vực nông nghiệp và 1.559 HTX ...": the sector of the item before
    if window[lead.end..].trim_end().ends_with(" và") {
        return None;
    }
    let agri = lexicon::SECTOR.find_in(window, lead.end..window.len()).iter().any(|f| *f.value() == Sector::Agri);
    Some((agri, Rule::by("sector", &lead)))
}

/// The sector the subject's cooperatives are of, right after its last "HTX": "Số HTX nông nghiệp
/// xấp xỉ 2.600 HTX", "Các HTX thương mại, dịch vụ có 388 HTX" (`true` for agriculture).
fn subject_sector(local_before: &str) -> Option<(bool, Rule)> {
    let last = lexicon::COOPERATIVE_WORD.last(local_before)?;
    let subject = &local_before[last.end..];
    let f = lexicon::SECTOR.starts(subject)?;
    // "HTX nông nghiệp tăng 96 HTX", "... chiếm 75%": the verb says what the figure is
    if lexicon::CUE.last(&subject[f.end..]).is_some_and(|c| *c.value() != Aspect::Total) {
        return None;
    }
    Some((*f.value() == Sector::Agri, Rule::by("subject-sector", &f)))
}

/// The sector named right after a count: "2.610 HTX thuộc lĩnh vực nông nghiệp", "hơn 2.500 HTX hoạt
/// động trong lĩnh vực nông nghiệp".
fn sector_after(after: &str) -> Option<(bool, Rule)> {
    let lead = lexicon::SECTOR_AFTER_LEAD.starts(after)?;
    let f = lexicon::SECTOR.starts(&after[lead.end..])?;
    Some((*f.value() == Sector::Agri, Rule::by("sector-after", &lead)))
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

/// The rule that decided, and the lexicon row that fired it when one did: what `htxq why` shows
/// and `facts.rule` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// The rule's name ("cue", "word-after", "list-item", ...).
    pub name: &'static str,
    /// The phrase that fired it, as the lexicon has it.
    pub phrase: Option<&'static str>,
    /// The lexicon row (`figures.tsv:21`).
    pub source: Option<&'static str>,
}

impl Rule {
    /// A rule no single phrase fired.
    pub const fn named(name: &'static str) -> Rule {
        Rule { name, phrase: None, source: None }
    }

    /// A rule fired by a lexicon phrase.
    pub fn by<T>(name: &'static str, found: &lexicon::Found<T>) -> Rule {
        Rule { name, phrase: Some(found.entry.phrase), source: Some(found.entry.source) }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)?;
        if let Some(p) = self.phrase {
            write!(f, " \"{p}\"")?;
        }
        if let Some(s) = self.source {
            write!(f, " ({s})")?;
        }
        Ok(())
    }
}

/// Why a number gives no figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// It counts something no field holds ("mô hình", "lượt", "doanh nghiệp") or nothing at all.
    NoUnit,
    /// A percentage: a share, never a count.
    Percent,
    /// Nothing says whether it is a total, a new count, ...
    NoCue,
    /// An average ("bình quân", "mỗi", "/tỉnh").
    Average,
    /// A change ("tăng 187 HTX so với cùng kỳ").
    NetChange,
    /// A share ("chiếm").
    Share,
    /// A part that is not the whole ("Riêng Quỹ ...") and no province's.
    Subset,
    /// Cooperatives of a sector other than agriculture.
    OtherSector,
    /// Members admitted to the alliance ("kết nạp").
    Admitted,
    /// Cooperatives not yet dissolved or founded ("đang chờ giải thể").
    Pending,
    /// Recipients of an award ("tặng Bằng khen cho 12 HTX").
    Honoured,
    /// A count of provinces: the report's member count, not a figure.
    ProvinceCount,
    /// "78 thành viên HTX": cooperatives that joined, not people.
    MemberCooperatives,
    /// Workers with no sense of employment.
    NotEmployment,
    /// Participants of nothing said to be training.
    NotTraining,
    /// Projects not said to be lent to.
    NotLending,
    /// Money whose measure (income, revenue, capital, ...) is missing or has no field.
    NoMeasure,
    /// Per something no field is per ("/ha", "/sản phẩm").
    PerUnit,
    /// An aspect no field of this unit holds (groups dissolved, ...).
    NoField,
    /// A bare number in a table row, read with its table.
    TableCell,
    /// The report year's own plan, which its results are measured against ("đạt 95,3% kế
    /// hoạch năm 2021 là 300 HTX"): no goal for the next year, no result.
    Plan,
    /// A figure of part of the year: a six-month review, "6 tháng đầu năm", a quarter.
    PartYear,
    /// A figure of another year than the report's ("(năm 2012 là 1.514 HTX)").
    OtherYear,
    /// A figure summed over several years ("lũy kế từ năm 2013", "trong nhiệm kỳ").
    Cumulative,
    /// A figure of somewhere else: the whole country, another country ("cả nước có hơn 31.000 HTX").
    Elsewhere,
    /// Asked, not stated: "Tôi nghe nói cả Cụm có trên 1.000 HTX, có đúng không ạ?"
    Question,
    /// In the headline: the body states the figures.
    Title,
    /// The article is not a cluster report.
    NotAReport,
    /// Page furniture (related links, menus, footers).
    Furniture,
    /// Part of a date.
    Date,
    /// A year.
    Year,
    /// Part of a code or a name ("39-CT/TW", "A1").
    Code,
}

impl Reason {
    /// The word stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NoUnit => "no-unit",
            Reason::Percent => "percent",
            Reason::NoCue => "no-cue",
            Reason::Average => "average",
            Reason::NetChange => "net-change",
            Reason::Share => "share",
            Reason::Subset => "subset",
            Reason::OtherSector => "other-sector",
            Reason::Admitted => "admitted",
            Reason::Honoured => "honoured",
            Reason::Pending => "pending",
            Reason::ProvinceCount => "province-count",
            Reason::MemberCooperatives => "member-cooperatives",
            Reason::NotEmployment => "not-employment",
            Reason::NotTraining => "not-training",
            Reason::NotLending => "not-lending",
            Reason::NoMeasure => "no-measure",
            Reason::PerUnit => "per-unit",
            Reason::NoField => "no-field",
            Reason::TableCell => "table-cell",
            Reason::PartYear => "part-year",
            Reason::Plan => "plan",
            Reason::Cumulative => "cumulative",
            Reason::Elsewhere => "elsewhere",
            Reason::Question => "question",
            Reason::OtherYear => "other-year",
            Reason::Title => "title",
            Reason::NotAReport => "not-a-report",
            Reason::Furniture => "furniture",
            Reason::Date => "date",
            Reason::Year => "year",
            Reason::Code => "code",
        }
    }
}

/// A figure and the rule that named it, or why there is none (with the rule that decided, when
/// one did).
pub type Classified = Result<(Figure, Rule), (Reason, Option<Rule>)>;

/// The reason an aspect gives no figure of a unit.
fn not_a_level(aspect: Option<(Aspect, Rule)>) -> (Reason, Option<Rule>) {
    let reason = match aspect.map(|(a, _)| a) {
        None => Reason::NoCue,
        Some(Aspect::Delta) => Reason::NetChange,
        Some(Aspect::Average) => Reason::Average,
        Some(Aspect::Share) => Reason::Share,
        Some(Aspect::Admitted) => Reason::Admitted,
        Some(Aspect::Honoured) => Reason::Honoured,
        Some(Aspect::Pending) => Reason::Pending,
        Some(Aspect::Served) => Reason::Subset,
        Some(Aspect::OtherSector) => Reason::OtherSector,
        Some(Aspect::Total | Aspect::New | Aspect::Dissolved | Aspect::Agri) => Reason::NoField,
    };
    (reason, aspect.map(|(_, r)| r))
}

/// Decides the aspect of a count from its context, with the rule that did.
pub fn aspect(ctx: &Context) -> Option<(Aspect, Rule)> {
    if let Some((agri, rule)) = sector(ctx.local_before) {
        return Some((if agri { Aspect::Agri } else { Aspect::OtherSector }, rule));
    }
    if let Some((agri, rule)) = subject_sector(ctx.local_before) {
        return Some((if agri { Aspect::Agri } else { Aspect::OtherSector }, rule));
    }
    if let Some((agri, rule)) = sector_after(ctx.after) {
        return Some((if agri { Aspect::Agri } else { Aspect::OtherSector }, rule));
    }
    // "bình quân mỗi tỉnh thành lập mới 25 HTX": an average whatever cue follows it,
    // or after it ("Mỗi huyện có bình quân 3 HTX thành lập mới")
    if let Some(f) = lexicon::AVERAGE_MARKER.first(ctx.local_before) {
        return Some((Aspect::Average, Rule::by("average", &f)));
    }
    if let Some(f) = lexicon::CUE_AFTER.at(ctx.after.trim_start_matches([' ', '(', ')']), 0) {
        return Some((*f.value(), Rule::by("word-after", &f)));
    }
    // a verb later in the clause: "173 HTX yếu kém, chỉ tồn tại hình thức đã giải thể"
    let verbs = lexicon::LATER_VERB.find_all(ctx.clause_rest);
    if let Some(f) = lexicon::CUE.last(ctx.local_before) {
        // "Tổng số HTX thành lập mới ước đạt 340 HTX": "đạt" only links the subject's cue to it
        if *f.value() == Aspect::Total
            && lexicon::LINKING_CUE.is_phrase(&ctx.local_before[f.start..f.end])
            && let Some(subject) = lexicon::CUE.last(&ctx.local_before[..f.start])
            && matches!(subject.value(), Aspect::New | Aspect::Dissolved)
        {
            return Some((*subject.value(), Rule::by("cue", &subject)));
        }
        // "Có 126 HTX ngừng hoạt động đang chờ giải thể": of the total, the ones not yet dissolved
        if *f.value() == Aspect::Total
            && let Some(pending) = verbs.iter().find(|v| *v.value() == Aspect::Pending)
        {
            return Some((Aspect::Pending, Rule::by("later-verb", pending)));
        }
        return Some((*f.value(), Rule::by("cue", &f)));
    }
    let verb = [Aspect::Pending, Aspect::Dissolved, Aspect::New]
        .into_iter()
        .find_map(|a| verbs.iter().find(|f| *f.value() == a));
    if let Some(f) = verb {
        return Some((*f.value(), Rule::by("later-verb", f)));
    }
    if let Some(a) = ctx.inherited {
        return Some((a, Rule::named("list-item")));
    }
    // a labelled figure ("- HTX nông nghiệp: 1.986 HTX", "Liên hiệp HTX: 14") is the level the
    // label names
    if let Some(l) = ctx.label.filter(|l| super::quantity::head_unit(l).is_some()) {
        let agri = lexicon::SECTOR.find_all(l).iter().any(|f| *f.value() == Sector::Agri);
        return Some((if agri { Aspect::Agri } else { Aspect::Total }, Rule::named("label")));
    }
    // "..., trong đó có ít nhất 60 HTX ... và 2 liên hiệp HTX": "có" after "trong đó" opens the
    // parts, it says nothing of the items after them
    lexicon::CUE
        .last(ctx.clause_before)
        .filter(|f| *f.value() == Aspect::Total)
        .filter(|f| lexicon::SUBSET_MARKER.ends(&ctx.clause_before[..f.start]).is_none())
        .map(|f| (Aspect::Total, Rule::by("clause-cue", &f)))
}

/// The figure a quantity states, with the rule that named it, or why it states none.
pub fn classify(q: &Quantity, ctx: &Context, aspect: Option<(Aspect, Rule)>) -> Classified {
    use Aspect::*;
    let level = |figure: Option<Figure>| match (figure, aspect) {
        (Some(f), Some((_, rule))) => Ok((f, rule)),
        _ => Err(not_a_level(aspect)),
    };
    let a = aspect.map(|(a, _)| a);
    let per_unit = !q.per.is_empty();
    // "một số HTX có doanh thu trên 10 tỷ đồng/năm": some cooperatives' figure
    if let Some(some) = lexicon::SOME_OF.last(ctx.local_before)
        && !matches!(q.unit, Unit::Generic | Unit::Other)
        && !lexicon::OVERALL_AVERAGE.any(&ctx.local_before[some.end..])
        // "Kiên Giang là địa phương thành lập mới nhiều HTX nhất với 31 HTX": the most, not some
        && lexicon::MOST.starts(&ctx.local_before[some.end..]).is_none()
    {
        return Err((Reason::Subset, Some(Rule::by("some-of", &some))));
    }
    // "Các HTX nông nghiệp thu hút 28.500 lao động": one sector's workers, members, money
    if let Some((Agri | OtherSector, rule)) = aspect
        && rule.name == "subject-sector"
        && !matches!(q.unit, Unit::Htx | Unit::Generic | Unit::Other | Unit::Percent)
    {
        return Err((Reason::Subset, Some(rule)));
    }
    match q.unit {
        Unit::Money => money(q, ctx),
        // "52 HTX/tỉnh/năm": an average count
        _ if per_unit => Err((Reason::Average, None)),
        // "20 HTX ứng dụng công nghệ cao", "Số HTX kiểu mới: 126": a kind of cooperative
        Unit::Htx if kind_of_cooperative(ctx) => Err((Reason::Subset, None)),
        Unit::Htx | Unit::Tht if matches!(a, Some(Total | New | Dissolved | Agri)) && part_of_cooperatives(ctx) => {
            Err((Reason::Subset, None))
        }
        Unit::Htx => level(match a {
            Some(Total) => Some(Figure::HtxTotal),
            Some(New) => Some(Figure::HtxNew),
            Some(Dissolved) => Some(Figure::HtxDissolved),
            Some(Agri) => Some(Figure::HtxAgri),
            _ => None,
        }),
        Unit::Tht => level(match a {
            Some(Total) => Some(Figure::ThtTotal),
            Some(New) => Some(Figure::ThtNew),
            _ => None,
        }),
        Unit::Union => level(match a {
            Some(Total) => Some(Figure::UnionTotal),
            Some(New) => Some(Figure::UnionNew),
            _ => None,
        }),
        Unit::Qtdnd => level((a == Some(Total)).then_some(Figure::QtdndTotal)),
        Unit::Members | Unit::HtxMembers | Unit::ThtMembers => {
            if a != Some(Total) {
                return Err(not_a_level(aspect));
            }
            if member_cooperatives(ctx.after)
                || alliance_members(ctx.local_before)
                || cluster_members(q, ctx.local_before)
            {
                return Err((Reason::MemberCooperatives, None));
            }
            // "Toàn Cụm có 4.169 HTX, 11.084 THT với tổng số 306.614 thành viên": the members of
            // both together, which no field holds
            if let Some(total) = lexicon::BARE_COUNT_SUBJECT.last(ctx.local_before) {
                let units = lexicon::UNIT.find_all(ctx.clause_before);
                let counted = |unit: Unit| units.iter().any(|u| *u.value() == unit);
                if q.unit == Unit::Members && counted(Unit::Htx) && counted(Unit::Tht) {
                    return Err((Reason::NoField, Some(Rule::by("members-of-both", &total))));
                }
            }
            let of = match q.unit {
                Unit::HtxMembers => Unit::Htx,
                Unit::ThtMembers => Unit::Tht,
                _ => ctx.members_of,
            };
            level(Some(if of == Unit::Tht { Figure::ThtMembers } else { Figure::HtxMembers }))
        }
        Unit::Workers => {
            let employed = lexicon::EMPLOYMENT_WORD
                .first(ctx.clause_before)
                .map(|f| Rule::by("employment", &f))
                .or_else(|| lexicon::REGULAR_AFTER.starts(ctx.after).map(|f| Rule::by("employment", &f)))
                .or_else(|| {
                    let labelled = ctx
                        .label
                        .is_some_and(|l| lexicon::UNIT.find_all(l).iter().any(|f| *f.value() == Unit::Workers));
                    labelled.then_some(Rule::named("label"))
                });
            match employed {
                _ if matches!(a, Some(Delta | Average | Share | Admitted | Honoured | Pending | New | Dissolved)) => {
                    Err(not_a_level(aspect))
                }
                Some(rule) => Ok((Figure::Workers, rule)),
                None => Err((Reason::NotEmployment, None)),
            }
        }
        _ if matches!(q.unit, Unit::Courses | Unit::Participants | Unit::Projects)
            && matches!(a, Some(Delta | Average | Share)) =>
        {
            Err(not_a_level(aspect))
        }
        Unit::Courses => Ok((Figure::Trainings, Rule::named("unit"))),
        Unit::Participants => training(ctx).map(|rule| (Figure::Trainees, rule)).ok_or((Reason::NotTraining, None)),
        // "giải ngân cho 135 dự án", "cho 58 dự án vay"
        Unit::Projects => lending(ctx.clause_before)
            .or_else(|| lending(ctx.after))
            .map(|f| (Figure::Loans, Rule::by("lending", &f)))
            .ok_or((Reason::NotLending, None)),
        Unit::Provinces => Err((Reason::ProvinceCount, None)),
        // "chiếm 75%": a share, whichever way it is written
        Unit::Percent if a == Some(Share) => Err(not_a_level(aspect)),
        Unit::Percent => Err((Reason::Percent, None)),
        Unit::Generic | Unit::Other => Err((Reason::NoUnit, None)),
    }
}

/// Whether an HTX count is of one kind of cooperative: the kind follows it in its clause or
/// stands in its label.
fn kind_of_cooperative(ctx: &Context) -> bool {
    lexicon::COOPERATIVE_KIND.any(ctx.after) || ctx.label.is_some_and(|l| lexicon::COOPERATIVE_KIND.any(l))
}

/// Whether a count some cue makes a level is of part of the cooperatives: what follows it within
/// two words ("1.480 HTX được đánh giá ...", "1.020 HTX có quy mô siêu nhỏ"), before the next
/// figure and separator, or what its subject says of them.
fn part_of_cooperatives(ctx: &Context) -> bool {
    let after = if ctx.after.len() < ctx.clause_rest.len() { ctx.after } else { ctx.clause_rest };
    let near = lexicon::SUBSET_AFTER.first(after).is_some_and(|f| after[..f.start].split_whitespace().count() <= 2);
    near || subject_names_a_part(ctx.local_before)
}

/// "Số HTX thua lỗ là 146 HTX", "HTX tổ chức lại theo Luật HTX năm 2012 đạt 3.610 HTX": the
/// cooperatives the count's subject names, after any of its "HTX", are a part of them.
fn subject_names_a_part(local_before: &str) -> bool {
    let words = lexicon::COOPERATIVE_WORD.find_all(local_before);
    words.iter().enumerate().any(|(i, w)| {
        let end = words.get(i + 1).map_or(local_before.len(), |next| next.start);
        lexicon::SUBSET_AFTER.any(&local_before[w.end..end])
    })
}

/// "Liên minh HTX các tỉnh hiện có 2.864 thành viên": the alliance's members are cooperatives,
/// not people; unless the cluster is the subject or cooperatives are named after the alliance.
fn alliance_members(local_before: &str) -> bool {
    let Some(alliance) = lexicon::ALLIANCE_WORD.last(local_before) else { return false };
    let rest = &local_before[alliance.end..];
    let named_after = lexicon::COOPERATIVE_WORD.find_all(rest).iter().any(|w| w.start > 1);
    !lexicon::CLUSTER_WORD.any(local_before) && !named_after
}

/// "Cụm hoạt động với 3 thành viên": the cluster's member alliances (no more than the provinces),
/// when no cooperative is named before the figure.
fn cluster_members(q: &Quantity, local_before: &str) -> bool {
    q.high <= 63.0 && lexicon::CLUSTER_WORD.any(local_before) && !lexicon::COOPERATIVE_WORD.any(local_before)
}

/// "78 thành viên HTX": cooperatives that joined the alliance, not people.
fn member_cooperatives(after: &str) -> bool {
    lexicon::COOPERATIVE_AFTER.starts(after).is_some()
}

/// The training word before or after participants, as the rule that counts them.
fn training(ctx: &Context) -> Option<Rule> {
    let found = lexicon::TRAINING_WORD.first(ctx.clause_before).or_else(|| lexicon::TRAINING_WORD.first(ctx.after))?;
    Some(Rule::by("training", &found))
}

fn lending(clause: &str) -> Option<lexicon::Found<()>> {
    lexicon::LENDING_WORD.first(clause)
}

/// Money: the per-unit and the nearest measure word decide.
fn money(q: &Quantity, ctx: &Context) -> Classified {
    let per = q.per.first().map(|p| super::quantity::per(p));
    let found = lexicon::MEASURE.last(ctx.local_before).or_else(|| lexicon::MEASURE.last(ctx.clause_before));
    let measure = found.map(|f| *f.value());
    let rule = found.map(|f| Rule::by("measure", &f));
    // "Thu nhập bình quân tăng 3,2 triệu đồng/người/năm so với năm 2022": a change
    if let Some(change) = lexicon::CUE.last(ctx.local_before).filter(|c| *c.value() == Aspect::Delta) {
        return Err((Reason::NetChange, Some(Rule::by("cue", &change))));
    }
    // "Thu nhập bình quân của thành viên Hội đồng quản trị ...", "Mức thu nhập thấp nhất ...":
    // some people's, or an extreme
    if measure == Some(Measure::Income)
        && let Some(some) = lexicon::INCOME_SUBSET.last(ctx.local_before)
    {
        return Err((Reason::Subset, Some(Rule::by("income-subset", &some))));
    }
    let no_measure = || Err((Reason::NoMeasure, rule));
    let named = |figure: Figure| Ok((figure, rule.unwrap_or(Rule::named("measure"))));
    // "doanh thu bình quân mỗi HTX đạt 1,6 tỷ đồng/năm": the unit it is per stands before it
    let per_in = |text: &str, unit: Unit| {
        lexicon::PER_MARKER
            .find_all(text)
            .iter()
            .any(|m| lexicon::UNIT.find_in(text, m.start..text.len()).iter().any(|u| *u.value() == unit))
    };
    // "Doanh thu bình quân của HTX ... 6,8 tỷ đồng/năm, lợi nhuận bình quân ước 540 triệu": an
    // average that names no unit of its own is per the unit its clause named
    let per_before = |unit: Unit| {
        per_in(ctx.local_before, unit)
            || lexicon::OVERALL_AVERAGE.any(ctx.local_before) && per_in(ctx.clause_before, unit)
    };
    // "Doanh thu bình quân của HTX đạt 150 triệu đồng/tháng, của THT đạt 20 triệu đồng/tháng",
    // "Lợi nhuận trung bình 1 HTX ước đạt 196 triệu đồng/năm": an item with no measure of its own
    // continues its clause's average, of the unit it names ("của THT") or the one the average named
    let continued = || {
        // "..., tăng 0,3 tỷ đồng so với năm 2020": a change, not the average again
        let changed = lexicon::CUE.find_all(ctx.local_before).iter().any(|c| *c.value() != Aspect::Total);
        if changed || lexicon::MEASURE.any(ctx.local_before) || !lexicon::AVERAGE_MARKER.any(ctx.clause_before) {
            return None;
        }
        let of = lexicon::OF_WORD.last(ctx.local_before).and_then(|o| lexicon::UNIT.starts(&ctx.local_before[o.end..]));
        let averaged_unit = || {
            let marker = lexicon::PER_MARKER.last(ctx.clause_before)?;
            lexicon::UNIT.first_from(ctx.clause_before, marker.end)
        };
        of.or_else(averaged_unit).map(|u| *u.value())
    };
    // per year, or per month ("150 triệu đồng/tháng", stored as twelve months)
    let averaged = matches!(measure, Some(Measure::Revenue | Measure::Profit))
        && matches!(per, None | Some(Some(Per::Year | Per::Month)));
    if averaged {
        let of = if per_before(Unit::Tht) {
            Some(Unit::Tht)
        } else if per_before(Unit::Htx) {
            Some(Unit::Htx)
        } else {
            continued()
        };
        let of = match of {
            Some(Unit::Tht) => Some((Figure::ThtRevenueAvg, Figure::ThtProfitAvg)),
            Some(Unit::Htx) => Some((Figure::HtxRevenueAvg, Figure::HtxProfitAvg)),
            _ => None,
        };
        if let Some((revenue, profit)) = of {
            return named(if measure == Some(Measure::Revenue) { revenue } else { profit });
        }
    }
    match (per, measure) {
        // "/người/năm", and "4,5 triệu đồng/tháng" said of workers' income
        (Some(Some(Per::Person | Per::Month | Per::Year)), Some(Measure::Income)) => named(Figure::IncomeAvg),
        (Some(Some(Per::Htx)), Some(Measure::Revenue)) => named(Figure::HtxRevenueAvg),
        (Some(Some(Per::Htx)), Some(Measure::Profit)) => named(Figure::HtxProfitAvg),
        (Some(Some(Per::Tht)), Some(Measure::Revenue)) => named(Figure::ThtRevenueAvg),
        (Some(Some(Per::Tht)), Some(Measure::Profit)) => named(Figure::ThtProfitAvg),
        // an amount per worker, per HTX, ... is an average, here of a measure no field holds
        (Some(Some(_)), _) => Err((Reason::Average, rule)),
        (Some(None), _) => Err((Reason::PerUnit, rule)),
        // "Thu nhập bình quân một năm của người lao động trong HTX là 52 triệu đồng": the
        // workers' yearly average, though no "/người" says so
        (None, Some(Measure::Income)) if yearly_of_workers(ctx.local_before) => named(Figure::IncomeAvg),
        (None, _) if lexicon::AVERAGE_MARKER.any(ctx.local_before) => Err((Reason::Average, rule)),
        (None, Some(Measure::Capital)) => named(Figure::CharterCapital),
        (None, Some(Measure::Lending)) if lending(ctx.clause_before).is_some() => named(Figure::LoansAmount),
        (None, _) => no_measure(),
    }
}

/// Whether an amount is said to be yearly ("một năm", "hằng năm") and of workers, with no other
/// group named.
fn yearly_of_workers(local_before: &str) -> bool {
    let units = lexicon::UNIT.find_all(local_before);
    lexicon::YEARLY_MARKER.any(local_before)
        && units.iter().any(|u| *u.value() == Unit::Workers)
        && !units.iter().any(|u| matches!(u.value(), Unit::Members | Unit::HtxMembers | Unit::ThtMembers))
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
    /// số tiền, giải ngân, cho vay
    Lending,
    /// dư nợ: a balance still owed at a date, not what was lent in the year
    Balance,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::quantity::scan;

    /// The figure (or reason) for the first quantity of `lc`, read as a clause with no list
    /// before it.
    fn read(lc: &str) -> Result<Figure, Reason> {
        let q = &scan(lc)[0];
        let ctx = Context {
            clause_before: &lc[..q.start],
            local_before: &lc[..q.start],
            after: &lc[q.end..],
            clause_rest: &lc[q.end..],
            inherited: None,
            members_of: Unit::Htx,
            label: None,
        };
        classify(q, &ctx, aspect(&ctx)).map(|(f, _)| f).map_err(|(r, _)| r)
    }

    #[test]
    fn unit_and_aspect_name_the_figure() {
        assert_eq!(read("toàn cụm có 4.169 htx"), Ok(Figure::HtxTotal));
        assert_eq!(read("thành lập mới 364 htx"), Ok(Figure::HtxNew));
        assert_eq!(read("có 199 htx thành lập mới"), Ok(Figure::HtxNew));
        assert_eq!(read("lĩnh vực nông nghiệp có 2.173 htx"), Ok(Figure::HtxAgri));
        assert_eq!(read("thu hút 91.411 thành viên"), Ok(Figure::HtxMembers));
        assert_eq!(read("việc làm cho 78.282 lao động"), Ok(Figure::Workers));
        assert_eq!(read("thu nhập đạt 51,3 triệu đồng/người/năm"), Ok(Figure::IncomeAvg));
        assert_eq!(read("doanh thu đạt 1.637 triệu đồng/htx/năm"), Ok(Figure::HtxRevenueAvg));
        assert_eq!(read("tổng vốn điều lệ là 1.269,5 tỷ đồng"), Ok(Figure::CharterCapital));
    }

    #[test]
    fn look_alikes_give_their_reason() {
        assert_eq!(read("tổng số htx tăng 187 htx"), Err(Reason::NetChange));
        assert_eq!(read("bình quân 52 htx/tỉnh"), Err(Reason::Average));
        assert_eq!(read("lĩnh vực công nghiệp chiếm 1.094 htx"), Err(Reason::OtherSector));
        assert_eq!(read("chiếm 75% tổng số htx"), Err(Reason::Share));
        assert_eq!(read("xây dựng 255 mô hình htx"), Err(Reason::NoUnit));
        assert_eq!(read("kết nạp 78 thành viên"), Err(Reason::Admitted));
        assert_eq!(read("có 300 lao động"), Err(Reason::NotEmployment));
        assert_eq!(read("vốn điều lệ bình quân 1,9 tỷ đồng/htx"), Err(Reason::Average));
        assert_eq!(read("liên minh htx 7 tỉnh"), Err(Reason::ProvinceCount));
    }

    #[test]
    fn rules_name_their_lexicon_row() {
        let lc = "toàn cụm có 4.169 htx";
        let q = &scan(lc)[0];
        let ctx = Context {
            clause_before: &lc[..q.start],
            local_before: &lc[..q.start],
            after: "",
            clause_rest: "",
            inherited: None,
            members_of: Unit::Htx,
            label: None,
        };
        let (_, rule) = aspect(&ctx).unwrap();
        assert_eq!((rule.name, rule.phrase), ("cue", Some("có")));
        assert!(rule.source.unwrap().starts_with("figures.tsv:"));
    }
}
