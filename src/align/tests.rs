use super::*;
use crate::claims::when::TimeSource;
use crate::claims::{Qualifier, Scope};
use crate::corpus::ArticleId;

/// A claim as extraction would give it, with the fields alignment reads.
struct Spec {
    id: &'static str,
    article: &'static str,
    outlet: &'static str,
    value: f64,
    half_width: f64,
    counted: &'static str,
    subject: &'static str,
    entities: &'static [&'static str],
    place: Option<&'static str>,
    scope: Scope,
    time: &'static str,
    unit: Option<&'static str>,
    to_base: f64,
    actor: Option<&'static str>,
    event: Option<&'static str>,
}

fn spec(id: &'static str, value: f64, subject: &'static str, time: &'static str) -> Spec {
    Spec {
        id,
        article: id,
        outlet: "Outlet",
        value,
        half_width: 0.0,
        counted: "troops",
        subject,
        entities: &[],
        place: None,
        scope: Scope::Unspecified,
        time,
        unit: None,
        to_base: 1.0,
        actor: None,
        event: None,
    }
}

fn claim(s: Spec) -> Claim {
    let measure = if s.unit.is_some() {
        Measure::Length
    } else {
        Measure::Headcount
    };
    Claim {
        id: s.id.into(),
        article: ArticleId(s.article.into()),
        outlet: Some(s.outlet.into()),
        date: PartialDate::parse(s.time),
        title: None,
        text: format!("{} {}", s.value, s.counted).into(),
        quote: format!("Quote of {}.", s.id).into(),
        span: [0, 1],
        in_title: false,
        value: s.value,
        low: Some(s.value - s.half_width),
        high: Some(s.value + s.half_width),
        qualifier: Qualifier::Exact,
        unit: s.unit.map(Arc::from),
        measure,
        counted: if s.unit.is_some() {
            None
        } else {
            Some(s.counted.into())
        },
        subject: s.subject.into(),
        entities: s.entities.iter().map(|e| (*e).to_owned()).collect(),
        place: s.place.map(Box::from),
        scope: s.scope,
        time: PartialDate::parse(s.time),
        time_source: TimeSource::Article,
        attribution: None,
        actor: s.actor.map(Box::from),
        event: s.event.map(Arc::from),
        precision: 1.0,
        base_value: s.value * s.to_base,
        base_low: Some((s.value - s.half_width) * s.to_base),
        base_high: Some((s.value + s.half_width) * s.to_base),
        base_unit: s.unit.map(|_| "m".into()),
    }
}

fn options() -> AlignOptions {
    AlignOptions {
        window_days: 365,
        conversion_tolerance: 0.02,
    }
}

fn group(claims: &[Claim]) -> Vec<ClaimGroup> {
    group_claims(claims, AlignModel::builtin(), &options(), None)
}

fn claim_ids(group: &ClaimGroup) -> Vec<&str> {
    group.claims.iter().map(|id| &**id).collect()
}

fn group_of<'a>(groups: &'a [ClaimGroup], id: &str) -> &'a ClaimGroup {
    groups
        .iter()
        .find(|g| g.claims.iter().any(|c| &**c == id))
        .unwrap()
}

#[test]
fn overlapping_intervals_agree_and_disjoint_ones_conflict_within_the_window() {
    let groups = group(&[
        claim(Spec {
            half_width: 950.0,
            ..spec("a", 19000.0, "Rapid Reaction Force", "2018-02")
        }),
        claim(Spec {
            half_width: 500.0,
            ..spec("b", 17000.0, "collective rapid-reaction force", "2018-07")
        }),
    ]);
    assert_eq!(groups.len(), 1, "fuzzy subjects meet: {groups:#?}");
    assert_eq!(groups[0].verdict, Verdict::Conflict);
    let groups = group(&[
        claim(Spec {
            half_width: 950.0,
            ..spec("a", 19000.0, "Rapid Reaction Force", "2018-02")
        }),
        claim(Spec {
            half_width: 500.0,
            ..spec("b", 18500.0, "Rapid Reaction Force", "2018-07")
        }),
    ]);
    assert_eq!(groups[0].verdict, Verdict::Agree);
}

