//! The Learn section: an overview with the path (`/learn`), one page per lesson
//! (`/learn/{slug}`, in `domain::LESSONS` order, with previous and next links), and the glossary
//! every lesson links its terms to. Which labs are solved is kept in the browser
//! (`public/js/labs.js`), so the pages themselves are the same for everyone.

mod guide;
mod lessons;
mod summary;

use crate::domain::{find_lesson, path_minutes, Lesson, GLOSSARY, LESSONS};
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A term of the glossary, linked: hover (or focus) shows its meaning, a tap opens the glossary.
#[component]
pub fn Term(id: &'static str, children: Children) -> impl IntoView {
    let means = GLOSSARY
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.means)
        .unwrap_or_default();
    view! { <a class="term" href=format!("/learn/glossary#{id}") title=means>{children()}</a> }
}

/// The scripts every Learn page runs: the labs' and the solved marks.
#[component]
fn LabScripts() -> impl IntoView {
    let assets = crate::site::use_assets();
    view! {
        <script src=assets.demos_js></script>
        <script src=assets.labs_js></script>
    }
}

#[component]
pub fn LearnPage() -> impl IntoView {
    view! {
        <Title text="Learn: session cookies vs JWTs"/>
        <h1>"Session cookies vs JWTs, on a real shop"</h1>
        <p class="lede">
            "This shop signs you in two ways at once. Its pages use a "<Term id="session-cookie">"session cookie"</Term>
            "; its JSON API uses "<Term id="jwt">"JWTs"</Term>". Each lesson below is a lab: you act, the shop answers with real requests, "
            "and the lab says whether you reached the goal — or why nobody can."
        </p>
        <section class="panel path" data-testid="path">
            <h2>{format!("The path: {} lessons, about {} min", LESSONS.len(), path_minutes())}</h2>
            <p data-testid="progress" aria-live="polite">"Solved marks are kept in this browser."</p>
            <ol class="lessons">
                {LESSONS.iter().enumerate().map(|(i, l)| view! {
                    <li data-testid="path-lesson" data-lesson=l.slug>
                        <a href=format!("/learn/{}", l.slug)>{format!("{}. {}", i + 1, l.title)}</a>
                        " "<span class="hint">{format!("{} min", l.minutes)}</span>
                        " "<span class="lesson-status" data-testid="lesson-status" data-has-lab=l.has_lab.to_string()></span>
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
        <LabScripts/>
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
        None => view! { <NotFound/> }.into_any(),
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
        <section class="goal" data-testid="goal" data-lesson=lesson.slug data-has-lab=lesson.has_lab.to_string() aria-labelledby="goal-h">
            <h2 id="goal-h">"Goal"</h2>
            <p>{lesson.goal}</p>
            {lesson.has_lab.then(|| view! {
                <p class="goal-status" data-testid="goal-status" role="status" aria-live="polite">"Not solved yet."</p>
            })}
        </section>
        {lessons::body(lesson.slug)}
        <nav class="prev-next" aria-label="Lessons">
            <span>{prev}</span>
            <a href="/learn">"All lessons"</a>
            <span>{next}</span>
        </nav>
        <LabScripts/>
    }
}

#[component]
fn Glossary() -> impl IntoView {
    view! {
        <Title text="Glossary · Learn"/>
        <p class="breadcrumb"><a href="/learn">"Learn"</a>" · glossary"</p>
        <h1>"Glossary"</h1>
        <dl class="glossary" data-testid="glossary">
            {GLOSSARY.iter().map(|t| view! {
                <dt id=t.id>{t.term}</dt>
                <dd>{t.means}</dd>
            }).collect_view()}
        </dl>
        <p><a href="/learn">"Back to the path"</a></p>
    }
}
