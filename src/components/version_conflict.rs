//! The conflict view of a temporal editor (a package, a system parameter):
//! a save of a new version named the version it was based on (`If-Match`)
//! and the server answered 409 because someone else saved in between. It
//! shows who saved and what differs between the newest version and the
//! admin's edits, which are kept, and saves on top of the newest.

use crate::format;
use chrono::NaiveDate;
use leptos::prelude::*;

/// One field that differs, both values in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub label: String,
    pub newest: String,
    pub mine: String,
}

#[component]
pub fn VersionConflict(
    /// What was edited, in the definite form: "opgavepakken", "systemparameteren".
    what: &'static str,
    /// Who saved the newest version, and when (RFC 3339).
    who: String,
    when: String,
    /// The newest version's "Gyldig fra"; a new version must start after it.
    newest_fra: NaiveDate,
    /// The admin's "Gyldig fra" as far as it parses.
    #[prop(into)]
    my_fra: Signal<Option<NaiveDate>>,
    #[prop(into)] differences: Signal<Vec<Difference>>,
    /// "Gem som ny version oven på den nyeste", with the "Gyldig fra" to
    /// set first when the admin's would be refused.
    on_save: Callback<Option<NaiveDate>>,
) -> impl IntoView {
    let when = format::timestamp(&when);
    // The admin's "Gyldig fra" cannot stand on top of the newest version:
    // saving from here moves it to the first day the editors propose.
    let moved_to = Memo::new(move |_| {
        let fra_ok = my_fra.get().is_none_or(|d| d > newest_fra);
        (!fra_ok).then(|| domain::danish_time::proposed_start_of_new_version(format::today(), newest_fra))
    });
    // It is drawn in place of the form's top, far from "Gem": focus moves
    // to it (and so the window to it), as to an error summary.
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            let _ = el.focus();
        }
    });
    view! {
        <div class="alert alert-warning conflict" role="alert" tabindex="-1" node_ref=node>
            <div class="alert-body">
                <p class="alert-heading">{format!("En anden har gemt en nyere version af {what}")}</p>
                <div class="alert-text">
                    <p>
                        {who} " gemte en ny version " {when}
                        {format!(
                            ", efter du åbnede {what}. Dine indtastninger er bevaret. Sammenlign herunder, ret felterne, hvis det er nødvendigt, og gem din ændring som ny version oven på den nyeste."
                        )}
                    </p>
                    {move || {
                        moved_to.get().map(|to| view! {
                            <p>
                                <strong>"Gyldig fra flyttes: "</strong>
                                "en ny version skal gælde fra en dato efter den nyeste versions gyldig fra ("
                                {format::date(newest_fra)} "). Gemmer du herfra, gælder din version fra "
                                {format::date(to)} ". Du kan også rette Gyldig fra i formularen."
                            </p>
                        })
                    }}
                    {move || {
                        let diff = differences.get();
                        if diff.is_empty() {
                            view! { <p>"Din ændring er magen til den nyeste version."</p> }.into_any()
                        } else {
                            view! {
                                <dl class="conflict-diff">
                                    {diff.into_iter().map(|c| view! {
                                        <dt>{c.label}</dt>
                                        <dd>"Nyeste version: " {c.newest}</dd>
                                        <dd>"Din ændring: " {c.mine}</dd>
                                    }).collect_view()}
                                </dl>
                            }
                            .into_any()
                        }
                    }}
                    <button class="button button-primary" type="button" on:click=move |_| on_save.run(moved_to.get_untracked())>
                        {move || match moved_to.get() {
                            Some(to) => format!("Gem som ny version fra {} oven på den nyeste", format::date(to)),
                            None => "Gem som ny version oven på den nyeste".to_owned(),
                        }}
                    </button>
                </div>
            </div>
        </div>
    }
}
