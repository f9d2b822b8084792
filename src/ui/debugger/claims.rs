//! The claims explained: each registered claim in words, times in UTC and
//! relative to the clock, a few hundred at a time.

use super::*;

/// Each claim with its value, its meaning and, for times, the date. Long
/// lists are drawn a page at a time.
#[component]
pub(super) fn ClaimsExplained(claims: Memo<Vec<ClaimView>>) -> impl IntoView {
    let limit = RwSignal::new(CLAIMS_PAGE);
    let total = Memo::new(move |_| claims.with(Vec::len));
    let shown = move || total.get().min(limit.get());
    view! {
        <div class="claims" data-testid="debugger-claims">
            <h3 class="sub">"Claims explained"</h3>
            <dl>
                <For each=move || 0..shown() key=|i| *i let:index>
                    <ClaimRow claims index />
                </For>
            </dl>
            <Show when=move || { total.get() > shown() }>
                <p class="field-note">{move || format!("Showing {} of {}.", count(shown(), "claim", "claims"), count(total.get(), "claim", "claims"))}</p>
                <button type="button" class="btn" data-testid="claims-show-more"
                    on:click=move |_| limit.update(|l| *l = l.saturating_add(CLAIMS_PAGE))>
                    {move || format!("Show {} more", total.get().saturating_sub(shown()).min(CLAIMS_PAGE))}
                </button>
            </Show>
        </div>
    }
}

/// A claim's JSON value as shown: long ones shortened (a string inside its
/// quotes, so the length given is the string's), hidden controls made visible.
pub(super) fn shown_value(json: &str) -> String {
    let inner = json
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .filter(|_| json.len() >= 2);
    match inner {
        Some(inner) => format!("\"{}\"", reveal_controls(&shorten(inner, VALUE_CHARS))),
        None => reveal_controls(&shorten(json, VALUE_CHARS)).into_owned(),
    }
}

#[component]
pub(super) fn ClaimRow(claims: Memo<Vec<ClaimView>>, index: usize) -> impl IntoView {
    let claim = Memo::new(move |_| claims.with(|c| c.get(index).cloned()));
    let text = move |f: fn(&ClaimView) -> String| {
        move || claim.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    let bidi = move || claim.with(|c| c.as_ref().map_or(0, |c| c.bidi));
    view! {
        <div class="claim" data-claim=text(|c| c.name.clone())>
            <dt>
                <code>{text(|c| reveal_controls(&shorten(&c.name, VALUE_CHARS)).into_owned())}</code>
                " = "
                <code class="claim-value">{text(|c| shown_value(&c.value))}</code>
            </dt>
            <dd>
                {move || claim.with(|c| c.as_ref().and_then(|c| c.meaning)).map(|m| view! { <span class="claim-meaning">{m}</span> })}
                {move || claim.with(|c| c.as_ref().and_then(|c| c.time.clone())).map(|t| view! { <span class="claim-time">{t}</span> })}
                <Show when=move || { bidi() > 0 }>
                    <span class="warning claim-warning" data-testid="claim-bidi-warning">
                        {move || format!("⚠ Holds {}, shown as ⟨U+…⟩: as plain text it would display in another order than its bytes.", count(bidi(), "hidden direction control", "hidden direction controls"))}
                    </span>
                </Show>
            </dd>
        </div>
    }
}
