//! `/systemadministration/kildesystemer`: the source systems that may post
//! to the intake API, each with its own bearer token. An admin creates one
//! (navn and art); its token is shown once, here, with a copy button, and
//! never again (the server keeps only its hash). The list shows every
//! source system with its status; "Tilbagekald" (after a confirmation)
//! stops its token for good.

use crate::api;
use crate::components::confirm_action::{ConfirmAction, FocusOnAsk};
use crate::components::dkfds::choice::{described_by, Choice, FieldGroup, RadioGroup};
use crate::components::dkfds::table::Column;
use crate::components::{Alert, AlertKind, ErrorAlert, Loading, NoAdminAccess, Page, Table};
use crate::format;
use crate::session::use_session;
use domain::wire::intake::{CreatedCredential, Credential, NewCredential, SourceKind};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The form's field names (DOM ids `felt-navn`, `felt-art`, as in every form).
const NAVN: &str = "navn";
const ART: &str = "art";

/// A radio's key is the kind's compact code.
fn kind_of(key: i64) -> Option<SourceKind> {
    u8::try_from(key).ok().and_then(SourceKind::from_code)
}

/// What the credential's kind may post to, as the radio's hint.
fn kind_hint(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Selvbetjening => "Ansøgninger, anmodninger om refusion og specificerede overslag fra borgernes selvbetjening.",
        SourceKind::Efaktura => "eFakturaer med vedhæftede bilag.",
        SourceKind::Haendelser => "Hændelser, fx ny formue fra Udbetaling Danmark eller ny finansieringskommune.",
    }
}

const NAVN_REQUIRED: &str = "Navn skal udfyldes.";

#[component]
pub fn CredentialsPage() -> impl IntoView {
    move || {
        if !use_session().is_admin() {
            return view! { <NoAdminAccess/> }.into_any();
        }
        view! { <Credentials/> }.into_any()
    }
}

