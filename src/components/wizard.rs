//! The task wizard ("trin"): one step per screen with a vertical DKFDS step
//! indicator ("trinindikator"), "Tilbage"/"Næste", and a last step
//! "Opsummering" that lists every decision before "Afslut".
//!
//! - Focus moves to the step heading on every step change.
//! - The state survives leaving and coming back in the same browser session:
//!   [`crate::storage::stored`] keeps a signal in `sessionStorage` under the
//!   wizard's key.
//! - Nothing takes effect before "Afslut": the page's `finish` action does
//!   the one request; its error is shown on the summary and nothing is lost.

use crate::api;
use crate::components::{ActionButton, ErrorAlert, Icon};
use crate::shortcuts::{use_shortcut, Shortcut};
use crate::storage::{forget, stored};
use domain::casework::rules::StepMessage;
use domain::wire::tasks::{CompleteResult, HistoryEntry};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// True once the wizard's "Afslut" (`finish`) has succeeded; its saved
/// state under `key` is forgotten then.
pub fn finished(finish: Action<(), Result<(), api::Error>>, key: String) -> Memo<bool> {
    let done = Memo::new(move |_| matches!(finish.value().get(), Some(Ok(()))));
    Effect::new(move |_| {
        if done.get() {
            forget(&key);
        }
    });
    done
}

/// The task's history as the last "Afslut" on the page answered it
/// (context): the page shows it beside the wizard, with the finish.
#[derive(Clone, Copy)]
pub struct Finishes(pub RwSignal<Option<Vec<HistoryEntry>>>);

/// What a wizard's finish calls with the server's answer: hands its history
/// to the page's [`Finishes`], when the page provides one. Called in the
/// component (it reads the context), the result in the finish action.
pub fn report_finish() -> impl Fn(&CompleteResult) + Copy + Send + Sync + 'static {
    let finishes = use_context::<Finishes>();
    move |result: &CompleteResult| {
        if let Some(Finishes(history)) = finishes {
            history.try_set(Some(result.historik.clone()));
        }
    }
}

/// One step before the summary.
#[derive(Clone)]
pub struct WizardStep {
    pub title: &'static str,
    /// The step's form.
    pub body: ViewFn,
    /// What stops "Næste": the domain's messages (field and Danish
    /// sentence), empty when the step is done.
    pub validate: Arc<dyn Fn() -> Vec<StepMessage> + Send + Sync>,
}

impl WizardStep {
    pub fn new(
        title: &'static str,
        body: impl Fn() -> AnyView + Send + Sync + 'static,
        validate: impl Fn() -> Vec<StepMessage> + Send + Sync + 'static,
    ) -> WizardStep {
        WizardStep { title, body: ViewFn::from(body), validate: Arc::new(validate) }
    }
}

/// One decision on the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryItem {
    pub label: String,
    pub value: String,
}

impl SummaryItem {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> SummaryItem {
        SummaryItem { label: label.into(), value: value.into() }
    }
}

pub const SUMMARY_TITLE: &str = "Opsummering";

/// What a step's fields read to know whether to show their own messages:
/// true after "Næste" was refused on the current step.
#[derive(Clone, Copy)]
pub struct WizardContext {
    pub show_errors: RwSignal<bool>,
}

pub fn use_wizard() -> Option<WizardContext> {
    use_context::<WizardContext>()
}

/// The step titles as the indicator shows them: the steps and the summary.
pub fn step_titles(steps: &[WizardStep]) -> Vec<&'static str> {
    steps.iter().map(|s| s.title).chain(std::iter::once(SUMMARY_TITLE)).collect()
}

/// Moves focus to an element after the browser has rendered the change.
pub fn focus_soon(node: NodeRef<leptos::html::H2>) {
    request_animation_frame(move || {
        // The wizard may be gone by the next frame.
        if let Some(el) = node.try_get_untracked().flatten() {
            let _ = el.focus();
        }
    });
}

