//! The path: the overview (`/learn`) and the frame around every lesson (`/learn/{slug}`, with its
//! goal, and previous and next links in `LESSONS` order). Which labs are solved is kept in the
//! browser (`lab.js`; the overview's `path.js`, each lesson's own module), so the pages themselves
//! are the same for everyone.

use super::glossary::{Glossary, Term};
use super::kit::ModuleScript;
use super::lessons::{find_lesson, path_minutes, Lesson, LESSONS};
use crate::components::error_view::ErrorView;
use crate::domain::{AppError, Missing};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// How many lessons have a lab: the overview counts lessons and labs from the same list.
fn lab_count() -> usize {
    LESSONS.iter().filter(|l| l.has_lab).count()
}

/// The overview's promise, counted from `LESSONS` so it stays true when a lesson is added.
fn lab_sentence() -> String {
    let readings: Vec<_> = LESSONS
        .iter()
        .filter(|l| !l.has_lab)
        .map(|l| format!("“{}”", l.title))
        .collect();
    format!(
        "{} of the {} lessons below are labs: you act, the shop answers with real requests, and the lab says whether you reached the goal — or why nobody can. The other {} ({}) are for reading and deciding.",
        lab_count(),
        LESSONS.len(),
        readings.len(),
        readings.join(" and "),
    )
}

#[component]
pub fn LearnPage() -> impl IntoView {
    view! {
        <Title text="Learn: session cookies vs JWTs"/>
        <h1>"Session cookies vs JWTs, on a real shop"</h1>
        <p class="lede">
            "This shop signs you in two ways at once. Its pages use a "<Term id="session-cookie">"session cookie"</Term>
            "; its JSON API uses "<Term id="jwt">"JWTs"</Term>". "{lab_sentence()}
        </p>
        <section class="panel path" data-testid="path" data-lab="path">
            <h2 data-testid="path-heading">{format!("The path: {} lessons, {} of them labs, about {} min", LESSONS.len(), lab_count(), path_minutes())}</h2>
            <p data-testid="progress" data-lab-part="progress" aria-live="polite">"Solved marks are kept in this browser."</p>
            <ol class="lessons">
                {LESSONS.iter().enumerate().map(|(i, l)| view! {
                    <li data-testid="path-lesson" data-lab-part="lesson" data-lesson=l.slug data-has-lab=l.has_lab.to_string()>
                        <a href=format!("/learn/{}", l.slug)>{format!("{}. {}", i + 1, l.title)}</a>
                        " "<span class="hint">{format!("{} min{}", l.minutes, if l.has_lab { ", lab" } else { ", reading" })}</span>
                        " "<span class="lesson-status" data-testid="lesson-status" data-lab-part="lesson-status"></span>
                        <br/><span class="hint">{l.goal}</span>
                    </li>
                }).collect_view()}
            </ol>
            <p><a class="button primary" href=format!("/learn/{}", LESSONS[0].slug)>"Start with lesson 1"</a></p>
        </section>
        <p>
            "Every term is explained in the "<a href="/learn/glossary">"glossary"</a>". To try the API by hand, use the "
            <a href="/playground">"API playground"</a>"; the "<a href="/learn/which-one">"decision guide"</a>
            " says which carrier to use for which kind of client, and the "<a href="/learn/summary">"summary"</a>" compares the two, measured."
        </p>
        <ModuleScript src="learn/path.js"/>
    }
}

/// `/learn/{slug}`: one lesson in its frame, the glossary, or not found.
#[component]
pub fn LessonPage() -> impl IntoView {
    let slug = use_params_map()
        .read_untracked()
        .get("lesson")
        .unwrap_or_default();
    if slug == "glossary" {
        return view! { <Glossary/> }.into_any();
    }
    match find_lesson(&slug) {
        Some((index, lesson)) => view! { <LessonFrame index lesson/> }.into_any(),
        None => view! {
            <Title text="Not found"/>
            <ErrorView error=AppError::NotFound(Missing::Page)/>
        }
        .into_any(),
    }
}

#[component]
fn LessonFrame(index: usize, lesson: &'static Lesson) -> impl IntoView {
    let number = index + 1;
    let link = |l: &Lesson, rel: &'static str, n: usize| {
        view! { <a href=format!("/learn/{}", l.slug) rel=rel data-testid=format!("lesson-{rel}")>{format!("{n}. {}", l.title)}</a> }
    };
    let prev = index
        .checked_sub(1)
        .map(|i| link(&LESSONS[i], "prev", i + 1));
    let next = LESSONS.get(index + 1).map(|l| link(l, "next", index + 2));
    view! {
        <Title text=format!("{number}. {} · Learn", lesson.title)/>
        <p class="breadcrumb"><a href="/learn">"Learn"</a>{format!(" · lesson {number} of {} · about {} min", LESSONS.len(), lesson.minutes)}</p>
        <h1>{format!("{number}. {}", lesson.title)}</h1>
        <section class="goal" data-testid="goal" data-lab="goal" data-lesson=lesson.slug data-has-lab=lesson.has_lab.to_string() aria-labelledby="goal-h">
            <h2 id="goal-h">"Goal"</h2>
            <p>{lesson.goal}</p>
            {lesson.has_lab.then(|| view! {
                <p class="goal-status" data-testid="goal-status" data-lab-part="status" role="status" aria-live="polite">"Not solved yet."</p>
            })}
        </section>
        {(lesson.body)()}
        <nav class="prev-next" aria-label="Lessons">
            <span>{prev}</span>
            <a href="/learn">"All lessons"</a>
            <span>{next}</span>
        </nav>
    }
}
