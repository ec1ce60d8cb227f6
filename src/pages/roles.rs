//! `/systemadministration/roller`: "Administrer roller". List, create,
//! rename, describe and delete roles and choose their rights
//! ("Rettigheder", checkboxes) (admins only). A role that a package
//! uses cannot be deleted; the server's reason is shown. Opened from the
//! package editor (`?fra=<editor URL>`), the page links back to it; the
//! editor keeps its unsaved form meanwhile.

use crate::api;
use crate::components::dkfds::choice::{CheckboxSet, Choice};
use crate::components::dkfds::page::focus_when_shown;
use crate::components::{Alert, AlertKind, ErrorAlert, FieldError, Loading, NoAdminAccess, Page};
use crate::routes;
use crate::session::use_session;
use domain::model::{Permission, Rolle};
use domain::package::error_dom_id;
use domain::wire::roles::RoleInput;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const NAME_REQUIRED: &str = "Navn skal udfyldes.";

/// The rights as checkboxes (key: the right's code), in code order.
fn rights_choices() -> Vec<Choice> {
    Permission::ALL.iter().map(|p| Choice::new(i64::from(p.code()), p.label()).with_hint(p.description())).collect()
}

/// The rights' checkboxes of one form, bound to `selected`.
#[component]
fn RightsField(id_prefix: String, selected: RwSignal<Vec<Permission>>) -> impl IntoView {
    let keys = Signal::derive(move || selected.with(|s| s.iter().map(|p| i64::from(p.code())).collect::<Vec<i64>>()));
    let on_toggle = Callback::new(move |(key, on): (i64, bool)| {
        let Some(p) = u8::try_from(key).ok().and_then(Permission::from_code) else { return };
        selected.update(|s| {
            s.retain(|x| *x != p);
            if on {
                s.push(p);
                s.sort_unstable();
            }
        });
    });
    view! { <CheckboxSet id_prefix legend="Rettigheder".to_owned() options=rights_choices() selected=keys on_toggle/> }
}

/// A role's name field message: "Navn skal udfyldes." after a try with no
/// name, else the server's message about the name (a name in use) while the
/// field still holds the name it was about.
fn name_message(tried: bool, navn: &str, server: &Option<(String, String)>) -> Option<String> {
    if tried && navn.trim().is_empty() {
        return Some(NAME_REQUIRED.to_owned());
    }
    server.as_ref().filter(|(sent, _)| sent == navn.trim()).map(|(_, m)| m.clone())
}

/// The server's message about the name field, with the name sent.
fn server_name_error(e: &api::Error, sent: &str) -> Option<(String, String)> {
    e.fields().iter().find(|f| f.field == "navn").map(|f| (sent.to_owned(), f.message.clone()))
}

/// Where the page's notices are shown; focus goes there when the control
/// that was used is gone (a deleted role's row).
const NOTICE_ID: &str = "roller-besked";

/// The rights in a table cell: their labels, or "Ingen".
fn rights_text(r: &[Permission]) -> String {
    if r.is_empty() {
        "Ingen".to_owned()
    } else {
        r.iter().map(|p| p.label()).collect::<Vec<_>>().join(", ")
    }
}

