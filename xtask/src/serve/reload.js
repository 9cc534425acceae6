// Dev server only (`cargo xtask serve`), injected into every served HTML page.
// Reloads the tab after a good rebuild and shows a failed rebuild's errors as an overlay.
// Everything is built with DOM APIs and textContent: error text is never parsed as HTML.
// Styles go through the CSSOM (element.style), which the strict CSP allows.

const OVERLAY_ID = "xtask-dev-overlay";
let seenBuild = null;

const events = new EventSource("/__dev/events");

events.addEventListener("build", (event) => {
  if (seenBuild !== null && event.data !== seenBuild) {
    location.reload();
    return;
  }
  seenBuild = event.data;
  removeOverlay();
});

events.addEventListener("building", () => {
  showOverlay("Rebuilding\u2026", "", false);
});

events.addEventListener("build-error", (event) => {
  showOverlay(
    "Build failed: still serving the last good build",
    event.data,
    true,
  );
});

function removeOverlay() {
  document.getElementById(OVERLAY_ID)?.remove();
}

function showOverlay(title, details, isError) {
  removeOverlay();
  const box = document.createElement("section");
  box.id = OVERLAY_ID;
  box.setAttribute("role", isError ? "alert" : "status");
  box.setAttribute("aria-label", "Development build status");
  Object.assign(box.style, {
    position: "fixed",
    zIndex: "2147483647",
    left: isError ? "0" : "auto",
    right: "0",
    bottom: "0",
    top: isError ? "0" : "auto",
    margin: isError ? "1rem" : "0.5rem",
    padding: "1rem",
    overflow: "auto",
    background: isError ? "#18181b" : "rgba(24, 24, 27, 0.9)",
    color: "#fafafa",
    border: isError ? "3px solid #ef4444" : "1px solid #71717a",
    borderRadius: "0.5rem",
    font: "14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
    boxShadow: "0 10px 30px rgba(0, 0, 0, 0.5)",
  });

  const heading = document.createElement("strong");
  heading.textContent = title;
  Object.assign(heading.style, {
    display: "block",
    color: isError ? "#fca5a5" : "#fafafa",
  });
  box.append(heading);

  if (details) {
    const pre = document.createElement("pre");
    pre.textContent = details;
    Object.assign(pre.style, {
      whiteSpace: "pre-wrap",
      margin: "0.75rem 0",
      font: "inherit",
    });
    box.append(pre);
  }

  if (isError) {
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide until the next build";
    close.addEventListener("click", removeOverlay);
    box.append(close);
  }

  (document.body ?? document.documentElement).append(box);
  if (isError) {
    box.querySelector("button")?.focus();
  }
}

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    removeOverlay();
  }
});
