// Starts the calculator's WebAssembly once its widget is near the viewport or gets focus, so a
// page where the calculator sits further down (the article) does not fetch it for its first view.
// Without JavaScript or WebAssembly the prerendered results stay on the page as they are.
const root = document.getElementById("calculator");
if (root) {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    import("./calculator.js")
      .then((m) => m.default().then(() => m.start()))
      .catch((e) => console.error("calculator: could not start", e));
  };
  root.addEventListener("focusin", start, { once: true });
  if ("IntersectionObserver" in window) {
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        start();
      }
    }, { rootMargin: "300px" });
    io.observe(root);
  } else {
    start();
  }
}
