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
      .then((m) => m.default().then(() => m.start(patch)))
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

// The wasm renders each update as HTML; this puts it into the element `id`. The tree ends up as
// `innerHTML = html` would leave it (except that a breakdown the reader opened stays open), but
// only the nodes that differ are touched, so the browser re-lays out a few changed figures
// instead of a whole new table.
const parser = document.createElement("template");
function patch(id, html) {
  const into = document.getElementById(id);
  if (!into) return;
  parser.innerHTML = html;
  morph(into, parser.content);
}

// Makes `into`'s children equal to `from`'s, moving new nodes out of `from` where they differ.
// Subtrees the browser finds equal (`isEqualNode`, compared natively) are skipped whole.
function morph(into, from) {
  let old = into.firstChild;
  let next = from.firstChild;
  while (next) {
    const after = next.nextSibling;
    if (!old) {
      into.appendChild(next);
    } else if (old.nodeName !== next.nodeName) {
      into.replaceChild(next, old);
      old = next;
    } else if (old.nodeType !== Node.ELEMENT_NODE) {
      if (old.nodeValue !== next.nodeValue) old.nodeValue = next.nodeValue;
    } else if (!old.isEqualNode(next)) {
      syncAttributes(old, next);
      morph(old, next);
    }
    old = old && old.nextSibling;
    next = after;
  }
  while (old) {
    const gone = old;
    old = old.nextSibling;
    gone.remove();
  }
}

// Indexed loops: iterating `attributes` with for-of and spreads doubled the cost of an update.
function syncAttributes(old, next) {
  // `open` on a <details> is the reader's choice, not the render's.
  const keep = old.nodeName === "DETAILS" ? "open" : "";
  const had = old.attributes;
  for (let i = had.length - 1; i >= 0; i--) {
    const name = had[i].name;
    if (name !== keep && !next.hasAttribute(name)) old.removeAttribute(name);
  }
  const wanted = next.attributes;
  for (let i = 0; i < wanted.length; i++) {
    const { name, value } = wanted[i];
    if (name !== keep && old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
}