#[component]
fn Credentials() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reload.track();
        api::credentials()
    });
    let created = RwSignal::new(None::<CreatedCredential>);
    // The outcome of the last revoke, announced above the list.
    let notice = RwSignal::new(None::<(AlertKind, String)>);
    let on_created = Callback::new(move |c: CreatedCredential| {
        notice.set(None);
        created.set(Some(c));
        reload.update(|n| *n += 1);
    });
    let on_revoked = Callback::new(move |result: (AlertKind, String)| {
        notice.set(Some(result));
        reload.update(|n| *n += 1);
    });

    view! {
        <Page title="Kildesystemer">
            <p>
                "Et kildesystem sender ansøgninger, eFakturaer eller hændelser til Opgavepakker og logger ind med sin egen nøgle. "
                "Nøglen vises kun, når kildesystemet oprettes. Et kildesystem, der er tilbagekaldt, kan ikke sende mere."
            </p>
            <p>
                <a class="function-link" href=crate::routes::ADMIN>"Tilbage til Systemparameter – Søgning"</a>
            </p>
            {move || {
                created
                    .get()
                    .map(|c| {
                        // The box goes with the button pressed: focus goes on to
                        // the form for the next source system.
                        let on_hide = Callback::new(move |()| {
                            created.set(None);
                            if let Some(el) = document()
                                .get_element_by_id(&domain::package::field_dom_id(NAVN))
                                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
                            {
                                crate::components::dkfds::page::focus_when_shown(el);
                            }
                        });
                        view! { <TokenOnce created=c on_hide/> }
                    })
            }}
            <CreateForm on_created/>
            <section aria-labelledby="kildesystemer-overskrift">
                <h2 id="kildesystemer-overskrift">"Kildesystemer"</h2>
                // The revoke's outcome takes focus: the button pressed goes
                // away with the reloaded list.
                {move || notice.get().map(|(kind, text)| view! { <Alert kind focus=true><p>{text}</p></Alert> })}
                // A Transition keeps the old list on screen while it reloads.
                <Transition fallback=|| view! { <Loading text="Henter kildesystemerne …"/> }>
                    {move || Suspend::new(async move {
                        match list.await {
                            Err(e) => view! { <ErrorAlert message=e.message() heading="Kildesystemerne kunne ikke hentes"/> }.into_any(),
                            Ok(l) if l.is_empty() => view! {
                                <Alert kind=AlertKind::Info><p>"Der er ingen kildesystemer endnu."</p></Alert>
                            }
                            .into_any(),
                            Ok(l) => view! { <CredentialTable list=l on_revoked/> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </Page>
    }
}

/// The token of a credential just created, shown this once, with a copy
/// button. Focused when it appears, so the admin hears it first.
#[component]
pub fn TokenOnce(created: CreatedCredential, on_hide: Callback<()>) -> impl IntoView {
    let CreatedCredential { credential, token } = created;
    let copied = RwSignal::new(None::<bool>);
    let alert = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = alert.get() {
            let _ = el.focus();
        }
    });
    let copy_token = token.clone();
    let copy = move |_| {
        let text = copy_token.clone();
        spawn_local(async move { copied.set(Some(copy_to_clipboard(&text).await)) });
    };
    let heading = format!("Kildesystemet {} er oprettet", credential.navn);
    view! {
        <div class="alert alert-warning token-once" role="region" tabindex="-1" node_ref=alert aria-labelledby="ny-noegle-overskrift">
            <crate::components::Icon name="warning" class="alert-icon"/>
            <div class="alert-body">
                <p class="alert-heading" id="ny-noegle-overskrift">{heading}</p>
                <div class="alert-text">
                    <p>
                        <strong>"Kopiér nøglen nu. Den vises ikke igen."</strong>
                        " Giv den til kildesystemet, og gem den et sikkert sted. Mister I den, skal kildesystemet tilbagekaldes og oprettes igen."
                    </p>
                    <div class="form-group">
                        <label class="form-label" for="ny-noegle">{format!("Nøgle til {} ({})", credential.navn, credential.kind.label())}</label>
                        <input
                            class="form-input token-value"
                            id="ny-noegle"
                            type="text"
                            readonly
                            spellcheck="false"
                            autocomplete="off"
                            value=token
                            on:focus=|ev| {
                                use wasm_bindgen::JsCast;
                                if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                    input.select();
                                }
                            }
                        />
                    </div>
                    <p class="token-actions">
                        <button class="button button-primary" type="button" on:click=copy>"Kopiér nøglen"</button>
                        " "
                        <button class="button button-secondary" type="button" on:click=move |_| on_hide.run(())>"Jeg har gemt nøglen"</button>
                    </p>
                    <p role="status" class="token-copied">
                        {move || match copied.get() {
                            Some(true) => "Nøglen er kopieret.",
                            Some(false) => "Nøglen kunne ikke kopieres. Markér den i feltet, og kopiér den selv.",
                            None => "",
                        }}
                    </p>
                </div>
            </div>
        </div>
    }
}

/// Copies `text` with the browser's clipboard; `false` when it refuses.
async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// "Opret kildesystem": navn and art.
#[component]
fn CreateForm(on_created: Callback<CreatedCredential>) -> impl IntoView {
    let navn = RwSignal::new(String::new());
    let art = RwSignal::new(None::<i64>);
    let tried = RwSignal::new(false);
    let server_navn = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let create = Action::new_local(|input: &NewCredential| {
        let input = input.clone();
        async move { api::create_credential(&input).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(c)) => {
            navn.set(String::new());
            art.set(None);
            tried.set(false);
            on_created.run(c);
        }
        Some(Err(e)) => {
            // A name in use (409) or a name the server refuses (422) belongs at the field.
            let at_name = e
                .fields()
                .iter()
                .find(|f| f.field == NAVN)
                .map(|f| f.message.clone())
                .or_else(|| (e.code() == Some(domain::codes::ALREADY_EXISTS)).then(|| e.message()));
            if at_name.is_none() {
                failure.set(Some(e.message()));
            }
            server_navn.set(at_name);
        }
        None => {}
    });
    let navn_error = Signal::derive(move || {
        if tried.get() && navn.with(|n| n.trim().is_empty()) {
            return Some(NAVN_REQUIRED.to_owned());
        }
        server_navn.get()
    });
    let art_error = Signal::derive(move || (tried.get() && art.get().is_none()).then(|| "Vælg, hvad kildesystemet sender.".to_owned()));
    let choices: Vec<Choice> =
        SourceKind::ALL.iter().map(|k| Choice::new(i64::from(k.code()), k.label()).with_hint(kind_hint(*k))).collect();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if create.pending().get_untracked() {
            return;
        }
        tried.set(true);
        failure.set(None);
        server_navn.set(None);
        let name = navn.get_untracked().trim().to_owned();
        let kind = art.get_untracked().and_then(kind_of);
        match (name.is_empty(), kind) {
            (false, Some(kind)) => {
                create.dispatch(NewCredential { navn: name, kind });
            }
            (true, _) => crate::components::dkfds::error_summary::focus_field(&domain::package::field_dom_id(NAVN)),
            (false, None) => crate::components::dkfds::error_summary::focus_field(&domain::package::field_dom_id(ART)),
        }
    };
    view! {
        <section class="create-credential" aria-labelledby="opret-kildesystem-overskrift">
            <h2 id="opret-kildesystem-overskrift">"Opret kildesystem"</h2>
            {move || failure.get().map(|m| view! { <ErrorAlert message=m heading="Kildesystemet blev ikke oprettet"/> })}
            <form novalidate on:submit=on_submit aria-labelledby="opret-kildesystem-overskrift">
                <FieldGroup field=NAVN label="Navn" required=true hint="Fx »Selvbetjening – borger.dk«." error=navn_error>
                    <input
                        class="form-input"
                        id=domain::package::field_dom_id(NAVN)
                        type="text"
                        required
                        maxlength="100"
                        autocomplete="off"
                        aria-invalid=move || navn_error.with(Option::is_some).then_some("true")
                        aria-describedby=move || described_by(NAVN, true, navn_error.with(Option::is_some))
                        bind:value=navn
                    />
                </FieldGroup>
                <RadioGroup
                    field=ART
                    legend="Art"
                    required=true
                    hint="Hvad kildesystemet sender. Nøglen kan kun bruges til den art."
                    options=choices
                    selected=art
                    on_select=Callback::new(move |k| art.set(Some(k)))
                    error=art_error
                />
                <div class="form-actions">
                    <button class="button button-primary" type="submit" aria-disabled=move || create.pending().get().then_some("true")>
                        {move || if create.pending().get() { "Opretter …" } else { "Opret kildesystem" }}
                    </button>
                </div>
            </form>
        </section>
    }
}

