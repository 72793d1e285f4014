use crate::components::error_view::ErrorView;
use crate::domain::{AppError, Missing};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Title text="Not found"/>
        <ErrorView error=AppError::NotFound(Missing::Page)/>
    }
}
