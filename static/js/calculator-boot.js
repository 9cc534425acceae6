// Starts the calculator's WebAssembly once its widget is near the viewport or gets focus, so a
// page where the calculator sits further down (the article) does not fetch it for its first view.
// Without JavaScript or WebAssembly the prerendered results stay on the page as they are.
// The form's field names this script reads, as calculator/src/fields.rs names them (a test in
// calculator/tests/widget.rs checks them against the fields and the rendered form).
const MODEL = "model";
const TOKENS_FROM = "tokens_from";
const ITEMS = "discount_item";

const root = document.getElementById("calculator");
if (root) {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    import("./calculator.js")
      .then((m) => m.default().then(() => {
        applyQuery();
        showModelNotes();
        m.start(patch);
      }))
      .then(keepUrl)
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
// `innerHTML = html` would leave it, but only the nodes that differ are touched, so the browser
// re-lays out a few changed figures instead of a whole new table. (Which breakdowns are open is
// in the HTML: the wasm handles clicks on their summaries.)
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
  const had = old.attributes;
  for (let i = had.length - 1; i >= 0; i--) {
    const name = had[i].name;
    if (!next.hasAttribute(name)) old.removeAttribute(name);
  }
  const wanted = next.attributes;
  for (let i = 0; i < wanted.length; i++) {
    const { name, value } = wanted[i];
    if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
}

// The scenario lives in the URL, as the browser serialises the form (the names and values the
// generator's `scenario_query` writes), so a copied link reopens the same figures. This is page
// plumbing with no arithmetic in it, kept out of the wasm to leave its size budget to the model.
const form = document.getElementById("calc-form");

// Sets the form from `?name=value` pairs before the wasm starts, when they are a scenario (every
// scenario link names its model; `?utm_source=...` alone is not one).
function applyQuery() {
  const params = new URLSearchParams(location.search);
  if (!form || !params.has(MODEL)) return;
  for (const el of form.querySelectorAll("input[type=number], select")) {
    const value = params.get(el.name);
    if (value !== null) el.value = value;
  }
  // Unchecked boxes are absent from a form's query: a box is checked when its value is listed.
  const chosen = params.getAll(ITEMS);
  for (const box of form.querySelectorAll(`input[name=${ITEMS}]`)) {
    box.checked = chosen.includes(box.value);
  }
}

// The chosen model's lifecycle, tier and tokenizer notes, prerendered for every model (and
// every tokenizer counts may come from): show the ones that match the form.
function showModelNotes() {
  const model = form?.elements[MODEL]?.value;
  const from = form?.elements[TOKENS_FROM]?.value ?? "";
  for (const el of document.querySelectorAll("#calc-notes [data-model]")) {
    el.hidden = el.dataset.model !== model;
  }
  for (const el of document.querySelectorAll("#calc-notes [data-from]")) {
    el.hidden = el.dataset.from !== from;
  }
}

function writeQuery() {
  history.replaceState(null, "", "?" + new URLSearchParams(new FormData(form)));
}

// The copy button's message: said afresh each time (a status that does not change is not
// announced again), and cleared when the scenario changes and the copied link no longer matches.
function say(text) {
  const status = document.getElementById("calc-copied");
  if (status) status.textContent = text;
}

function keepUrl() {
  // Committed values only (`change`, not `input`): browsers throttle replaceState, and a key
  // held down in a number field fires `input` many times a second.
  form.addEventListener("change", () => {
    writeQuery();
    showModelNotes();
    say("");
  });
  form.addEventListener("click", (e) => {
    const action = e.target.closest("[data-action]")?.dataset.action;
    if (action === "reset") {
      // The wasm resets the form and the figures; the scenario leaves the URL.
      history.replaceState(null, "", location.pathname);
      setTimeout(showModelNotes);
      say("");
    } else if (action === "copy") {
      writeQuery();
      say("");
      // No clipboard outside secure contexts (plain http on another host than localhost).
      const clipboard = navigator.clipboard;
      (clipboard ? clipboard.writeText(location.href) : Promise.reject()).then(
        () => say("Link copied"),
        () => say("Copy the address in the address bar instead"),
      );
    }
  });
}
