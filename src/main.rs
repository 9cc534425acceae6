//! `sitegen`: renders the comparison site from `data/`, `content/` and `templates/`.
fn main() {
    eprintln!("sitegen: not yet implemented");
    std::process::exit(2);
}