#[test]
fn disjoint_figures_years_apart_changed() {
    let groups = group(&[
        claim(spec(
            "a",
            4200.0,
            "Collective Peacekeeping Forces",
            "2011-05",
        )),
        claim(Spec {
            counted: "people",
            ..spec("b", 3600.0, "Collective Peacekeeping Forces", "2023")
        }),
    ]);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].verdict, Verdict::Changed);
    assert!(
        groups[0].explanation.contains("years apart"),
        "{}",
        groups[0].explanation
    );
    assert!(
        groups[0].explanation.contains("likely a change over time"),
        "{}",
        groups[0].explanation
    );
    let narrower = AlignOptions {
        window_days: 365 * 20,
        ..options()
    };
    let groups = group_claims(
        &[
            claim(spec(
                "a",
                4200.0,
                "Collective Peacekeeping Forces",
                "2011-05",
            )),
            claim(spec("b", 3600.0, "Collective Peacekeeping Forces", "2023")),
        ],
        AlignModel::builtin(),
        &narrower,
        None,
    );
    assert_eq!(
        groups[0].verdict,
        Verdict::Conflict,
        "a wider window makes the same pair a conflict"
    );
}

#[test]
fn converted_units_agree_within_the_conversion_tolerance() {
    let km = claim(Spec {
        unit: Some("km"),
        to_base: 1000.0,
        half_width: 50.0,
        ..spec("km", 7500.0, "border", "2022-01")
    });
    let mi = claim(Spec {
        unit: Some("mi"),
        to_base: 1609.344,
        half_width: 5.0,
        ..spec("mi", 4750.0, "border between Russia", "2022-01")
    });
    let groups = group(&[km.clone(), mi.clone()]);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].verdict, Verdict::Agree);
    let strict = AlignOptions {
        conversion_tolerance: 0.0,
        ..options()
    };
    assert_eq!(
        group_claims(&[km, mi], AlignModel::builtin(), &strict, None)[0].verdict,
        Verdict::Conflict
    );
}

#[test]
fn different_counted_classes_entities_places_and_scopes_never_meet() {
    let groups = group(&[
        claim(Spec {
            counted: "troops",
            ..spec("t", 12000.0, "Islamic State", "2018")
        }),
        claim(Spec {
            counted: "militants",
            ..spec("m", 7000.0, "Islamic State", "2018")
        }),
    ]);
    assert_eq!(groups.len(), 2, "troops never meet militants");
    let groups = group(&[
        claim(Spec {
            entities: &["United States"],
            place: Some("Afghanistan"),
            ..spec("us", 8400.0, "United States troops in Afghanistan", "2018")
        }),
        claim(Spec {
            entities: &["North Atlantic Treaty Organization"],
            place: Some("Afghanistan"),
            ..spec(
                "nato",
                6400.0,
                "North Atlantic Treaty Organization troops in Afghanistan",
                "2018",
            )
        }),
    ]);
    assert_eq!(
        groups.len(),
        2,
        "different entities are different quantities"
    );
    let groups = group(&[
        claim(Spec {
            counted: "fighters",
            place: Some("Afghanistan"),
            ..spec(
                "a",
                12000.0,
                "Islamic State fighters in Afghanistan",
                "2018",
            )
        }),
        claim(Spec {
            counted: "fighters",
            place: Some("Jowzjan province"),
            ..spec(
                "b",
                1500.0,
                "Islamic State fighters in Jowzjan province",
                "2018",
            )
        }),
    ]);
    assert_eq!(groups.len(), 2, "a province is not the country");
    let groups = group(&[
        claim(Spec {
            scope: Scope::Deployment,
            ..spec("d", 2500.0, "peacekeeping force", "2022")
        }),
        claim(Spec {
            scope: Scope::Total,
            ..spec("t", 4200.0, "peacekeeping force", "2011")
        }),
    ]);
    assert_eq!(groups.len(), 2, "a deployment is not the force");
    assert_eq!(
        group_of(&groups, "d").related,
        vec![group_of(&groups, "t").id.to_string()]
    );
}

