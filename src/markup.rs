//! A small HTML writer for the display-only parts of the view.
//!
//! Why it exists: every distinct Leptos view type costs its own copy of the
//! build / rebuild / mount code in the wasm, and the site has a hard size
//! budget. Panels that only *show* the model (the network log, checklists,
//! session tables, build steps) are written here as one HTML string each and
//! handed to the page in one `inner_html`, which costs one code path for all.
//! Inputs, buttons with state and anything focusable the user types into stay
//! Leptos elements.
//!
//! Safety by construction: element and attribute *names* are `&'static str`
//! written in this crate; every *value* and every text goes through
//! [`escape`], so nothing a user types (a token, a claim, a cookie value) can
//! become markup. Elements are closed from a stack, so the output is always
//! well nested.

/// Elements that have no closing tag.
const VOID: [&str; 4] = ["br", "hr", "img", "input"];

/// Append `text` to `out` with the five HTML-significant characters escaped.
/// Safe both as element text and inside a double-quoted attribute value.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// `text` with the HTML-significant characters escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// An HTML fragment being written. Open elements are closed by [`Html::close`]
/// (innermost first) and all at the end by [`Html::finish`].
#[derive(Debug, Default)]
pub struct Html {
    out: String,
    open: Vec<&'static str>,
}

impl Html {
    /// An empty fragment.
    pub fn new() -> Html {
        Html::default()
    }

    /// Open `<tag attr="value" ...>`. Attributes with an empty name are
    /// skipped, so optional attributes can be written inline with
    /// [`Html::maybe`].
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Html {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            if name.is_empty() {
                continue;
            }
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value);
            self.out.push('"');
        }
        self.out.push('>');
        if !VOID.contains(&tag) {
            self.open.push(tag);
        }
        self
    }

    /// Close the innermost open element (nothing if none is open).
    pub fn close(&mut self) -> &mut Html {
        if let Some(tag) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
        }
        self
    }

    /// Escaped text.
    pub fn text(&mut self, text: &str) -> &mut Html {
        escape_into(&mut self.out, text);
        self
    }

    /// `<tag attrs>text</tag>`.
    pub fn el(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Html {
        self.open(tag, attrs).text(text).close()
    }

    /// Write `f`'s elements only when `cond` holds.
    pub fn when(&mut self, cond: bool, f: impl FnOnce(&mut Html)) -> &mut Html {
        if cond {
            f(self);
        }
        self
    }

    /// Close everything still open and return the markup.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }
}

/// An attribute that is written only when `on` holds: `maybe(on, "disabled", "")`.
pub fn maybe<'a>(on: bool, name: &'static str, value: &'a str) -> (&'static str, &'a str) {
    if on {
        (name, value)
    } else {
        ("", "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_significant_character() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("plain é ✓"), "plain é ✓");
    }

    #[test]
    fn values_cannot_break_out_of_attributes_or_text() {
        let mut h = Html::new();
        h.open("p", &[("data-x", "\" onmouseover=\"alert(1)")])
            .text("</p><script>alert(1)</script>");
        let html = h.finish();
        assert_eq!(
            html,
            "<p data-x=\"&quot; onmouseover=&quot;alert(1)\">&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>"
        );
    }

    #[test]
    fn closes_in_order_and_skips_void_and_empty_attributes() {
        let mut h = Html::new();
        h.open("ul", &[("class", "a"), maybe(false, "hidden", "")])
            .open("li", &[maybe(true, "disabled", "")])
            .open("input", &[("value", "v")])
            .el("b", &[], "x");
        assert_eq!(
            h.finish(),
            "<ul class=\"a\"><li disabled=\"\"><input value=\"v\"><b>x</b></li></ul>"
        );
    }

    #[test]
    fn extra_close_is_harmless() {
        let mut h = Html::new();
        h.close().el("i", &[], "1").close();
        assert_eq!(h.finish(), "<i>1</i>");
    }
}
