// The usage-log importer on the calculator page: the file input and drop zone, the progress bar
// and the cancel button. The reading and the report are the worker's (reprice-worker.js); this
// only moves the file to it and its HTML into the page. The worker starts, and fetches its
// wasm, when the reader first comes near the importer (scrolled near, pointer, focus or a
// dragged file), so no
// request is made once a file is being read. `data-state` on the section says where it is:
// loading, ready, reading, done, cancelled or failed.
const root = document.getElementById("reprice");
if (root) {
  const input = document.getElementById("reprice-file");
  const drop = document.getElementById("reprice-drop");
  const progress = document.getElementById("reprice-progress");
  const bar = document.getElementById("reprice-bar");
  const status = document.getElementById("reprice-status");
  const out = document.getElementById("reprice-out");
  let worker = null;
  let ready = null;

  const fail = (text) => {
    root.dataset.state = "failed";
    progress.hidden = true;
    out.innerHTML = "";
    const p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.textContent = text;
    out.appendChild(p);
  };

  const start = () => {
    if (worker) return ready;
    if (!root.dataset.worker) {
      fail("This build of the site has no importer: it was built without its WebAssembly.");
      return Promise.reject(new Error("no importer"));
    }
    root.dataset.state = "loading";
    worker = new Worker(root.dataset.worker, { type: "module" });
    const w = worker;
    ready = new Promise((resolve, reject) => {
      w.onmessage = (e) => {
        if (e.data.ready) {
          if (root.dataset.state === "loading") root.dataset.state = "ready";
          resolve();
        } else if (e.data.error) {
          reject(new Error(e.data.error));
        }
      };
      w.onerror = (e) => reject(new Error(e.message || "the importer could not start"));
    });
    ready.catch((e) => fail(e.message));
    return ready;
  };

  const read = async (file) => {
    if (!file) return;
    // Set before anything waits, so a script watching the state never sees the last file's.
    root.dataset.state = "reading";
    out.innerHTML = "";
    progress.hidden = false;
    bar.value = 0;
    bar.textContent = "0%";
    status.textContent = "Starting…";
    try {
      await start();
    } catch {
      return;
    }
    status.textContent = "Reading " + file.name + "…";
    const w = worker;
    w.onmessage = (e) => {
      const m = e.data;
      if (m.progress !== undefined) {
        const pct = Math.round(m.progress * 100);
        bar.value = pct;
        bar.textContent = pct + "%";
        status.textContent = "Reading " + file.name + ": " + pct + "%, " +
          m.records.toLocaleString("en-US") + " requests so far";
      } else if (m.html !== undefined) {
        progress.hidden = true;
        out.innerHTML = m.html;
        // The wasm memory the read took, for the benchmark.
        root.dataset.memory = m.memory;
        root.dataset.state = "done";
      } else if (m.error) {
        fail(m.error);
      }
    };
    w.onerror = (e) => {
      e.preventDefault();
      // A failed worker is gone: the next file gets a new one.
      worker = null;
      fail("Could not read the file: " + (e.message || "the importer stopped") +
        ". A file too large for this browser can be re-priced with the command line: sitegen reprice FILE.");
    };
    const form = document.getElementById("calc-form");
    const model = form && form.elements.namedItem("model");
    w.postMessage({
      file,
      data: document.getElementById("calculator-data").textContent,
      model: model ? model.value : "",
    });
  };

  document.getElementById("reprice-cancel").addEventListener("click", () => {
    if (worker) worker.terminate();
    worker = null;
    progress.hidden = true;
    root.dataset.state = "cancelled";
    out.textContent = "Cancelled: nothing was kept.";
    input.value = "";
  });
  input.addEventListener("change", () => read(input.files[0]));
  const near = () => start().catch(() => {});
  root.addEventListener("pointerenter", near, { once: true });
  root.addEventListener("focusin", near, { once: true });
  document.addEventListener("dragenter", near, { once: true });
  if ("IntersectionObserver" in window) {
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        near();
      }
    }, { rootMargin: "200px" });
    io.observe(root);
  }
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add("calc-drop-over");
    });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("calc-drop-over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("calc-drop-over");
    read(e.dataTransfer && e.dataTransfer.files[0]);
  });
}
