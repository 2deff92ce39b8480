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
  // Select the citation on focus, ready to copy.
  document.querySelectorAll(".citation").forEach((field) => field.addEventListener("focus", () => field.select()));
});
