//! The Learn section as a whole, as its pages render: every term a lesson marks has a glossary
//! entry and the glossary names no term no page uses; the overview counts lessons and labs from the
//! one list of lessons. (Compiled into `tests/it`.)

use crate::common::*;
use axum::http::StatusCode;
use std::collections::BTreeSet;
use tokenshop::learn::{glossary::GLOSSARY, lessons::LESSONS};

/// The glossary ids a page links its terms to (`<a class="term" href="/learn/glossary#id">`).
fn marked_terms(html: &str) -> BTreeSet<String> {
    html.split("/learn/glossary#")
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
        })
        .filter(|id| !id.is_empty())
        .collect()
}

/// Every page of the path: the overview, each lesson, and the pages the lessons link as theirs.
fn pages() -> Vec<String> {
    [
        "/learn".to_string(),
        "/learn/where-to-keep-it?csp=off".to_string(),
    ]
    .into_iter()
    .chain(LESSONS.iter().map(|l| format!("/learn/{}", l.slug)))
    .collect()
}

#[tokio::test]
async fn every_marked_term_has_a_glossary_entry_and_every_entry_is_marked_somewhere() {
    let app = spawn_app().await;
    let mut marked = BTreeSet::new();
    for page in pages() {
        let res = app.get(&page, None).await;
        assert_eq!(res.status, StatusCode::OK, "{page}");
        marked.extend(marked_terms(&res.body));
    }
    let entries: BTreeSet<String> = GLOSSARY.iter().map(|t| t.id.to_string()).collect();
    let glossary = app.get("/learn/glossary", None).await;
    for id in &entries {
        assert!(
            glossary.body.contains(&format!("id=\"{id}\"")),
            "the glossary page shows {id}"
        );
    }
    let missing: Vec<_> = marked.difference(&entries).collect();
    assert!(
        missing.is_empty(),
        "marked as terms but not in the glossary: {missing:?}"
    );
    let unused: Vec<_> = entries.difference(&marked).collect();
    assert!(
        unused.is_empty(),
        "in the glossary but marked nowhere: {unused:?}"
    );
    // The learner's list of terms nobody explained (lesson texts name them as terms).
    for id in [
        "cors",
        "bff",
        "partitioned",
        "cart-token",
        "site-origin",
        "argon2id",
    ] {
        assert!(marked.contains(id), "{id}");
    }
}

#[tokio::test]
async fn the_overview_counts_lessons_and_labs_from_one_list() {
    let app = spawn_app().await;
    let page = app.get("/learn", None).await.body;
    let labs = LESSONS.iter().filter(|l| l.has_lab).count();
    assert!(labs < LESSONS.len(), "some lessons are for reading");
    let heading = format!("The path: {} lessons, {labs} of them labs", LESSONS.len());
    assert!(page.contains(&heading), "{heading}");
    let sentence = format!("{labs} of the {} lessons below are labs", LESSONS.len());
    assert!(page.contains(&sentence), "{sentence}");
    assert!(!page.contains("Each lesson below is a lab"));
    assert_eq!(
        page.matches(", lab<").count(),
        labs,
        "each lab marked as one"
    );
    assert_eq!(page.matches(", reading<").count(), LESSONS.len() - labs);
}