#[test]
fn bare_figure_repeated_in_one_article_joins_the_named_one() {
    let groups = group(&[
        claim(Spec {
            article: "x",
            ..spec("named", 2500.0, "contingent in Kazakhstan", "2022")
        }),
        claim(Spec {
            article: "x",
            ..spec("bare", 2500.0, "troops", "2022")
        }),
        claim(Spec {
            article: "y",
            ..spec("elsewhere", 2500.0, "troops", "2022")
        }),
    ]);
    assert_eq!(group_of(&groups, "named").claims.len(), 2);
    assert_eq!(group_of(&groups, "elsewhere").verdict, Verdict::Single);
}

#[test]
fn copies_are_one_source_and_groups_sort_conflicts_first() {
    let mut a = claim(Spec {
        outlet: "Wire",
        ..spec("a", 100.0, "Harbour workers", "2020")
    });
    let mut b = claim(Spec {
        outlet: "Reprinter",
        ..spec("b", 100.0, "Harbour workers", "2020")
    });
    a.quote = "Same words.".into();
    b.quote = "Same words.".into();
    let c = claim(spec("c", 900.0, "Harbour workers", "2020"));
    let lone = claim(spec("z", 5.0, "Lonely figure", "2020"));
    let groups = group(&[lone, a, b, c]);
    assert_eq!(groups[0].verdict, Verdict::Conflict);
    assert_eq!(groups.last().unwrap().verdict, Verdict::Single);
    let hundred = groups[0].values.iter().find(|v| v.value == 100.0).unwrap();
    assert_eq!(hundred.outlets.len(), 2);
    assert_eq!(
        hundred.independent_sources, 1,
        "a wire copy is not corroboration"
    );
}

#[test]
fn one_article_never_contradicts_itself_at_one_time() {
    let groups = group(&[
        claim(Spec {
            article: "x",
            ..spec("syria", 2000.0, "American troops", "2018-12")
        }),
        claim(Spec {
            article: "x",
            ..spec("region", 25000.0, "American troops", "2018-12")
        }),
    ]);
    assert_eq!(
        groups.len(),
        2,
        "two figures of one article for one time are two quantities"
    );
    let groups = group(&[
        claim(Spec {
            article: "x",
            ..spec("then", 66.0, "government control", "2016-05")
        }),
        claim(Spec {
            article: "x",
            ..spec("now", 56.0, "government control", "2018-05")
        }),
    ]);
    assert_eq!(
        groups.len(),
        1,
        "a figure and its later value are one quantity"
    );
    assert_eq!(groups[0].verdict, Verdict::Changed);
}

#[test]
fn different_agents_are_different_quantities() {
    let mut uk = claim(spec("uk", 23.0, "Russian diplomats", "2018-03-26"));
    let mut de = claim(spec("de", 4.0, "Russian diplomats", "2018-03-26"));
    uk.actor = Some("United Kingdom".into());
    de.actor = Some("Germany".into());
    assert_eq!(group(&[uk, de]).len(), 2);
}

struct FixedStory(f32);

impl StorySimilarity for FixedStory {
    fn handle(&self, _: &ArticleId) -> Option<usize> {
        Some(0)
    }

    fn similarity(&self, _: usize, _: usize) -> f32 {
        self.0
    }
}

#[test]
fn unrelated_stories_keep_their_figures_apart() {
    let claims = [
        claim(spec("a", 5.0, "crew members", "2018-02")),
        claim(spec("b", 9.0, "crew members", "2018-02")),
    ];
    let apart = group_claims(
        &claims,
        AlignModel::builtin(),
        &options(),
        Some(&FixedStory(0.0)),
    );
    assert_eq!(apart.len(), 2);
    let together = group_claims(
        &claims,
        AlignModel::builtin(),
        &options(),
        Some(&FixedStory(0.9)),
    );
    assert_eq!(together.len(), 1);
    assert_eq!(together[0].verdict, Verdict::Conflict);
}

