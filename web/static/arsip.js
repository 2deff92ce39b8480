// Progressive enhancement only: every feature works without this file.
document.addEventListener("DOMContentLoaded", () => {
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
