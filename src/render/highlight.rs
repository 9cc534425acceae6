//! Build-time syntax highlighting with CSS classes (no client-side highlighter; colours live in
//! static/css for light and dark).

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlighted HTML for `code` (the inside of a `<code>`), and the language's name.
pub fn highlight(file_name: &str, code: &str) -> Result<(String, String), String> {
    let ss = syntaxes();
    let ext = file_name.rsplit('.').next().unwrap_or("");
    let syntax = ss
        .find_syntax_by_extension(ext)
        .unwrap_or_else(|| ss.find_syntax_plain_text());
    Ok((classed(syntax, code)?, syntax.name.clone()))
}

/// Whether a fenced block's language (` ```python `) is one the highlighter knows.
pub fn knows(lang: &str) -> bool {
    !lang.is_empty() && syntaxes().find_syntax_by_token(lang).is_some()
}

/// A fenced Markdown code block in a language [`knows`] accepts, as the same `<pre>` the
/// samples get (focusable, so a keyboard can scroll it). A block the highlighter fails on is
/// shown as plain escaped text rather than failing the page.
pub fn fenced(lang: &str, code: &str) -> String {
    let ss = syntaxes();
    let syntax = ss
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| ss.find_syntax_plain_text());
    let inner = classed(syntax, code).unwrap_or_else(|_| crate::render::esc(code));
    format!(
        "<pre class=\"code\" tabindex=\"0\"><code class=\"language-{}\">{inner}</code></pre>\n",
        crate::render::esc(lang)
    )
}

fn classed(syntax: &syntect::parsing::SyntaxReference, code: &str) -> Result<String, String> {
    let ss = syntaxes();
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, ClassStyle::Spaced);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line)
            .map_err(|e| format!("cannot highlight: {e}"))?;
    }
    Ok(gen.finalize())
}

#[cfg(test)]
mod tests {
    #[test]
    fn fenced_blocks_get_the_samples_markup() {
        assert!(super::knows("python") && super::knows("json") && !super::knows("klingon"));
        let html = super::fenced("python", "print(\"<b>\")\n");
        assert!(
            html.starts_with("<pre class=\"code\" tabindex=\"0\"><code class=\"language-python\">"),
            "{html}"
        );
        assert!(
            html.contains("class=\"") && html.contains("&lt;b&gt;"),
            "{html}"
        );
    }

    #[test]
    fn python_gets_classes() {
        let (html, lang) = super::highlight("a.py", "import boto3\nx = \"<b>\"\n").unwrap();
        assert_eq!(lang, "Python");
        assert!(html.contains("class=\"keyword"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }
}
