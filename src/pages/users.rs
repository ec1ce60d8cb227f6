//! `/systemadministration/brugere`: "Brugere og roller". Every user with
//! their roles as checkboxes; "Gem roller" gives a user exactly the roles
//! checked (one audited write on the server); a change not yet saved is
//! marked and kept in the tab until saved; "Log ud overalt" ends all of a
//! user's sessions. Admins only.

use crate::api;
use crate::components::confirm_action::{ConfirmAction, FocusOnAsk};
use crate::components::dkfds::choice::{CheckboxSet, Choice};
use crate::components::{Alert, AlertKind, ErrorAlert, Loading, NoAdminAccess, Page};
use crate::routes;
use crate::session::use_session;
use crate::storage;
use domain::model::Rolle;
use domain::wire::users::UserSummary;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    if !use_session().is_admin() {
        return view! { <NoAdminAccess/> }.into_any();
    }
    let data = LocalResource::new(|| async { Ok::<_, api::Error>((api::users().await?, api::roles().await?)) });
    view! {
        <Page title="Brugere og roller">
            <p>
                "En brugers roller bestemmer, hvilke opgavepakker brugeren ser, og hvad brugeren må. Roller og deres rettigheder oprettes under "
                <a class="function-link" href=routes::ROLES>"Administrer roller"</a>"."
            </p>
            <Suspense fallback=|| view! { <Loading text="Henter brugere …"/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorAlert message=e.message() heading="Brugerne kunne ikke hentes"/> }.into_any(),
                        Ok((users, roles)) => view! {
                            <div class="table--responsive-scroll" role="region" aria-label="Brugere" tabindex="0">
                                <table class="table table--compact table--zebra role-table">
                                    <caption>{format!("{} brugere", users.len())}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">"Brugernavn"</th>
                                            <th scope="col">"Navn"</th>
                                            <th scope="col">"Roller"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {users.into_iter().map(|u| view! { <UserRow u roles=roles.clone()/> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
    .into_any()
}

#[component]
fn UserRow(u: UserSummary, roles: Vec<Rolle>) -> impl IntoView {
    let id = u.id;
    // The roles as saved, and as checked: a change not yet saved is kept
    // in the tab (`sessionStorage`) until it is saved or checked back, so
    // leaving the page does not lose it.
    let saved = RwSignal::new(u.roller.clone());
    let draft_key = storage::draft_key(&format!("{}#{id}", routes::USERS));
    let mut restored: Option<Vec<i64>> = storage::read(&draft_key);
    if let Some(r) = restored.as_mut() {
        r.retain(|k| roles.iter().any(|role| role.id == *k));
    }
    let selected = RwSignal::new(restored.unwrap_or_else(|| u.roller.clone()));
    let unsaved = Memo::new(move |_| {
        let sorted = |mut v: Vec<i64>| {
            v.sort_unstable();
            v
        };
        sorted(selected.get()) != sorted(saved.get())
    });
    // Every change while unsaved is kept (tracks the checked roles, not
    // only whether they differ).
    Effect::new(move |_| {
        let checked = selected.get();
        if unsaved.get() {
            storage::write(&draft_key, &checked);
        } else {
            storage::remove(&draft_key);
        }
    });
    let notice = RwSignal::new(None::<Result<String, String>>);
    let save = Action::new_local(move |roller: &Vec<i64>| api::set_user_roles(id, roller.clone()));
    let name = u.navn.clone();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(done)) => {
            saved.set(done.roller.clone());
            selected.set(done.roller);
            notice.set(Some(Ok(format!("Rollerne for {name} er gemt."))));
        }
        Some(Err(e)) => notice.set(Some(Err(e.message()))),
        None => {}
    });
    let on_toggle = Callback::new(move |(key, on): (i64, bool)| {
        selected.update(|s| {
            s.retain(|r| *r != key);
            if on {
                s.push(key);
            }
        });
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        save.dispatch(selected.get_untracked());
    };
    let ended = RwSignal::new(None::<Result<String, String>>);
    let end = Action::new_local(move |_: &()| api::end_user_sessions(id));
    let who = u.navn.clone();
    let confirming = RwSignal::new(false);
    // An answer, either way, closes the question.
    Effect::new(move |_| {
        let Some(answer) = end.value().get() else { return };
        confirming.set(false);
        ended.set(Some(
            answer
                .map(|e| {
                    let n = e.afsluttede;
                    format!("{who} er logget ud overalt ({n} {} afsluttet).", if n == 1 { "session" } else { "sessioner" })
                })
                .map_err(|e| e.message()),
        ));
    });
    let is_me = use_session().user().is_some_and(|m| m.brugernavn == u.brugernavn);
    let question = if is_me {
        "Log dig selv ud af alle dine sessioner, også denne? ".to_owned()
    } else {
        format!("Log {} ud af alle sessioner? ", u.navn)
    };
    let options: Vec<Choice> = roles.iter().map(|r| Choice::new(r.id, r.navn.clone())).collect();
    let admin_note = u.admin.then_some(" (systemadministrator)");
    let unsaved_id = format!("bruger-{id}-ikke-gemt");
    view! {
        <tr>
            <th scope="row">{u.brugernavn.clone()}</th>
            <td>{u.navn.clone()}{admin_note}</td>
            <td>
                <form novalidate on:submit=on_submit>
                    <CheckboxSet id_prefix=format!("bruger-{id}-rolle") legend=format!("Roller for {}", u.navn) options selected on_toggle/>
                    <p class="form-hint user-unsaved" id=unsaved_id.clone() hidden=move || !unsaved.get()>
                        "Ændringerne er ikke gemt."
                    </p>
                    <button class="button button-secondary" type="submit" aria-describedby=move || unsaved.get().then(|| unsaved_id.clone())>
                        "Gem roller" <span class="sr-only">{format!(" for {}", u.navn)}</span>
                    </button>
                    <Outcome notice heading="Rollerne blev ikke gemt"/>
                </form>
                // It asks first; focus onto "Annuller", and back.
                <ConfirmAction
                    label="Log ud overalt"
                    sr_suffix=format!(" for {}", u.navn)
                    group_label=format!("Bekræft log ud overalt for {}", u.navn)
                    question
                    confirm_label="Ja, log ud overalt"
                    busy_label="Logger ud …"
                    busy=end.pending()
                    focus=FocusOnAsk::Cancel
                    asking=confirming
                    on_ask=Callback::new(move |()| ended.set(None))
                    on_confirm=Callback::new(move |()| {
                        end.dispatch(());
                    })
                    class="user-confirm"
                />
                <Outcome notice=ended heading="Sessionerne blev ikke afsluttet"/>
            </td>
        </tr>
    }
}

/// What an action of a row came to: a success sentence, or the error under
/// `heading`; announced to screen readers.
#[component]
fn Outcome(notice: RwSignal<Option<Result<String, String>>>, heading: &'static str) -> impl IntoView {
    view! {
        <div aria-live="polite">
            {move || notice.get().map(|n| match n {
                Ok(text) => view! { <Alert kind=AlertKind::Success><p>{text}</p></Alert> }.into_any(),
                Err(m) => view! { <ErrorAlert message=m heading=heading/> }.into_any(),
            })}
        </div>
    }
}
