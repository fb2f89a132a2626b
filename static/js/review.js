// The review pages: a flag note's length counted as the reviewer types, against its limit
// (data-limit). Over the limit the form will not send, with the reason on the field; nothing is
// cut, so the text stays for shortening. The server refuses the same notes without JavaScript.
(function () {
  "use strict";
  const format = (n) => n.toLocaleString("en");

  function count(input) {
    const limit = Number(input.dataset.limit);
    // Characters as the server counts them: code points, without surrounding whitespace.
    const used = Array.from(input.value.trim()).length;
    const label = document.getElementById(input.getAttribute("aria-describedby") || "");
    const over = used - limit;
    input.setCustomValidity(
      over > 0 ? `Shorten the note by ${format(over)} characters (the limit is ${format(limit)}).` : ""
    );
    if (!label) return;
    label.classList.toggle("over", over > 0);
    label.textContent =
      over > 0
        ? `${format(used)} of ${format(limit)} characters: ${format(over)} too many.`
        : `${format(used)} of ${format(limit)} characters.`;
  }

  function countAll(root) {
    root.querySelectorAll("input[data-limit], textarea[data-limit]").forEach((input) => {
      if (input.value) count(input);
    });
  }

  document.addEventListener("input", (event) => {
    if (event.target.matches && event.target.matches("[data-limit]")) count(event.target);
  });
  // A refused note comes back in the form, in place (htmx) or on a page.
  document.addEventListener("htmx:load", (event) => countAll(event.target));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => countAll(document));
  } else {
    countAll(document);
  }
})();
