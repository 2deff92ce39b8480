// Progressive enhancement only: every feature works without this file.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  // "/" puts the cursor in the search box, as on many search sites (not while typing elsewhere).
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const box = document.getElementById("q");
      if (box) {
        event.preventDefault();
        box.focus();
        box.select();
      }
    }
    if (event.key === "Escape" && document.documentElement.classList.contains("filters-open")) {
      showFilters(false);
    }
  });
  // On a phone the facets open over the results from a "Saring" button, and close again.
  const opener = document.querySelector(".show-filters");
  const closer = document.querySelector(".hide-filters");
  function showFilters(open) {
    document.documentElement.classList.toggle("filters-open", open);
    if (opener) opener.setAttribute("aria-expanded", String(open));
    if (open && closer) closer.focus();
    if (!open && opener) opener.focus();
  }
  if (opener) {
    opener.addEventListener("click", (event) => {
      event.preventDefault();
      showFilters(true);
    });
  }
  if (closer) {
    closer.hidden = false;
    closer.addEventListener("click", () => showFilters(false));
  }
  // A filter box for long facet lists.
  document.querySelectorAll(".facet-filter").forEach((input) => {
    input.hidden = false;
    const facet = input.closest(".facet");
    input.addEventListener("input", () => {
      const needle = input.value.toLowerCase();
      const details = facet.querySelector("details");
      if (details && needle) details.open = true;
      facet.querySelectorAll("li").forEach((li) => {
        li.hidden = needle && !li.textContent.toLowerCase().includes(needle);
      });
    });
  });
  // Select the citation on focus, ready to copy; a copy button where the clipboard is available.
  document.querySelectorAll(".citation").forEach((field) => field.addEventListener("focus", () => field.select()));
  document.querySelectorAll("button.copy").forEach((button) => {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      await navigator.clipboard.writeText(field.value);
      button.textContent = button.dataset.done;
    });
  });
});
