//! Test tooling that never ships with the site: the project's nginx server block run on
//! 127.0.0.1 (`nginx`), a minimal HTTP client that shows the bytes as sent (`http`), a static
//! server with the published headers for the browser tests (`server`), and `which`. A
//! dev-dependency of the generator's tests; the e2e crate and the xtask link it without the
//! generator.

pub mod http;
pub mod nginx;
pub mod server;

use std::path::{Path, PathBuf};

/// An executable called `name` on `PATH`, else in `extra` folders (Debian's `/usr/sbin` is not on
/// every user's `PATH`).
pub fn which(name: &str, extra: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(extra.iter().map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    #[test]
    fn which_finds_sh_and_not_a_made_up_name() {
        assert!(super::which("sh", &[]).is_some());
        assert_eq!(super::which("no-such-tool-3f9a", &["/usr/sbin"]), None);
    }
}