fn focus_element_soon(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

#[component]
pub fn Wizard(
    /// The `sessionStorage` key of this wizard (e.g. `opgave:17`); the
    /// current step is kept under `{key}:trin`.
    #[prop(into)]
    storage_key: String,
    /// Accessible name of the step indicator, e.g. "Trin i Modtag post".
    #[prop(into)]
    label: String,
    /// The steps before the summary; may depend on an earlier choice (e.g.
    /// "Vælg handling"), as long as the titles of the steps up to that
    /// choice do not change.
    #[prop(into)]
    steps: Signal<Vec<WizardStep>>,
    /// Every decision, for "Opsummering".
    #[prop(into)]
    summary: Signal<Vec<SummaryItem>>,
    /// Sends the decisions ("Afslut"); the page reacts to its success.
    finish: Action<(), api::Result<()>>,
) -> impl IntoView {
    let count = Memo::new(move |_| steps.with(Vec::len) + 1);
    let forget_key = storage_key.clone();
    let current = stored(format!("{storage_key}:trin"), 0usize);
    // A step from storage beyond the wizard (should not happen) starts over.
    if current.get_untracked() >= count.get_untracked() {
        current.set(0);
    }
    // The furthest step reached; steps up to it can be revisited directly.
    let reached = stored(format!("{storage_key}:naaet"), 0usize);
    let show_errors = RwSignal::new(false);
    provide_context(WizardContext { show_errors });
    // The summary of the step's messages, once "Næste" has been refused:
    // it follows the fields as they are corrected (as their own messages do).
    let errors = Memo::new(move |_| {
        if !show_errors.get() {
            return Vec::new();
        }
        let i = current.get();
        steps.with(|s| s.get(i).map(|st| (st.validate)()).unwrap_or_default())
    });
    let heading = NodeRef::<leptos::html::H2>::new();
    let titles = Memo::new(move |_| steps.with(|s| step_titles(s)));
    // Another choice means other steps ahead: they must be walked through.
    Effect::new(move |first: Option<()>| {
        titles.track();
        if first.is_some() {
            reached.set(current.get_untracked());
        }
    });

    let go_to = move |i: usize| {
        show_errors.set(false);
        current.set(i);
        reached.update(|r| *r = (*r).max(i));
        focus_soon(heading);
    };

    // A step is valid when it and every step before it has no messages.
    let first_invalid_before =
        move |i: usize| -> Option<usize> { steps.with_untracked(|s| s.iter().take(i).position(|st| !(st.validate)().is_empty())) };

    let next = move || {
        let i = current.get_untracked();
        let e = steps.with_untracked(|s| s.get(i).map(|st| (st.validate)()).unwrap_or_default());
        if e.is_empty() {
            go_to(i + 1);
        } else {
            show_errors.set(true);
            focus_element_soon("wizard-fejl");
        }
    };
    let back = move || {
        let i = current.get_untracked();
        if i > 0 {
            go_to(i - 1);
        }
    };
    let afslut = move || {
        if finish.pending().get_untracked() {
            return;
        }
        // Guard against a state changed elsewhere (another tab): every step
        // must still be valid.
        if let Some(n) = first_invalid_before(count.get_untracked() - 1) {
            go_to(n);
            show_errors.set(true);
            focus_element_soon("wizard-fejl");
            return;
        }
        finish.dispatch(());
    };
    // Alt+Shift+→ / ← walk the steps as "Næste" and "Tilbage" do; Alt+Shift+A
    // is "Afslut" on Opsummering.
    let on_summary = move || current.get_untracked() + 1 == count.get_untracked();
    use_shortcut(Shortcut::NextStep, move || {
        if !on_summary() {
            next();
        }
    });
    use_shortcut(Shortcut::PreviousStep, back);
    use_shortcut(Shortcut::Finish, move || {
        if on_summary() {
            afslut();
        }
    });
    // The error of a failed "Afslut" gets focus, so it is announced and read.
    Effect::new(move |_| {
        if let Some(Err(_)) = finish.value().get() {
            focus_element_soon("wizard-afslut-fejl");
        }
    });

    let indicator = move || {
        titles
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, title)| {
                let is_current = move || current.get() == i;
                let done = move || current.get() > i;
                let reachable = move || i <= reached.get() && current.get() != i;
                view! {
                    <li class:current=is_current class:disabled=move || !reachable() && !is_current()>
                        {move || {
                            let number = move || {
                                if done() {
                                    view! {
                                        <span class="step-icon">
                                            <Icon name="check"/>
                                            <span class="sr-only">{format!("Trin {} gennemført: ", i + 1)}</span>
                                        </span>
                                    }
                                    .into_any()
                                } else {
                                    view! {
                                        <span class="step-number">
                                            <span>{i + 1}</span>
                                        </span>
                                    }
                                    .into_any()
                                }
                            };
                            if reachable() {
                                view! {
                                    <button class="step" type="button" on:click=move |_| go_to(i)>
                                        {number}
                                        <div>
                                            <span class="step-title">{title}</span>
                                        </div>
                                    </button>
                                }
                                .into_any()
                            } else {
                                view! {
                                    <div class="step" aria-current=move || is_current().then_some("step")>
                                        {number}
                                        <div>
                                            <span class="step-title">{title}</span>
                                        </div>
                                    </div>
                                }
                                .into_any()
                            }
                        }}
                    </li>
                }
            })
            .collect_view()
    };

    // The body is rebuilt only when the step shown changes, not when a
    // choice on it changes the steps after it.
    let shown = Memo::new(move |_| {
        let i = current.get();
        (i, titles.with(|t| t.get(i).copied().unwrap_or_default()), i + 1 == count.get())
    });
    let body = move || {
        let (i, _, last) = shown.get();
        if last {
            view! { <Summary summary/> }.into_any()
        } else {
            match steps.with_untracked(|s| s.get(i).map(|st| st.body.clone())) {
                Some(b) => untrack(move || b.run()),
                None => ().into_any(),
            }
        }
    };
    let step_title = move || shown.get().1;

    view! {
        <div class="wizard">
            <nav class="wizard-steps" aria-label=label>
                <ol class="step-indicator">{indicator}</ol>
            </nav>
            <section class="wizard-content" aria-labelledby="wizard-trin-overskrift">
                <h2 id="wizard-trin-overskrift" class="wizard-heading" tabindex="-1" node_ref=heading>
                    <span class="step-subheading">{move || format!("Trin {} af {}", current.get() + 1, count.get())}</span>
                    <span class="wizard-heading-title">{step_title}</span>
                </h2>
                // One summary while there are messages: its list follows the
                // fields, the region itself is not made anew at each change.
                <Show when=move || errors.with(|e| !e.is_empty())>
                    <div class="alert alert-error" role="alert" id="wizard-fejl" tabindex="-1">
                        <Icon name="error" class="alert-icon"/>
                        <div class="alert-body">
                            <p class="alert-heading">"Trinnet er ikke udfyldt"</p>
                            <ul class="alert-text">
                                {move || {
                                    errors
                                        .get()
                                        .into_iter()
                                        .map(|StepMessage { field, message: m }| {
                                            let id = field.dom_id();
                                            if id.is_empty() {
                                                view! { <li>{m}</li> }.into_any()
                                            } else {
                                                let href = format!("#{id}");
                                                view! {
                                                    <li>
                                                        <a
                                                            href=href
                                                            on:click=move |ev| {
                                                                ev.prevent_default();
                                                                focus_field(&id);
                                                            }
                                                        >
                                                            {m}
                                                        </a>
                                                    </li>
                                                }
                                                    .into_any()
                                            }
                                        })
                                        .collect_view()
                                }}
                            </ul>
                        </div>
                    </div>
                </Show>
                <div class="wizard-body">{body}</div>
                {move || {
                    (current.get() + 1 == count.get())
                        .then(|| {
                            finish
                                .value()
                                .get()
                                .and_then(|r| r.err())
                                .filter(|_| !finish.pending().get())
                                .map(|e| {
                                    // Finished or taken by someone else meanwhile: trying again
                                    // cannot succeed, so the page is shown as the task is now.
                                    let final_ = matches!(e.code(), Some(domain::codes::CONFLICT_CLOSED | domain::codes::CONFLICT_TAKEN));
                                    let forget_key = forget_key.clone();
                                    let message = if final_ {
                                        format!("{} Dine valg kan ikke længere gemmes på opgaven.", e.message())
                                    } else {
                                        format!("{} Dine valg er ikke gået tabt; du kan prøve igen.", e.message())
                                    };
                                    view! {
                                        <div id="wizard-afslut-fejl" tabindex="-1">
                                            <ErrorAlert message heading="Opgaven blev ikke afsluttet"/>
                                            {final_.then(|| view! {
                                                <button
                                                    class="button button-secondary"
                                                    type="button"
                                                    on:click=move |_| {
                                                        forget(&forget_key);
                                                        let _ = window().location().reload();
                                                    }
                                                >
                                                    "Se opgaven, som den er nu"
                                                </button>
                                            })}
                                        </div>
                                    }
                                })
                        })
                }}
                <div class="wizard-actions">
                    {move || {
                        (current.get() > 0)
                            .then(|| {
                                view! {
                                    <button
                                        class="button button-secondary"
                                        type="button"
                                        aria-keyshortcuts=Shortcut::PreviousStep.aria()
                                        on:click=move |_| back()
                                    >
                                        <Icon name="arrow-back"/>
                                        "Tilbage"
                                    </button>
                                }
                            })
                    }}
                    {move || {
                        if current.get() + 1 < count.get() {
                            view! {
                                <button
                                    class="button button-primary"
                                    type="button"
                                    aria-keyshortcuts=Shortcut::NextStep.aria()
                                    on:click=move |_| next()
                                >
                                    "Næste"
                                    <Icon name="arrow-forward"/>
                                </button>
                            }
                            .into_any()
                        } else {
                            view! {
                                <ActionButton
                                    label="Afslut"
                                    busy_label=Some("Afslutter …")
                                    busy=finish.pending()
                                    shortcut=Shortcut::Finish
                                    on_click=afslut
                                />
                            }
                            .into_any()
                        }
                    }}
                </div>
            </section>
        </div>
    }
}

