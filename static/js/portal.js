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