#[test]
fn a_claim_without_an_agent_never_bridges_two_agents() {
    // The bare "13" meets either named figure alone, but the three never share a group.
    let claims = [
        claim(Spec {
            actor: Some("Canada"),
            ..spec("ca", 4.0, "Russian diplomats", "2018-03-26")
        }),
        claim(spec("bare", 13.0, "Russian diplomats", "2018-03-26")),
        claim(Spec {
            actor: Some("Ukraine"),
            ..spec("ua", 13.0, "Russian diplomats", "2018-03-26")
        }),
    ];
    let groups = group(&claims);
    assert_ne!(
        group_of(&groups, "ca").id,
        group_of(&groups, "ua").id,
        "{groups:#?}"
    );
    assert_eq!(group_of(&groups, "bare").claims.len(), 2, "{groups:#?}");
}

#[test]
fn different_events_are_different_quantities() {
    let carried = claim(Spec {
        event: Some("carriage"),
        ..spec("carried", 8.0, "crew members", "2018-02-04")
    });
    let killed = claim(Spec {
        event: Some("death"),
        ..spec("killed", 2.0, "crew members", "2018-02-04")
    });
    let unknown = claim(spec("unknown", 2.0, "crew members", "2018-02-04"));
    assert_eq!(group(&[carried.clone(), killed.clone()]).len(), 2);
    assert_eq!(group(&[killed, unknown]).len(), 1);
}

/// A claim of `subject` with the given scope.
fn scoped(id: &'static str, value: f64, subject: &'static str, scope: Scope) -> Claim {
    claim(Spec {
        scope,
        ..spec(id, value, subject, "2018-03-26")
    })
}

#[test]
fn sums_relative_sets_and_parts_meet_only_their_own_kind() {
    let with_scope = |id, value, scope| scoped(id, value, "Russian diplomats", scope);
    let world = with_scope("world", 100.0, Scope::Aggregate);
    let total = with_scope("total", 100.0, Scope::Aggregate);
    let one = with_scope("one", 23.0, Scope::Unspecified);
    let other = with_scope("other", 23.0, Scope::Relative);
    let another = with_scope("another", 23.0, Scope::Relative);
    let groups = group(&[world, total, one, other, another]);
    assert_eq!(claim_ids(group_of(&groups, "world")), ["world", "total"]);
    assert_eq!(claim_ids(group_of(&groups, "one")), ["one"]);
    assert_eq!(claim_ids(group_of(&groups, "other")), ["other"]);
    assert_eq!(claim_ids(group_of(&groups, "another")), ["another"]);
}

/// "Grew by 3,000 troops" is no count of the force: it meets other changes only.
#[test]
fn changes_meet_only_changes() {
    let with_scope = |id, value, scope| scoped(id, value, "American troops", scope);
    let grew = with_scope("grew", 3000.0, Scope::Change);
    let also_grew = with_scope("also_grew", 3100.0, Scope::Change);
    let level = with_scope("level", 3000.0, Scope::Unspecified);
    let total = with_scope("total", 3000.0, Scope::Total);
    let groups = group(&[grew, also_grew, level, total]);
    assert_eq!(claim_ids(group_of(&groups, "grew")), ["grew", "also_grew"]);
    assert_eq!(claim_ids(group_of(&groups, "level")), ["level", "total"]);
}

#[test]
fn figures_far_apart_in_size_are_a_whole_and_a_part() {
    let groups = group(&[
        claim(spec(
            "army",
            1_300_000.0,
            "active-duty troops",
            "2018-10-25",
        )),
        claim(spec("border", 800.0, "active-duty troops", "2018-10-25")),
    ]);
    assert_eq!(groups.len(), 2, "{groups:#?}");
    // Steps within the ratio (100 → 1,000 → 2,500) never chain a 25-fold gap together.
    let groups = group(&[
        claim(spec("small", 100.0, "American troops", "2018-10-25")),
        claim(spec("middle", 1000.0, "American troops", "2018-10-25")),
        claim(spec("large", 2500.0, "American troops", "2018-10-25")),
    ]);
    assert_ne!(
        group_of(&groups, "small").id,
        group_of(&groups, "large").id,
        "{groups:#?}"
    );
    // Within the ratio, a gap stays a contradiction.
    let groups = group(&[
        claim(spec("police", 10_000.0, "protesters", "2018-10-25")),
        claim(spec("organisers", 150_000.0, "protesters", "2018-10-25")),
    ]);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].verdict, Verdict::Conflict);
}