const COLUMNS: &[Column] = &[
    Column::text("Navn").row_header(),
    Column::text("Art"),
    Column::text("Oprettet").nowrap(),
    Column::text("Oprettet af"),
    Column::text("Status"),
    Column::text("Handling"),
];

#[component]
fn CredentialTable(list: Vec<Credential>, on_revoked: Callback<(AlertKind, String)>) -> impl IntoView {
    let active = list.iter().filter(|c| c.tilbagekaldt.is_none()).count();
    let caption = format!("{} kildesystemer, {} aktive", list.len(), active);
    view! {
        <Table caption=caption columns=COLUMNS>
            <tbody>
                {list.into_iter().map(|c| view! { <CredentialRow c on_revoked/> }).collect_view()}
            </tbody>
        </Table>
    }
}

#[component]
fn CredentialRow(c: Credential, on_revoked: Callback<(AlertKind, String)>) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let id = c.id;
    let name = c.navn.clone();
    let revoke = Action::new_local(move |_: &()| api::revoke_credential(id));
    let revoked_name = name.clone();
    Effect::new(move |_| match revoke.value().get() {
        Some(Ok(())) => {
            on_revoked.run((AlertKind::Success, format!("Kildesystemet {revoked_name} er tilbagekaldt. Dets nøgle virker ikke mere.")))
        }
        Some(Err(e)) => {
            // The list reloads, and the outcome takes focus (no focus back
            // to "Tilbagekald" here, which would race with it).
            on_revoked.run((AlertKind::Error, format!("Kildesystemet {revoked_name} blev ikke tilbagekaldt: {}", e.message())));
        }
        None => {}
    });
    let status = match &c.tilbagekaldt {
        None => "Aktiv".to_owned(),
        Some(t) => format!("Tilbagekaldt {}", format::timestamp(t)),
    };
    let is_active = c.tilbagekaldt.is_none();
    view! {
        <tr>
            <th scope="row">{c.navn.clone()}</th>
            <td>{c.kind.label()}</td>
            <td class="nowrap">{format::timestamp(&c.oprettet)}</td>
            <td>{c.oprettet_af.clone()}</td>
            <td>
                <span class=if is_active { "badge badge-success" } else { "badge" }>{status}</span>
            </td>
            <td class="credential-actions">
                {is_active.then(|| {
                    view! {
                        // Focus onto "Ja, tilbagekald", back to "Tilbagekald".
                        <ConfirmAction
                            label="Tilbagekald"
                            sr_suffix=format!(" {name}")
                            group_label=format!("Bekræft tilbagekaldelse af {name}")
                            question=format!("Tilbagekald {name}? Kildesystemet kan derefter ikke sende mere. ")
                            confirm_label="Ja, tilbagekald"
                            busy_label="Tilbagekalder …"
                            busy=revoke.pending()
                            focus=FocusOnAsk::Confirm
                            asking=confirming
                            on_confirm=Callback::new(move |()| {
                                revoke.dispatch(());
                            })
                            class="credential-confirm"
                        />
                    }
                })}
            </td>
        </tr>
    }
}
