// Progressive enhancement only: every page works without this file.
// Item picker: typing filters the checkbox list by code or Thai name ("O11", "รายงานการกำกับ").
document.addEventListener("input", (event) => {
  const box = event.target.closest(".picker-search");
  if (!box) return;
  const words = box.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  document.querySelectorAll(`#${box.dataset.picker} .choice`).forEach((label) => {
    const text = label.dataset.text || "";
    const checked = label.querySelector("input")?.checked;
    label.hidden = !checked && !words.every((w) => text.includes(w));
  });
});

// The plan page's inline progress editor (#editor): a panel fixed at the bottom of the window while it
// holds a form. "ปิด", "ยกเลิก" and Escape close it; a save answers with out-of-band swaps only (the cell,
// the status counts, the message), which leaves the panel nothing but whitespace, and that closes it too.
// While it is open the page gets room below the table as tall as the panel, so the last rows and the
// pager can still be scrolled into view above it.
(() => {
  const panel = document.getElementById("editor");
  if (!panel) return;
  let openedFrom = null; // the id of the progress cell whose "รายงานผล" opened the panel
  let wasOpen = false;

  const sync = () => {
    if (!panel.firstElementChild && panel.childNodes.length) panel.replaceChildren();
    const open = panel.childNodes.length > 0;
    document.body.classList.toggle("editor-open", open);
    document.documentElement.style.setProperty("--editor-space", open ? `${panel.offsetHeight + 16}px` : "0px");
    if (wasOpen && !open && openedFrom) {
      document.getElementById(openedFrom)?.querySelector("a, button")?.focus();
    }
    wasOpen = open;
  };
  const close = () => {
    panel.replaceChildren();
    sync();
  };

  document.addEventListener("click", (event) => {
    if (event.target.closest("#editor [data-editor-close]")) {
      event.preventDefault();
      close();
      return;
    }
    const cell = event.target.closest(".progress-cell");
    if (cell && event.target.closest('[hx-target="#editor"]')) openedFrom = cell.id;
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && panel.childNodes.length) close();
  });
  document.addEventListener("htmx:afterSettle", sync);
  if ("ResizeObserver" in window) new ResizeObserver(sync).observe(panel);
})();
