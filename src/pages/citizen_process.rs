//! `/borger/{id}/{proces}`: a process started from "Handlinger" on the
//! Borgeroverblik. Opret træk, Stop sag, Opret opfølgningsopgave and Tilføj
//! ydelse til bevilling create a
//! task taken by the user and open its wizard; Modtag post takes PDF or XML
//! documents (checked in the browser with the server's own rule,
//! `domain::casework::documents::check_upload`) and creates a Modtag post task.

use crate::api;
use crate::components::not_found::NotFoundPage;
use crate::components::{Alert, AlertKind, ErrorAlert, Page};
use crate::routes::{self, CitizenProcess};
use domain::casework::documents::{check_upload, MAX_UPLOAD_BYTES, UPLOAD_FORMATS};
use domain::casework::wizards::CaseChoice;
use domain::catalog::task_type;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use wasm_bindgen::JsCast;

/// The task type a process starts (Modtag post has its own page), and
/// whether the follow-up action is preselected.
pub fn process_task(process: CitizenProcess) -> Option<(u16, bool)> {
    match process {
        CitizenProcess::OpretTraek => Some((task_type::OPRET_TRAEK, false)),
        CitizenProcess::StopSag => Some((task_type::STOP_SAG, false)),
        CitizenProcess::OpretOpfoelgningsopgave => Some((task_type::OPFOELGNINGSOPGAVE, true)),
        CitizenProcess::TilfoejYdelse => Some((task_type::TILFOEJ_YDELSE, false)),
        CitizenProcess::ModtagPost => None,
    }
}

#[component]
pub fn CitizenProcessPage() -> impl IntoView {
    let params = use_params_map();
    let id = routes::use_id_param();
    let segment = params.with_untracked(|p| p.get(routes::PROCESS_PARAM)).unwrap_or_default();
    let Some(citizen_id) = id.get_untracked() else {
        return view! { <NotFoundPage/> }.into_any();
    };
    let process = CitizenProcess::from_slug(&segment);
    if process == Some(CitizenProcess::ModtagPost) {
        return view! { <ManualPostPage citizen_id/> }.into_any();
    }
    match process.and_then(|p| process_task(p).map(|t| (p, t))) {
        Some((p, (opgavetype, follow_up))) => view! { <StartProcess citizen_id opgavetype follow_up label=p.label()/> }.into_any(),
        None => view! { <UnknownProcess citizen_id/> }.into_any(),
    }
}

#[component]
fn StartProcess(citizen_id: i64, opgavetype: u16, follow_up: bool, label: &'static str) -> impl IntoView {
    let navigate = use_navigate();
    let start = Action::new_local(move |_: &()| api::start_task(citizen_id, opgavetype));
    Effect::new(move |_| {
        if let Some(Ok(r)) = start.value().get() {
            let url = if follow_up { routes::task_with_action(r.opgave_id, CaseChoice::Opfoelgning) } else { routes::task(r.opgave_id) };
            navigate(&url, Default::default());
        }
    });
    view! {
        <Page title=label>
            <p>
                {format!(
                    "Når du starter »{label}«, oprettes en opgave til borgeren, som du selv har taget. Du vælger sagen og udfylder oplysningerne trin for trin; intet træder i kraft, før du trykker »Afslut« på sidste trin.",
                )}
            </p>
            {move || start.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorAlert message=e.message() heading="Handlingen blev ikke startet"/> })}
            <div class="form-actions">
                <button
                    class="button button-primary"
                    type="button"
                    aria-disabled=move || start.pending().get().then_some("true")
                    on:click=move |_| {
                        if !start.pending().get_untracked() {
                            start.dispatch(());
                        }
                    }
                >
                    {format!("Start {label}")}
                </button>
                " "
                <a class="button button-secondary" href=routes::citizen(citizen_id)>"Annuller"</a>
            </div>
        </Page>
    }
}

/// A file the user picked, read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct PickedFile {
    pub navn: String,
    pub result: Result<Vec<u8>, String>,
}

/// The browser's check of a picked file before reading it: the size must be
/// within the server's limit (the format is judged by the content, after
/// reading, with the server's rule).
pub fn precheck(navn: &str, size: f64) -> Result<(), String> {
    if size > MAX_UPLOAD_BYTES as f64 {
        return Err(format!("»{navn}« er større end 10 MB. Del dokumentet op, eller gem det i lavere opløsning."));
    }
    if size == 0.0 {
        return Err(format!("»{navn}« er tom."));
    }
    Ok(())
}

async fn read_file(file: web_sys::File) -> PickedFile {
    let navn = file.name();
    if let Err(e) = precheck(&navn, file.size()) {
        return PickedFile { navn, result: Err(e) };
    }
    let result = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
        Ok(buf) => {
            let bytes = js_sys::Uint8Array::new(&buf).to_vec();
            // The same content check as the server.
            check_upload(&navn, &bytes).map(|_| bytes)
        }
        Err(_) => Err(format!("»{navn}« kunne ikke læses. Prøv at vælge filen igen.")),
    };
    PickedFile { navn, result }
}

