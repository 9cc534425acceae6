// The usage-log importer's worker: streams the reader's file into the importer's WebAssembly
// (calculator/reprice/) and posts progress, then the report's HTML. It runs off the page's
// thread, so a 100 MB log never freezes the page; cancelling terminates it. It makes no
// request but the one for its own wasm, which it loads as soon as it starts (before any file).
import init, { clear, open, push, records, finish, memory_bytes } from "./reprice.js";

const ready = init().then(
  () => postMessage({ ready: true }),
  (e) => postMessage({ error: "The importer could not start: " + e }),
);

onmessage = async (e) => {
  const { file, data, model } = e.data;
  await ready;
  try {
    // The last log's memory is reused for this one (nothing of it is alive now).
    clear();
    if (!open(data, model)) throw new Error("the page holds no price data");
    const total = file.size || 1;
    let read = 0;
    // Progress counts the file's own bytes, before any decompression.
    const counter = new TransformStream({
      transform(chunk, out) {
        read += chunk.byteLength;
        out.enqueue(chunk);
      },
    });
    const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
    let stream = file.stream().pipeThrough(counter);
    if (head[0] === 0x1f && head[1] === 0x8b && "DecompressionStream" in self) {
      stream = stream.pipeThrough(new DecompressionStream("gzip"));
    }
    const reader = stream.getReader();
    let last = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      push(value);
      const now = Date.now();
      if (now - last > 100) {
        last = now;
        postMessage({ progress: read / total, records: records() });
      }
    }
    postMessage({ progress: 1, records: records() });
    const html = finish();
    postMessage({ html, memory: memory_bytes() });
  } catch (err) {
    postMessage({ error: "Could not read the file: " + (err && err.message ? err.message : err) });
  }
};
