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
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, ClassStyle::Spaced);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line)
            .map_err(|e| format!("cannot highlight: {e}"))?;
    }
    Ok((gen.finalize(), syntax.name.clone()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn python_gets_classes() {
        let (html, lang) = super::highlight("a.py", "import boto3\nx = \"<b>\"\n").unwrap();
        assert_eq!(lang, "Python");
        assert!(html.contains("class=\"keyword"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }
}