#[component]
pub fn RolesPage() -> impl IntoView {
    if !use_session().is_admin() {
        return view! { <NoAdminAccess/> }.into_any();
    }
    let back = use_query_map().with_untracked(|q| q.get(routes::FROM_PARAM)).filter(|u| routes::is_editor_url(u));
    let reload = RwSignal::new(0u32);
    let roles = LocalResource::new(move || {
        reload.track();
        api::roles()
    });
    let notice = RwSignal::new(None::<(AlertKind, String)>);
    let done = move |kind: AlertKind, text: String| {
        notice.set(Some((kind, text)));
        reload.update(|n| *n += 1);
    };

    view! {
        <Page title="Administrer roller">
            {back.map(|url| view! {
                <p class="back-link">
                    <a class="function-link" href=url>"Tilbage til opgavepakken"</a>
                </p>
            })}
            <p>"Roller bestemmer, hvilke opgavepakker en sagsbehandler ser, og med rettighederne, hvad sagsbehandleren må: slå borgere op og starte processer. En rolle, som en opgavepakke eller en bruger har, kan ikke slettes."</p>
            <div aria-live="polite" id=NOTICE_ID tabindex="-1">
                {move || notice.get().map(|(kind, text)| view! { <Alert kind><p>{text}</p></Alert> })}
            </div>
            <Suspense fallback=|| view! { <Loading text="Henter roller …"/> }>
                {move || Suspend::new(async move {
                    match roles.await {
                        Err(e) => view! { <ErrorAlert message=e.message() heading="Rollerne kunne ikke hentes"/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p>"Der er ingen roller endnu."</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table--responsive-scroll" role="region" aria-label="Roller" tabindex="0">
                                <table class="table table--compact table--zebra role-table">
                                    <caption>{format!("{} roller", list.len())}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">"Navn"</th>
                                            <th scope="col">"Beskrivelse"</th>
                                            <th scope="col">"Rettigheder"</th>
                                            <th scope="col">"Handlinger"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list.into_iter().map(|r| view! { <RoleRow r done/> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
            <NewRole done/>
        </Page>
    }
    .into_any()
}

#[component]
fn RoleRow(r: Rolle, done: impl Fn(AlertKind, String) + Copy + Send + Sync + 'static) -> impl IntoView {
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let navn = RwSignal::new(r.navn.clone());
    let beskrivelse = RwSignal::new(r.beskrivelse.clone());
    let rettigheder = RwSignal::new(r.rettigheder.clone());
    let tried = RwSignal::new(false);
    let row_error = RwSignal::new(None::<String>);
    let server_name = RwSignal::new(None::<(String, String)>);
    let id = r.id;
    let name = r.navn.clone();
    let (delete_button, cancel_button) = (NodeRef::<leptos::html::Button>::new(), NodeRef::<leptos::html::Button>::new());

    let update = Action::new_local(move |input: &RoleInput| {
        let input = input.clone();
        async move { api::update_role(id, &input).await }
    });
    let delete = Action::new_local(move |_: &()| api::delete_role(id));
    Effect::new(move |_| match update.value().get() {
        Some(Ok(())) => {
            // The form (and its focused button) closes: focus goes to the
            // notice, as after a deletion.
            editing.set(false);
            done(AlertKind::Success, format!("Rollen {} er gemt.", navn.get_untracked().trim()));
            if let Some(el) = document().get_element_by_id(NOTICE_ID).and_then(|e| wasm_bindgen::JsCast::dyn_into(e).ok()) {
                focus_when_shown(el);
            }
        }
        Some(Err(e)) => {
            server_name.set(server_name_error(&e, navn.get_untracked().trim()));
            row_error.set(Some(e.message()));
        }
        None => {}
    });
    let deleted_name = name.clone();
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => {
            done(AlertKind::Success, format!("Rollen {deleted_name} er slettet."));
            if let Some(el) = document().get_element_by_id(NOTICE_ID).and_then(|e| wasm_bindgen::JsCast::dyn_into(e).ok()) {
                focus_when_shown(el);
            }
        }
        Some(Err(e)) => {
            confirming.set(false);
            row_error.set(Some(e.message()));
        }
        None => {}
    });

    let name_error = move || navn.with(|n| server_name.with(|s| name_message(tried.get(), n, s)));
    // "Slet" asks first: focus moves to the question's "Annuller", and back
    // to "Slet" when it is answered with "Annuller".
    Effect::new(move |was: Option<bool>| {
        let now = confirming.get();
        let target = if now { cancel_button.get() } else { delete_button.get() };
        if was.is_some_and(|w| w != now) {
            if let Some(b) = target {
                let _ = b.focus();
            }
        }
        now
    });
    let on_save = move |ev: SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        row_error.set(None);
        if navn.with_untracked(|n| !n.trim().is_empty()) {
            update.dispatch(RoleInput {
                navn: navn.get_untracked().trim().to_owned(),
                beskrivelse: beskrivelse.get_untracked().trim().to_owned(),
                rettigheder: rettigheder.get_untracked(),
            });
        }
    };
    let name_id = format!("rolle-{id}-navn");
    let desc_id = format!("rolle-{id}-beskrivelse");
    let err_id = format!("rolle-{id}-navn-fejl");
    let err_id2 = err_id.clone();
    let label_name = name.clone();
    view! {
        <tr>
            <th scope="row">{r.navn.clone()}</th>
            <td>{if r.beskrivelse.is_empty() { "–".to_owned() } else { r.beskrivelse.clone() }}</td>
            <td>{rights_text(&r.rettigheder)}</td>
            <td class="role-actions">
                <button
                    class="button button-secondary"
                    type="button"
                    aria-expanded=move || editing.get().to_string()
                    aria-controls=format!("rolle-{id}-form")
                    on:click=move |_| editing.update(|e| *e = !*e)
                >
                    "Ret" <span class="sr-only">{format!(" {label_name}")}</span>
                </button>
                {move || if confirming.get() {
                    let n = name.clone();
                    view! {
                        <span class="role-confirm">
                            {format!("Slet {n}? ")}
                            <button class="button button-primary" type="button" on:click=move |_| { delete.dispatch(()); }>"Ja, slet"</button>
                            <button class="button button-secondary" type="button" node_ref=cancel_button on:click=move |_| confirming.set(false)>"Annuller"</button>
                        </span>
                    }.into_any()
                } else {
                    let n = name.clone();
                    view! {
                        <button class="button button-secondary" type="button" node_ref=delete_button on:click=move |_| { row_error.set(None); confirming.set(true); }>
                            "Slet" <span class="sr-only">{format!(" {n}")}</span>
                        </button>
                    }.into_any()
                }}
                {move || row_error.get().map(|m| view! { <ErrorAlert message=m heading="Det lykkedes ikke"/> })}
                <form id=format!("rolle-{id}-form") class="role-edit" novalidate hidden=move || !editing.get() on:submit=on_save>
                    <div class="form-group" class:form-error=move || name_error().is_some()>
                        <label class="form-label" for=name_id.clone()>"Navn"</label>
                        {move || name_error().map(|m| view! { <span class="form-error-message" id=err_id.clone()><span class="sr-only">"Fejl: "</span>{m}</span> })}
                        <input
                            class="form-input"
                            type="text"
                            id=name_id.clone()
                            required
                            aria-invalid=move || name_error().map(|_| "true")
                            aria-describedby=move || name_error().map(|_| err_id2.clone())
                            bind:value=navn
                        />
                    </div>
                    <div class="form-group">
                        <label class="form-label" for=desc_id.clone()>"Beskrivelse"</label>
                        <textarea class="form-input" id=desc_id.clone() rows="2" bind:value=beskrivelse></textarea>
                    </div>
                    <RightsField id_prefix=format!("rolle-{id}-rettighed") selected=rettigheder/>
                    <button class="button button-primary" type="submit">"Gem rolle"</button>
                </form>
            </td>
        </tr>
    }
}

#[component]
fn NewRole(done: impl Fn(AlertKind, String) + Copy + Send + Sync + 'static) -> impl IntoView {
    let navn = RwSignal::new(String::new());
    let beskrivelse = RwSignal::new(String::new());
    let rettigheder = RwSignal::new(Vec::<Permission>::new());
    let tried = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let server_name = RwSignal::new(None::<(String, String)>);
    let create = Action::new_local(|input: &RoleInput| {
        let input = input.clone();
        async move { api::create_role(&input).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(r)) => {
            navn.set(String::new());
            beskrivelse.set(String::new());
            rettigheder.set(Vec::new());
            tried.set(false);
            done(AlertKind::Success, format!("Rollen {} er oprettet.", r.navn));
        }
        Some(Err(e)) => {
            server_name.set(server_name_error(&e, navn.get_untracked().trim()));
            error.set(Some(e.message()));
        }
        None => {}
    });
    let name_error = move || navn.with(|n| server_name.with(|s| name_message(tried.get(), n, s)));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        error.set(None);
        if navn.with_untracked(|n| !n.trim().is_empty()) {
            create.dispatch(RoleInput {
                navn: navn.get_untracked().trim().to_owned(),
                beskrivelse: beskrivelse.get_untracked().trim().to_owned(),
                rettigheder: rettigheder.get_untracked(),
            });
        }
    };
    view! {
        <section class="new-role" aria-labelledby="ny-rolle-overskrift">
            <h2 id="ny-rolle-overskrift">"Opret rolle"</h2>
            {move || error.get().map(|m| view! { <ErrorAlert message=m heading="Rollen blev ikke oprettet"/> })}
            <form novalidate on:submit=on_submit>
                <div class="form-group" class:form-error=move || name_error().is_some()>
                    <label class="form-label" for="ny-rolle-navn">"Navn" <span class="required-mark" aria-hidden="true">"*"</span></label>
                    {move || name_error().map(|m| view! { <FieldError id=error_dom_id("ny_rolle_navn") message=m/> })}
                    <input
                        class="form-input"
                        type="text"
                        id="ny-rolle-navn"
                        required
                        aria-invalid=move || name_error().map(|_| "true")
                        aria-describedby=move || name_error().map(|_| error_dom_id("ny_rolle_navn"))
                        bind:value=navn
                    />
                </div>
                <div class="form-group">
                    <label class="form-label" for="ny-rolle-beskrivelse">"Beskrivelse"</label>
                    <textarea class="form-input" id="ny-rolle-beskrivelse" rows="2" bind:value=beskrivelse></textarea>
                </div>
                <RightsField id_prefix="ny-rolle-rettighed".to_owned() selected=rettigheder/>
                <div class="form-actions">
                    <button class="button button-primary" type="submit">"Opret rolle"</button>
                </div>
            </form>
        </section>
    }
}