#[component]
fn Summary(summary: Signal<Vec<SummaryItem>>) -> impl IntoView {
    view! {
        <p>"Kontrollér dine valg. Intet er gemt, før du trykker »Afslut«."</p>
        <dl class="summary-list">
            {move || {
                summary
                    .get()
                    .into_iter()
                    .map(|item| {
                        view! {
                            <div class="summary-list-row">
                                <dt>{item.label}</dt>
                                <dd>{item.value}</dd>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </dl>
    }
}

/// Moves focus to the field with DOM id `id` from the error summary: the
/// field itself, or the first control inside it (a group of radios, the
/// Sagsvælger), scrolled into view.
fn focus_field(id: &str) {
    use wasm_bindgen::JsCast;
    let Some(el) = document().get_element_by_id(id) else { return };
    let control = if matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA") {
        Some(el.clone())
    } else {
        el.query_selector("input:not([type=hidden]):not([disabled]), select, textarea").ok().flatten()
    };
    // Without a control (no lines yet, the Sagsvælger still loading): the
    // field's own element, made focusable for this.
    let target = control.unwrap_or_else(|| {
        if !el.has_attribute("tabindex") {
            let _ = el.set_attribute("tabindex", "-1");
        }
        el
    });
    if let Ok(t) = target.dyn_into::<web_sys::HtmlElement>() {
        t.scroll_into_view();
        let _ = t.focus();
    }
}