#[test]
fn one_article_reports_a_change_between_two_close_times() {
    let groups = group(&[
        claim(Spec {
            article: "x",
            ..spec("last-year", 5.0, "steel imports", "2017")
        }),
        claim(Spec {
            article: "x",
            ..spec("now", 13.0, "steel imports", "2018-04-30")
        }),
    ]);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].verdict, Verdict::Changed);
}

#[test]
fn a_conflict_is_explained_by_its_own_pair_not_the_group_extremes() {
    let groups = group(&[
        claim(spec("old", 20.0, "crew members", "2013-07-01")),
        claim(spec("first", 8.0, "crew members", "2018-02-04")),
        claim(spec("second", 9.0, "crew members", "2018-02-05")),
    ]);
    assert_eq!(groups.len(), 1, "{groups:#?}");
    let g = &groups[0];
    assert_eq!(g.verdict, Verdict::Conflict);
    assert!(
        g.explanation.contains("gives 8 troops")
            && g.explanation.contains("gives 9 troops")
            && !g.explanation.contains("gives 20"),
        "{}",
        g.explanation
    );
    assert!(
        g.explanation.contains("11.1 % apart, one day apart"),
        "{}",
        g.explanation
    );
}

/// Articles that all tell one story, each naming the agents listed for it.
struct NamingStory {
    similarity: f32,
    articles: Vec<(&'static str, &'static [&'static str])>,
}

impl StorySimilarity for NamingStory {
    fn handle(&self, article: &ArticleId) -> Option<usize> {
        self.articles
            .iter()
            .position(|(id, _)| *id == article.as_str())
    }

    fn similarity(&self, _: usize, _: usize) -> f32 {
        self.similarity
    }

    fn names(&self, article: usize, agent: &str) -> bool {
        self.articles[article].1.contains(&agent)
    }
}

fn group_with(claims: &[Claim], story: &dyn StorySimilarity) -> Vec<ClaimGroup> {
    group_claims(claims, AlignModel::builtin(), &options(), Some(story))
}

#[test]
fn a_figure_without_an_agent_meets_an_agents_figure_only_where_its_article_names_the_agent() {
    let expelled = |id, value, actor| {
        claim(Spec {
            actor,
            event: Some("expulsion"),
            counted: "Russians",
            ..spec(id, value, "Russians", "2018-03-26")
        })
    };
    let claims = [
        expelled("ukraine", 13.0, Some("Ukraine")),
        expelled("bare", 60.0, None),
    ];
    let silent = NamingStory {
        similarity: 0.9,
        articles: vec![("ukraine", &["Ukraine"]), ("bare", &["United States"])],
    };
    assert_eq!(group_with(&claims, &silent).len(), 2);
    let naming = NamingStory {
        similarity: 0.9,
        articles: vec![("ukraine", &["Ukraine"]), ("bare", &["Ukraine"])],
    };
    let groups = group_with(&claims, &naming);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].verdict, Verdict::Conflict);

    // Nor through another figure without an agent: "named" meets "bare", but "far",
    // whose article never names Ukraine, stays out of their group.
    let claims = [
        expelled("ukraine", 13.0, Some("Ukraine")),
        expelled("named", 13.0, None),
        expelled("far", 13.0, None),
    ];
    let story = NamingStory {
        similarity: 0.9,
        articles: vec![
            ("ukraine", &["Ukraine"]),
            ("named", &["Ukraine"]),
            ("far", &[]),
        ],
    };
    let groups = group_with(&claims, &story);
    let with_ukraine = group_of(&groups, "ukraine");
    assert!(with_ukraine.claims.iter().any(|c| &**c == "named"));
    assert!(!with_ukraine.claims.iter().any(|c| &**c == "far"));
}

