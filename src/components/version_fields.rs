//! The fields every version of a temporal record has (a package, a system
//! parameter): Ændringsårsag, Gyldig fra and Gyldig til, in DKFDS markup
//! with their messages. DOM ids `felt-aendringsaarsag`, `felt-gyldig_fra`,
//! `felt-gyldig_til` (as `domain::package::PackageField` names them).

use crate::components::dkfds::choice::{described_by, FieldGroup};
use domain::package::field_dom_id;
use leptos::prelude::*;

/// Which of the three fields an input is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionField {
    Aendringsaarsag,
    GyldigFra,
    GyldigTil,
}

impl VersionField {
    fn name(self) -> &'static str {
        match self {
            VersionField::Aendringsaarsag => "aendringsaarsag",
            VersionField::GyldigFra => "gyldig_fra",
            VersionField::GyldigTil => "gyldig_til",
        }
    }
}

/// The three values as typed, and the message shown at each.
#[derive(Clone, Copy)]
pub struct VersionValues {
    pub aendringsaarsag: Signal<String>,
    pub gyldig_fra: Signal<String>,
    pub gyldig_til: Signal<String>,
    pub errors: [Signal<Option<String>>; 3],
}

#[component]
pub fn VersionFields(
    /// Under "Ændringsårsag": what the reason is for.
    reason_hint: &'static str,
    #[prop(optional)] reason_required: bool,
    values: VersionValues,
    on_input: Callback<(VersionField, String)>,
) -> impl IntoView {
    let [reason_error, fra_error, til_error] = values.errors;
    let invalid = move |e: Signal<Option<String>>| move || e.with(Option::is_some).then_some("true");
    let described =
        move |f: VersionField, hint: bool, e: Signal<Option<String>>| move || described_by(f.name(), hint, e.with(Option::is_some));
    let input = move |f: VersionField| move |ev: leptos::ev::Event| on_input.run((f, event_target_value(&ev)));
    use VersionField as V;
    view! {
        <FieldGroup field=V::Aendringsaarsag.name() label="Ændringsårsag" hint=reason_hint required=reason_required error=reason_error>
            <textarea
                class="form-input"
                id=field_dom_id(V::Aendringsaarsag.name())
                rows="2"
                required=reason_required
                aria-invalid=invalid(reason_error)
                aria-describedby=described(V::Aendringsaarsag, true, reason_error)
                prop:value=move || values.aendringsaarsag.get()
                on:input=input(V::Aendringsaarsag)
            ></textarea>
        </FieldGroup>
        <div class="validity-fields">
            <FieldGroup field=V::GyldigFra.name() label="Gyldig fra" required=true error=fra_error>
                <input
                    class="form-input form-input--date"
                    id=field_dom_id(V::GyldigFra.name())
                    type="date"
                    required
                    aria-invalid=invalid(fra_error)
                    aria-describedby=described(V::GyldigFra, false, fra_error)
                    prop:value=move || values.gyldig_fra.get()
                    on:input=input(V::GyldigFra)
                />
            </FieldGroup>
            <FieldGroup field=V::GyldigTil.name() label="Gyldig til" hint="Tom: gyldig indtil videre." error=til_error>
                <input
                    class="form-input form-input--date"
                    id=field_dom_id(V::GyldigTil.name())
                    type="date"
                    aria-invalid=invalid(til_error)
                    aria-describedby=described(V::GyldigTil, true, til_error)
                    prop:value=move || values.gyldig_til.get()
                    on:input=input(V::GyldigTil)
                />
            </FieldGroup>
        </div>
    }
}