#[component]
fn ManualPostPage(citizen_id: i64) -> impl IntoView {
    let files = RwSignal::new(Vec::<PickedFile>::new());
    let reading = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let navigate = use_navigate();
    // Receive the post, then take the new task and open it. The post is
    // received even if the task cannot be taken (e.g. it lies in a package
    // the user has no role for); then the page says so instead.
    // The picked files go straight from the signal into the request's form
    // (the browser copies each once, into a Blob).
    let upload = Action::new_local(move |_: &()| {
        let form = files.with_untracked(|f| api::post_form(f.iter().filter_map(|p| Some((p.navn.as_str(), p.result.as_deref().ok()?)))));
        async move {
            let id = api::upload_post(citizen_id, form?).await?;
            let claimed = api::claim_task(id).await.err().map(|e| e.message());
            Ok::<(i64, Option<String>), api::Error>((id, claimed))
        }
    });
    Effect::new(move |_| {
        if let Some(Ok((id, None))) = upload.value().get() {
            navigate(&routes::task(id), Default::default());
        }
    });
    let received_not_taken = move || match upload.value().get() {
        Some(Ok((_, Some(why)))) => Some(why),
        _ => None,
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(list) = input.files() else { return };
        let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        reading.set(true);
        leptos::task::spawn_local(async move {
            let mut out = Vec::new();
            for f in picked {
                out.push(read_file(f).await);
            }
            // The user may have left the page while the files were read.
            files.try_set(out);
            reading.try_set(false);
        });
    };
    let errors = Memo::new(move |_| {
        let mut e: Vec<String> = files.with(|f| f.iter().filter_map(|p| p.result.clone().err()).collect());
        if tried.get() && files.with(Vec::is_empty) {
            e.push("Vælg mindst ét dokument.".to_owned());
        }
        e
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if reading.get_untracked() || upload.pending().get_untracked() {
            return;
        }
        if !errors.get_untracked().is_empty() {
            // The message is at the field: focus goes there, as in the wizards.
            if let Some(el) = document().get_element_by_id("dokumenter").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
            return;
        }
        if files.with_untracked(|f| f.iter().any(|p| p.result.is_ok())) {
            upload.dispatch(());
        }
    };
    view! {
        <Page title="Modtag post">
            {move || {
                received_not_taken()
                    .map(|why| {
                        view! {
                            <Alert kind=AlertKind::Success heading="Posten er modtaget">
                                <p>"Der er oprettet en Modtag post-opgave med dokumenterne."</p>
                                <p>{format!("Du kunne ikke selv tage opgaven: {why}")}</p>
                            </Alert>
                            <p>
                                <a href=routes::citizen(citizen_id)>"Tilbage til borgeroverblikket"</a>
                            </p>
                        }
                    })
            }}
            <p>
                "Tilføj dokumenter, borgeren har sendt, fx med almindelig post. Der oprettes en Modtag post-opgave, hvor du bestemmer behandlingen."
            </p>
            <form class="upload-form" novalidate on:submit=on_submit>
                <div class="form-group" class:form-error=move || !errors.get().is_empty()>
                    <label class="form-label" for="dokumenter">"Dokumenter"</label>
                    <span class="form-hint" id="dokumenter-hint">{format!("{UPLOAD_FORMATS}, højst 10 MB pr. dokument. Du kan vælge flere.")}</span>
                    {move || {
                        let e = errors.get();
                        (!e.is_empty())
                            .then(|| {
                                view! {
                                    <span class="form-error-message" id="dokumenter-fejl">
                                        <span class="sr-only">"Fejl: "</span>
                                        {e.join(" ")}
                                    </span>
                                }
                            })
                    }}
                    <input
                        class="form-file-input"
                        type="file"
                        id="dokumenter"
                        multiple
                        accept=".pdf,.docx,.jpg,.jpeg,.png,.tif,.tiff,.xml"
                        aria-describedby=move || if errors.get().is_empty() { "dokumenter-hint" } else { "dokumenter-hint dokumenter-fejl" }
                        aria-invalid=move || (!errors.get().is_empty()).then_some("true")
                        on:change=on_change
                    />
                </div>
                {move || {
                    let ok: Vec<String> = files.with(|f| f.iter().filter(|p| p.result.is_ok()).map(|p| p.navn.clone()).collect());
                    (!ok.is_empty())
                        .then(|| {
                            view! {
                                <p>"Klar til at modtage:"</p>
                                <ul>{ok.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                            }
                        })
                }}
                {move || upload.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorAlert message=e.message() heading="Posten blev ikke modtaget"/> })}
                <div class="form-actions">
                    <button class="button button-primary" type="submit" aria-disabled=move || (upload.pending().get() || reading.get()).then_some("true")>
                        {move || if upload.pending().get() { "Modtager …" } else { "Modtag post" }}
                    </button>
                    " "
                    <a class="button button-secondary" href=routes::citizen(citizen_id)>"Annuller"</a>
                </div>
            </form>
        </Page>
    }
}

/// Shown for an unknown process segment under `/borger/{id}/`.
#[component]
fn UnknownProcess(citizen_id: i64) -> impl IntoView {
    view! {
        <Page title="Handlingen findes ikke">
            <Alert kind=AlertKind::Warning>
                <p>"Handlingen findes ikke. Vælg en handling i menuen Handlinger på borgeroverblikket."</p>
            </Alert>
            <p>
                <a href=routes::citizen(citizen_id)>"Tilbage til borgeroverblikket"</a>
            </p>
        </Page>
    }
}
