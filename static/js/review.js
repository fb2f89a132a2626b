// The review pages: j / k from link to link, and a flag note's length counted as the reviewer
// types, against its limit (data-limit). Over the limit the form will not send, with the reason
// on the field; nothing is cut, so the text stays for shortening. The server refuses the same
// notes without JavaScript.
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

  // j / k move from link to link (the queue's, or the stretch's), focusing each one's heading;
  // after Confirm or Flag swaps a link in place, the focus goes back into it, not to the top of
  // the page, so the next j goes on from there.
  let lastItem = "";
  const items = () => Array.from(document.querySelectorAll("article.review-item"));
  const focusItem = (item, scroll) => {
    const ref = item && item.querySelector(".item-ref");
    if (!ref) return;
    ref.focus({ preventScroll: !scroll });
    if (scroll) ref.scrollIntoView({ block: "center" });
  };
  document.addEventListener("focusin", (event) => {
    const item = event.target.closest && event.target.closest("article.review-item");
    if (item) lastItem = item.id;
  });
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key !== "j" && event.key !== "k") return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    const list = items();
    if (!list.length) return;
    const current = (target.closest && target.closest("article.review-item")) || document.getElementById(lastItem);
    const index = list.indexOf(current);
    const step = event.key === "j" ? 1 : -1;
    const next = index < 0 ? (step > 0 ? 0 : list.length - 1) : index + step;
    event.preventDefault();
    if (next >= 0 && next < list.length) focusItem(list[next], true);
  });
  document.addEventListener("htmx:afterSettle", (event) => {
    const swapped = lastItem && document.getElementById(lastItem);
    if (swapped && (document.activeElement === document.body || !document.activeElement)) {
      focusItem(swapped, false);
    }
  });

  // On a phone the alignment map and the legend are folded by prefs.js, before the first frame.

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