#[test]
fn common_nouns_need_closer_stories_than_the_models_classes() {
    let counted = |id, value, counted, entities: &'static [&'static str]| {
        claim(Spec {
            counted,
            entities,
            ..spec(id, value, "summit leaders", "2018-03-26")
        })
    };
    let story = |similarity| NamingStory {
        similarity,
        articles: vec![("a", &[]), ("b", &[])],
    };
    let model = AlignModel::builtin();
    let between = (model.min_story_similarity + model.min_story_similarity_unnamed) / 2.0;
    assert!(model.min_story_similarity < between);
    // "leaders" is in no class: a story between the two bars is not enough…
    let leaders = [
        counted("a", 28.0, "leaders", &[]),
        counted("b", 3.0, "leaders", &[]),
    ];
    assert_eq!(group_with(&leaders, &story(between)).len(), 2);
    assert_eq!(
        group_with(&leaders, &story(model.min_story_similarity_unnamed)).len(),
        1
    );
    // … unless the two subjects share a named entity…
    let named = [
        counted("a", 28.0, "leaders", &["European Union"]),
        counted("b", 3.0, "leaders", &["European Union"]),
    ];
    assert_eq!(group_with(&named, &story(between)).len(), 1);
    // … while the model's classes ("troops") keep the lower bar.
    let troops = [
        counted("a", 28.0, "troops", &[]),
        counted("b", 3.0, "troops", &[]),
    ];
    assert_eq!(group_with(&troops, &story(between)).len(), 1);
}

mod permutation {
    use super::super::permute_in_place;
    use proptest::prelude::*;

    #[test]
    #[should_panic(expected = "not a permutation")]
    fn two_items_bound_for_one_place_stop_the_move() {
        permute_in_place(&mut ["a", "b"], &mut [1, 1]);
    }

    proptest! {
        /// Moving groups to their places in place gives what gathering them in output
        /// order into a second vector gave.
        #[test]
        fn permuting_in_place_equals_gathering(
            order in proptest::collection::vec(0u32..1000, 0..200).prop_map(|keys| {
                let mut order: Vec<usize> = (0..keys.len()).collect();
                order.sort_by_key(|&i| (keys[i], i));
                order
            })
        ) {
            let items: Vec<String> = (0..order.len()).map(|i| format!("item{i}")).collect();
            let gathered: Vec<String> = order.iter().map(|&k| items[k].clone()).collect();
            let mut place_of = vec![0u32; order.len()];
            for (n, &k) in order.iter().enumerate() {
                place_of[k] = n as u32;
            }
            let mut permuted = items;
            permute_in_place(&mut permuted, &mut place_of);
            prop_assert_eq!(permuted, gathered);
            prop_assert!(place_of.iter().enumerate().all(|(i, &p)| p as usize == i));
        }
    }
}

/// A rate claim ("$15 an hour") in the base unit `base`.
fn rate(id: &'static str, value: f64, base: &str) -> Claim {
    let mut c = claim(Spec {
        unit: Some("x/h"),
        ..spec(id, value, "minimum wage in Kazakhstan", "2021-05")
    });
    c.measure = Measure::Rate;
    c.base_unit = Some(base.into());
    c
}

#[test]
fn rates_meet_only_rates_of_their_own_base_unit() {
    let groups = group(&[
        rate("usd", 15.0, "USD/d"),
        rate("usd-too", 16.0, "USD/d"),
        rate("metres", 15.0, "m/d"),
    ]);
    assert_eq!(
        claim_ids(group_of(&groups, "usd")),
        ["usd", "usd-too"],
        "same subject, same base unit"
    );
    assert_eq!(
        claim_ids(group_of(&groups, "metres")),
        ["metres"],
        "another base unit never meets them"
    );
}

#[test]
fn rates_are_never_a_deployment_of_a_total() {
    let mut deployment = rate("d", 15.0, "USD/d");
    deployment.scope = Scope::Deployment;
    let mut total = rate("t", 42.0, "USD/d");
    total.scope = Scope::Total;
    let groups = group(&[deployment, total]);
    assert_eq!(groups.len(), 2, "a deployment is not the whole");
    assert!(
        groups.iter().all(|g| g.related.is_empty()),
        "rates size no force"
    );
}
